package io.tributary.connect.common.dlq;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * Builds the dead-letter record a source emits for input it cannot turn into a record.
 *
 * <p>Sources send dead letters through their own task, as ordinary {@link SourceRecord}s to the dead-letter
 * topic, carrying the source offset of the input they replace. So a dead letter is committed together with its
 * offset: under exactly-once it is written exactly once, and counts of good plus dead-lettered records reconcile
 * with the input even across crashes. The value is the raw input as bytes; the connector's value converter encodes
 * it (raw with {@code ByteArrayConverter}, base64 in a JSON string with {@code JsonConverter}).
 */
public final class DeadLetter {

    private final String topic;
    private final ConnectHeaders headers = new ConnectHeaders();
    private byte[] value;

    private DeadLetter(String topic) {
        this.topic = topic;
    }

    public static DeadLetter to(String topic) {
        return new DeadLetter(topic);
    }

    /** The raw input. Longer than {@code maxBytes}, only its first {@code maxBytes} are kept, and it says so. */
    public DeadLetter value(byte[] raw, int offset, int length, int maxBytes) {
        int kept = Math.min(length, maxBytes);
        this.value = new byte[kept];
        System.arraycopy(raw, offset, value, 0, kept);
        if (kept < length) {
            truncated(length);
        }
        return this;
    }

    /** Marks the value as the first bytes of a longer input of {@code originalLength} bytes. */
    public DeadLetter truncated(long originalLength) {
        headers.addString(ErrorHeaders.ERROR_TRUNCATED, "true");
        headers.addLong(ErrorHeaders.ORIGINAL_LENGTH, originalLength);
        return this;
    }

    public DeadLetter error(String stage, String errorClass, String message) {
        headers.addString(ErrorHeaders.ERROR_STAGE, stage);
        headers.addString(ErrorHeaders.ERROR_CLASS, errorClass);
        headers.addString(ErrorHeaders.ERROR_MESSAGE, message);
        headers.addLong(ErrorHeaders.ERROR_TIMESTAMP, System.currentTimeMillis());
        return this;
    }

    public DeadLetter origin(String connector, int task) {
        if (connector != null) {
            headers.addString(ErrorHeaders.CONNECTOR, connector);
        }
        headers.addInt(ErrorHeaders.TASK, task);
        return this;
    }

    public DeadLetter header(String name, String value) {
        headers.addString(name, value);
        return this;
    }

    public DeadLetter header(String name, long value) {
        headers.addLong(name, value);
        return this;
    }

    public SourceRecord build(Map<String, ?> sourcePartition, Map<String, ?> sourceOffset) {
        return new SourceRecord(sourcePartition, sourceOffset, topic, null, null, null,
                Schema.OPTIONAL_BYTES_SCHEMA, value, null, headers);
    }
}
