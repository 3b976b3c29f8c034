package io.tributary.processor.event;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * A record's value with the topic it goes to: dedup and route steps decide per record (output, a branch, the
 * dead-letter topic), and one sink with a {@link TopicNameExtractor} writes each where its step said. Built in
 * the DSL this way, any number of jobs can read the same topic (two Processor-API sources of one topic are refused).
 * Only the value is written.
 */
public record Routed(String topic, byte[] value) {

    public static final TopicNameExtractor<byte[], Routed> TOPIC = (key, routed, context) -> routed.topic();

    public static Serde<Routed> serde() {
        return Serdes.serdeFrom((topic, routed) -> routed.value(), (topic, bytes) -> {
            throw new UnsupportedOperationException("routed records are only written");
        });
    }
}
