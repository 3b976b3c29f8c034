package io.tributary.processor.transform;

import io.tributary.connect.common.converter.StreamingJsonConverter;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.BadEvent;
import io.tributary.processor.event.DeadLetters;
import io.tributary.processor.event.Routed;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A job's transforms between a Kafka Streams record and its output, in one stream task: the record is read as a sink
 * connector configured like the pipeline's connectors reads it — the value with JsonConverter without schemas (our
 * {@link StreamingJsonConverter}: a schemaless map), the key as bytes, headers with Connect's default
 * {@link SimpleHeaderConverter} — runs through the chain, and is written back the same way. The record's topic
 * decides where it goes: left on its input topic, the job's output; set to another by a transform (a dead-letter
 * route with its error headers, a rule's route), that topic.
 *
 * <p>Headers the record came with are written back byte for byte (Connect's header converters do not round-trip every
 * byte sequence); only those the transforms added or replaced go through the header converter.
 */
public final class TransformStage implements AutoCloseable {

    private final String job;
    private final String deadLetterTopic;
    private final TransformChain chain;
    private final StreamingJsonConverter values = new StreamingJsonConverter();
    private final SimpleHeaderConverter headerConverter = new SimpleHeaderConverter();

    /** What {@link #forward} did with a record. */
    public enum Outcome {
        /** Written to the job's output. */
        OUTPUT,
        /** Written to a topic a transform chose: a rule's route, or a transform's own dead-letter route. */
        ROUTED,
        /** Dropped by a transform. */
        DROPPED,
        /**
         * Written to the job's dead-letter topic: not JSON, or the chain failed on it (stage parse, transform,
         * convert). Not processed: a resend may succeed.
         */
        DEAD_LETTER
    }

    public TransformStage(String job, String deadLetterTopic, JobSpec.Transforms transforms) {
        this.job = job;
        this.deadLetterTopic = deadLetterTopic;
        values.configure(Map.of("schemas.enable", "false"), false);
        headerConverter.configure(Map.of());
        this.chain = TransformChain.open(transforms);
    }

    /**
     * Transforms {@code record} and forwards the result to {@code output} or the topic a transform chose; skips it when
     * a transform dropped it; forwards it unchanged to the dead-letter topic, with headers saying why, when its value is
     * not JSON or a transform failed on it.
     *
     * @return what became of it
     */
    public Outcome forward(Record<byte[], byte[]> record, String output, ProcessorContext<byte[], Routed> context) {
        RecordMetadata where = context.recordMetadata().orElseThrow(() -> new IllegalStateException(
                "a transform step runs on records read from a topic"));
        Map<Header, byte[]> original = new IdentityHashMap<>();
        Record<byte[], Routed> out;
        Outcome outcome;
        try {
            SinkRecord transformed = chain.apply(toConnect(record, where, original));
            if (transformed == null) {
                JobMetrics.increment(JobMetrics.Count.FILTERED, job);
                return Outcome.DROPPED;
            }
            String topic = transformed.topic().equals(where.topic()) ? output : transformed.topic();
            Headers headers = headers(transformed, topic, original);
            if (!topic.equals(output) && headers.lastHeader(ErrorHeaders.ERROR_STAGE) != null
                    && headers.lastHeader(DeadLetters.JOB) == null) {
                // A transform dead-lettered it: say in which job and where it was read, as the job's own dead letters
                // do (the transform's route names the topic only: a connector's record has no offset to give).
                headers.add(DeadLetters.JOB, job.getBytes(StandardCharsets.UTF_8));
                addIfAbsent(headers, DeadLetters.ORIGINAL_PARTITION, Integer.toString(where.partition()));
                addIfAbsent(headers, DeadLetters.ORIGINAL_OFFSET, Long.toString(where.offset()));
            }
            out = record.withKey(keyBytes(transformed.key()))
                    .withHeaders(headers)
                    .withTimestamp(transformed.timestamp() != null ? transformed.timestamp() : record.timestamp())
                    .withValue(new Routed(topic, valueBytes(transformed, topic)));
            outcome = topic.equals(output) ? Outcome.OUTPUT : Outcome.ROUTED;
            if (outcome == Outcome.ROUTED) {
                JobMetrics.increment(JobMetrics.Count.REDIRECTED, job);
            }
        } catch (BadEvent e) {
            JobMetrics.increment(JobMetrics.Count.DEAD_LETTERS, job);
            out = DeadLetters.deadLetter(record, job, e, context).withValue(new Routed(deadLetterTopic, record.value()));
            outcome = Outcome.DEAD_LETTER;
        }
        context.forward(out);
        return outcome;
    }

    private SinkRecord toConnect(Record<byte[], byte[]> record, RecordMetadata where, Map<Header, byte[]> original) {
        SchemaAndValue value;
        try {
            value = values.toConnectData(where.topic(), record.value());
        } catch (DataException e) {
            throw new BadEvent("parse", "the value is not JSON: " + firstLine(e.getCause() != null
                    ? e.getCause().getMessage() : e.getMessage()));
        }
        ConnectHeaders headers = new ConnectHeaders();
        for (org.apache.kafka.common.header.Header h : record.headers()) {
            SchemaAndValue converted = headerConverter.toConnectHeader(where.topic(), h.key(), h.value());
            headers.add(h.key(), converted);
            original.put(headers.lastWithName(h.key()), h.value());
        }
        byte[] key = record.key();
        return new SinkRecord(where.topic(), where.partition(), key == null ? null : Schema.OPTIONAL_BYTES_SCHEMA, key,
                value.schema(), value.value(), where.offset(), record.timestamp(), TimestampType.CREATE_TIME, headers);
    }

    private byte[] valueBytes(SinkRecord record, String topic) {
        try {
            return values.fromConnectData(topic, record.valueSchema(), record.value());
        } catch (DataException e) {
            throw new BadEvent("convert", "the transformed value cannot be written as JSON: " + e.getMessage());
        }
    }

    /** The key as the transforms left it: bytes as they are, text as UTF-8; anything else is a dead letter. */
    private static byte[] keyBytes(Object key) {
        if (key == null || key instanceof byte[]) {
            return (byte[]) key;
        }
        if (key instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new BadEvent("convert", "a transform made the key a " + key.getClass().getSimpleName()
                + "; the processor writes keys of bytes or text");
    }

    private Headers headers(SinkRecord record, String topic, Map<Header, byte[]> original) {
        Headers out = new RecordHeaders();
        for (Header h : record.headers()) {
            byte[] bytes = original.containsKey(h) ? original.get(h)
                    : headerConverter.fromConnectHeader(topic, h.key(), h.schema(), h.value());
            out.add(h.key(), bytes);
        }
        return out;
    }

    private static void addIfAbsent(Headers headers, String name, String value) {
        if (headers.lastHeader(name) == null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void close() {
        chain.close();
        values.close();
        try {
            headerConverter.close();
        } catch (java.io.IOException ignored) {
            // SimpleHeaderConverter holds nothing to release; Closeable declares the exception.
        }
    }
}
