package io.tributary.connect.source.websocket.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ConnectorMetrics;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector in a real Connect worker (in this JVM) reading a loopback feed that ends its first connection after
 * 50 events and a malformed message: every event before and after the drop is in the topic, in order, the first
 * after it carries the gap, the malformed message is in the dead-letter topic, and the metrics say so through JMX.
 */
class WebSocketClientSourceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String event(int id) {
        return "{\"id\":" + id + ",\"symbol\":\"ACME\",\"price\":" + (100 + id) + "}";
    }

    private static String[] events(int from, int to) {
        return IntStream.range(from, to).mapToObj(WebSocketClientSourceIT::event).toArray(String[]::new);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void eventsBeforeAndAfterADropAreAllInTheTopicWithTheGapOnTheFirstAfterIt() throws Exception {
        try (FakeFeed feed = new FakeFeed();
             ConnectCluster cluster = ConnectCluster.builder("websocket-client").workers(1).start()) {
            feed.onMessage((peer, message) -> {
                if (feed.peers.size() == 1) {
                    FakeFeed.sendText(peer, events(0, 50));
                    FakeFeed.sendThenClose(peer, "{\"id\": 50, \"symbol\": ");
                } else {
                    FakeFeed.sendText(peer, events(50, 100));
                }
            });
            ConnectRest rest = cluster.rest();
            rest.configure("ws-feed", Map.ofEntries(
                    Map.entry("connector.class", WebSocketClientSourceConnector.class.getName()),
                    Map.entry("tasks.max", "1"),
                    Map.entry("topic", "ws-events"),
                    Map.entry("dlq.topic", "ws-events-dlq"),
                    Map.entry("websocket.urls", feed.url("/v1/trades")),
                    Map.entry("websocket.subscribe.messages", "[{\"op\":\"subscribe\",\"channel\":\"trades\"}]"),
                    Map.entry("output", "map"),
                    Map.entry("record.key.pointer", "/id"),
                    Map.entry("reconnect.backoff.initial.ms", "100"),
                    Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                    Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                    Map.entry("value.converter.schemas.enable", "false")));
            rest.awaitRunning("ws-feed", 1, Duration.ofSeconds(60));

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "ws-events", 100, Duration.ofSeconds(60));
            assertThat(records).hasSize(100);
            List<Integer> ids = records.stream().map(r -> {
                try {
                    return JSON.readTree(r.value()).path("id").asInt();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(ids).isEqualTo(IntStream.range(0, 100).boxed().toList());
            assertThat(new String(records.get(7).key(), StandardCharsets.UTF_8)).isEqualTo("7");
            assertThat(header(records.get(0), "tributary.source.url")).isEqualTo(feed.url("/v1/trades"));
            assertThat(records.stream().filter(r -> header(r, "tributary.gap.ms") != null).toList())
                    .as("the gap, on the first record after the reconnect only").containsExactly(records.get(50));
            long gapStart = Long.parseLong(header(records.get(50), "tributary.gap.start"));
            assertThat(gapStart).isGreaterThanOrEqualTo(Long.parseLong(header(records.get(49),
                    "tributary.received.at")));
            assertThat(feed.peers).hasSize(2);
            assertThat(feed.peers).allSatisfy(peer -> assertThat(peer.received())
                    .containsExactly("{\"op\":\"subscribe\",\"channel\":\"trades\"}"));

            List<ConsumerRecord<byte[], byte[]>> deadLetters = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "ws-events-dlq", 1, Duration.ofSeconds(30));
            assertThat(deadLetters).hasSize(1);
            JsonNode value = JSON.readTree(deadLetters.get(0).value());   // bytes, base64 in a JSON string
            assertThat(new String(Base64.getDecoder().decode(value.textValue()), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\": 50, \"symbol\": ");
            assertThat(header(deadLetters.get(0), "tributary.source.url")).isEqualTo(feed.url("/v1/trades"));
            assertThat(header(deadLetters.get(0), "tributary.error.stage")).isEqualTo("parse");
            assertThat(header(deadLetters.get(0), "tributary.error.class"))
                    .isEqualTo("com.fasterxml.jackson.core.io.JsonEOFException");

            Await.until(Duration.ofSeconds(30), "the metrics in JMX",
                    () -> ConnectorMetrics.of("ws-feed").getOrDefault("records-total", 0.0) >= 100,
                    () -> ConnectorMetrics.of("ws-feed").toString());
            Map<String, Double> metrics = ConnectorMetrics.of("ws-feed");
            assertThat(metrics.get("records-total")).isEqualTo(100.0);
            assertThat(metrics.get("records-dead-lettered-total")).isEqualTo(1.0);
            assertThat(metrics.get("messages-total")).isEqualTo(101.0);
            assertThat(metrics.get("reconnects-total")).isEqualTo(1.0);
            assertThat(metrics.get("connected")).isEqualTo(1.0);
            assertThat(metrics.get("last-gap-ms")).isEqualTo(Double.parseDouble(header(records.get(50),
                    "tributary.gap.ms")));
        }
    }
}
