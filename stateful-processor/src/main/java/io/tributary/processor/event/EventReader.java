package io.tributary.processor.event;

import io.tributary.processor.config.JobSpec;
import org.apache.kafka.common.header.Headers;

import java.util.Map;

/**
 * Reads a job's input records as events (maps of field names to plain values: strings, numbers, booleans, lists,
 * maps), in the job's {@code input.format}. One per processor instance (a task's thread); not thread-safe.
 */
public interface EventReader {

    /** The event; a {@link BadEvent} (stage parse or schema) when the record cannot be read. */
    Map<String, Object> read(Headers headers, byte[] value);

    /**
     * Adds what the reader knows of {@code value} (its schema), if it was the value it read last, to a dead letter's
     * reason; returns it.
     */
    default BadEvent describe(BadEvent why, byte[] value) {
        return why;
    }

    static EventReader of(JobSpec.Formats formats) {
        return formats.input() == JobSpec.InputFormat.AVRO ? new AvroEvents(formats) : (headers, value) ->
                Events.parse(value);
    }
}
