package io.tributary.processor.event;

import io.tributary.connect.common.dlq.ErrorHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;

/**
 * Records a job cannot process, forwarded unchanged to the job's dead-letter sink with the same headers the
 * connectors use: where the record came from (topic, partition, offset, job) and why, never its content.
 */
public final class DeadLetters {

    public static final String JOB = ErrorHeaders.PREFIX + "processor.job";
    public static final String ORIGINAL_TOPIC = ErrorHeaders.PREFIX + "original.topic";
    public static final String ORIGINAL_PARTITION = ErrorHeaders.PREFIX + "original.partition";
    public static final String ORIGINAL_OFFSET = ErrorHeaders.PREFIX + "original.offset";
    /**
     * Avro input: the record's writer schema (artifact, version, global id), when it was found; for a content id
     * (Confluent's framing) the content id, and every artifact and version holding it, comma-separated.
     */
    public static final String SCHEMA_SUBJECT = ErrorHeaders.PREFIX + "error.schema.subject";
    public static final String SCHEMA_VERSION = ErrorHeaders.PREFIX + "error.schema.version";
    public static final String SCHEMA_GLOBAL_ID = ErrorHeaders.PREFIX + "error.schema.global.id";
    public static final String SCHEMA_CONTENT_ID = ErrorHeaders.PREFIX + "error.schema.content.id";

    private DeadLetters() {
    }

    /** The record with dead-letter headers added to (a copy of) its own. */
    public static <K> Record<K, byte[]> deadLetter(Record<K, byte[]> record, String job, BadEvent why,
                                                   ProcessorContext<?, ?> context) {
        return record.withHeaders(headers(record.headers(), job, why, context));
    }

    /** A copy of {@code original} with headers saying where the record came from and why it is a dead letter. */
    public static Headers headers(Headers original, String job, BadEvent why, ProcessorContext<?, ?> context) {
        Headers headers = new RecordHeaders(original.toArray());
        add(headers, ErrorHeaders.ERROR_STAGE, why.stage());
        add(headers, ErrorHeaders.ERROR_CLASS, BadEvent.class.getName());
        add(headers, ErrorHeaders.ERROR_MESSAGE, why.getMessage());
        add(headers, ErrorHeaders.ERROR_TIMESTAMP, Long.toString(context.currentSystemTimeMs()));
        add(headers, JOB, job);
        if (why.subject() != null) {
            add(headers, SCHEMA_SUBJECT, why.subject());
            add(headers, SCHEMA_VERSION, why.version());
        }
        if (why.globalId() >= 0) {
            add(headers, SCHEMA_GLOBAL_ID, Long.toString(why.globalId()));
        }
        if (why.contentId() >= 0) {
            add(headers, SCHEMA_CONTENT_ID, Long.toString(why.contentId()));
        }
        context.recordMetadata().ifPresent((RecordMetadata m) -> {
            add(headers, ORIGINAL_TOPIC, m.topic());
            add(headers, ORIGINAL_PARTITION, Integer.toString(m.partition()));
            add(headers, ORIGINAL_OFFSET, Long.toString(m.offset()));
        });
        return headers;
    }

    static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
