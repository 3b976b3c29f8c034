package io.tributary.connect.sink.http.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP sink in a real worker, posting to a loopback endpoint, with the worker's dead-letter queue. */
class HttpSinkIT {

    private static ConnectCluster cluster;
    private static ConnectRest rest;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("http-sink-it").start();
        rest = cluster.rest();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aRecordTheEndpointRefusesLandsInTheDeadLetterQueueAndTheRestAreDelivered() {
        cluster.createTopic("orders", 2);
        try (LoopbackEndpoint endpoint = new LoopbackEndpoint(id -> id == 7);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                     cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 40; i++) {
                producer.send(new ProducerRecord<>("orders", String.valueOf(i % 5),
                        "{\"id\":" + i + ",\"amount\":" + i + ".5}"));
            }
            producer.flush();
            rest.configure("http-sink", Map.ofEntries(
                    Map.entry("connector.class", "io.tributary.connect.sink.http.HttpSinkConnector"),
                    Map.entry("tasks.max", "1"),
                    Map.entry("topics", "orders"),
                    Map.entry("http.url", endpoint.url("/orders")),
                    Map.entry("batch.format", "json-array"),
                    Map.entry("batch.max.records", "5"),
                    Map.entry("batch.linger.ms", "100"),
                    Map.entry("idempotency.key.header", LoopbackEndpoint.KEY_HEADER),
                    Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                    Map.entry("value.converter.schemas.enable", "false"),
                    Map.entry("errors.tolerance", "all"),
                    Map.entry("errors.deadletterqueue.topic.name", "orders-dlq"),
                    Map.entry("errors.deadletterqueue.topic.replication.factor", "1"),
                    Map.entry("errors.deadletterqueue.context.headers.enable", "true")));
            rest.awaitRunning("http-sink", 1, Duration.ofSeconds(30));

            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "orders-dlq", 1, Duration.ofSeconds(60));
            assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactly("{\"id\":7,\"amount\":7.5}");
            assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.exception.message").value(),
                    StandardCharsets.UTF_8)).contains("POST " + endpoint.url("/orders")).contains("answered 422")
                    .contains("id 7 is refused");
            Await.until(Duration.ofSeconds(60), "39 records delivered", () -> endpoint.copies.size() == 39,
                    () -> endpoint.copies.keySet().toString());
            assertThat(endpoint.copies.keySet()).containsExactlyInAnyOrderElementsOf(
                    LongStream.range(0, 40).filter(id -> id != 7).boxed().collect(Collectors.toSet()));
            assertThat(endpoint.accepted).hasSize(39);
            assertThat(rest.status("http-sink").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        }
    }
}
