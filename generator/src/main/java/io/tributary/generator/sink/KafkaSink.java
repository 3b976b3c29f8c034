package io.tributary.generator.sink;

import io.tributary.generator.GeneratedEvent;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** Produces each line as a record keyed by user id, with acks=all; a send failure surfaces on the next call. */
public final class KafkaSink implements EventSink {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public KafkaSink(String bootstrapServers, String topic, Map<String, Object> overrides) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        config.putAll(overrides);
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException {
        rethrow();
        byte[] key = event.userId() == null ? null : event.userId().getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topic, key, event.bytes()), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    @Override
    public void flush() throws IOException {
        producer.flush();
        rethrow();
    }

    private void rethrow() throws IOException {
        Exception error = failure.get();
        if (error != null) {
            throw new IOException("producing to " + topic + " failed", error);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
