package io.tributary.connect.sink.http.deliver;

import io.tributary.connect.sink.http.client.HttpEndpoint;
import io.tributary.connect.sink.http.render.RenderedRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes each final response (after retries) to a topic: the body as the value, the batch's idempotency key as the
 * key, headers naming the status, URL, and the topic, partition and offsets the records sent were read at (before the
 * connector's transforms, so they point at the records in Kafka). Best effort: the
 * task's own producer, not part of the sink's offsets, so a crash can lose or repeat captured responses.
 */
public final class ResponseCapture implements AutoCloseable {

    public static final String STATUS_HEADER = "http.status";
    public static final String URL_HEADER = "http.url";
    public static final String TOPIC_HEADER = "source.topic";
    public static final String PARTITION_HEADER = "source.partition";
    public static final String FIRST_OFFSET_HEADER = "source.offset.first";
    public static final String LAST_OFFSET_HEADER = "source.offset.last";

    private static final Logger log = LoggerFactory.getLogger(ResponseCapture.class);

    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;

    private ResponseCapture(String topic, KafkaProducer<byte[], byte[]> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    public static ResponseCapture none() {
        return new ResponseCapture(null, null);
    }

    public static ResponseCapture to(String topic, Map<String, Object> producerConfig) {
        return new ResponseCapture(topic, new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer()));
    }

    public void capture(List<RenderedRecord> batch, HttpResponse<byte[]> response) {
        if (producer == null) {
            return;
        }
        RenderedRecord first = batch.get(0);
        RecordHeaders headers = new RecordHeaders();
        headers.add(STATUS_HEADER, bytes(String.valueOf(response.statusCode())));
        headers.add(URL_HEADER, bytes(first.uri().toString()));
        headers.add(TOPIC_HEADER, bytes(first.record().originalTopic()));
        headers.add(PARTITION_HEADER, bytes(String.valueOf(first.record().originalKafkaPartition())));
        headers.add(FIRST_OFFSET_HEADER, bytes(String.valueOf(first.offset())));
        headers.add(LAST_OFFSET_HEADER, bytes(String.valueOf(batch.get(batch.size() - 1).offset())));
        producer.send(new ProducerRecord<>(topic, null, bytes(HttpEndpoint.idempotencyKey(batch)), response.body(),
                headers), (metadata, error) -> {
                    if (error != null) {
                        log.warn("Could not capture a response of {} to topic {}: {}", first.uri(), topic,
                                error.toString());
                    }
                });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
    }
}
