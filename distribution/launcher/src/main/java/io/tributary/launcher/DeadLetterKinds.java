package io.tributary.launcher;

import io.tributary.connect.common.dlq.ErrorHeaders;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells the dead letters of a topic apart by their error headers: a well-formed event that did not fit the source's
 * schema (the push sources' {@code tributary.error.class=SchemaMismatch}, the file source's
 * {@code tributary.error.stage=convert}) from input that could not be parsed at all; and counts them by stage. Sees
 * the records of the demo's topic counter, on its thread.
 */
final class DeadLetterKinds {

    static final String SCHEMA_MISMATCH_CLASS = "SchemaMismatch";
    static final String CONVERT_STAGE = "convert";

    private final String topic;
    private final AtomicLong schemaMismatches = new AtomicLong();
    /** Every dead letter of the topic by its {@code tributary.error.stage} ("none" without one). */
    private final Map<String, AtomicLong> byStage = new java.util.concurrent.ConcurrentHashMap<>();
    /** "stage/class" → count, for the summary. */
    private final Map<String, Long> kinds = new TreeMap<>();

    DeadLetterKinds(String topic) {
        this.topic = topic;
    }

    void observe(ConsumerRecord<byte[], byte[]> record) {
        if (!record.topic().equals(topic)) {
            return;
        }
        String stage = header(record, ErrorHeaders.ERROR_STAGE);
        String errorClass = header(record, ErrorHeaders.ERROR_CLASS);
        byStage.computeIfAbsent(stage == null ? "none" : stage, s -> new AtomicLong()).incrementAndGet();
        if (SCHEMA_MISMATCH_CLASS.equals(errorClass) || CONVERT_STAGE.equals(stage)) {
            schemaMismatches.incrementAndGet();
            synchronized (kinds) {
                kinds.merge(stage + "/" + shortName(errorClass), 1L, Long::sum);
            }
        }
    }

    /** The topic's dead letters whose {@code tributary.error.stage} is {@code stage}. */
    long stage(String stage) {
        AtomicLong n = byStage.get(stage);
        return n == null ? 0 : n.get();
    }

    /** Every stage seen, with its count. */
    Map<String, Long> stages() {
        Map<String, Long> out = new TreeMap<>();
        byStage.forEach((stage, n) -> out.put(stage, n.get()));
        return out;
    }

    long schemaMismatches() {
        return schemaMismatches.get();
    }

    /** The stage/class pairs of the schema mismatches and how many of each, e.g. {@code convert/DataException 12}. */
    String describe() {
        synchronized (kinds) {
            if (kinds.isEmpty()) {
                return "none";
            }
            StringBuilder text = new StringBuilder();
            kinds.forEach((kind, n) -> text.append(text.length() == 0 ? "" : ", ").append(kind).append(' ')
                    .append(String.format("%,d", n)));
            return text.toString();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String shortName(String errorClass) {
        return errorClass == null ? "-" : errorClass.substring(errorClass.lastIndexOf('.') + 1);
    }
}
