package io.tributary.connect.sink.http.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ConnectorMetrics;
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

/**
 * The HTTP sink in a real worker, posting to a loopback endpoint, with the worker's dead-letter queue and the
 * responses captured to a topic.
 */
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
                    Map.entry("errors.deadletterqueue.context.headers.enable", "true"),
                    Map.entry("response.topic", "orders-responses"),
                    Map.entry("response.bootstrap.servers", cluster.bootstrapServers())));
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

            // Every final response is captured: the 2xx of the batches delivered, the 422s of the batch holding id 7
            // and of id 7 alone after the split, each naming the partition and offsets it answered for.
            Await.until(Duration.ofSeconds(30), "a captured response per request",
                    () -> TopicReader.readAll(cluster.bootstrapServers(), "orders-responses", Duration.ofMillis(500))
                            .size() >= endpoint.requests.get());
            List<ConsumerRecord<byte[], byte[]>> responses = TopicReader.readAll(cluster.bootstrapServers(),
                    "orders-responses", Duration.ofMillis(500));
            assertThat(responses).hasSize((int) endpoint.requests.get());
            Map<String, Long> statuses = responses.stream().collect(Collectors.groupingBy(
                    r -> header(r, "http.status"), Collectors.counting()));
            assertThat(statuses.keySet()).containsExactlyInAnyOrder("200", "422");
            assertThat(statuses.get("422")).isGreaterThanOrEqualTo(2);
            assertThat(responses).allSatisfy(r -> {
                assertThat(header(r, "source.topic")).isEqualTo("orders");
                assertThat(Long.parseLong(header(r, "source.offset.last")))
                        .isGreaterThanOrEqualTo(Long.parseLong(header(r, "source.offset.first")));
            });

            // The same counts in the worker's JMX, as an operator reads them.
            Map<String, Double> metrics = ConnectorMetrics.of("http-sink");
            assertThat(metrics.get("records-sent-total")).isEqualTo(39.0);
            assertThat(metrics.get("records-errant-total")).isEqualTo(1.0);
            assertThat(metrics.get("requests-total")).isEqualTo((double) endpoint.requests.get());
            assertThat(metrics.get("responses-4xx-total")).isEqualTo(statuses.get("422").doubleValue());
            assertThat(metrics.get("responses-2xx-total")).isEqualTo(statuses.get("200").doubleValue());
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
