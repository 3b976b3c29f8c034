package io.tributary.connect.source.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ConnectorMetrics;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push sources in a real Connect worker, configured through the REST API from the example configs: the
 * topic, partition and offset a client is told for an event are where that event is in Kafka; unreadable input is
 * in the dead-letter topic at the place its answer names, with headers saying where it came from and why; the
 * connector's metrics count it all.
 */
class PushSourcesIT {

    private static final String KEY = "it-key";

    @Test
    void answersNameWhereEachEventIsInKafka() throws Exception {
        try (ConnectCluster cluster = ConnectCluster.builder("push").workers(1).start()) {
            ConnectRest rest = cluster.rest();
            cluster.createTopic("events-http", 3);
            cluster.createTopic("events-ws", 3);
            int httpPort = freePort();
            int wsPort = freePort();
            Map<String, String> listener = example("http-listener-source.json", httpPort);
            Map<String, String> websocket = example("websocket-source.json", wsPort);
            for (Map<String, String> config : List.of(listener, websocket)) {
                JsonNode validation = rest.validate(config.get("connector.class"), config);
                assertThat(validation.path("error_count").asInt()).as(validation.toString()).isZero();
                rest.configure(config.get("name"), config);
                rest.awaitRunning(config.get("name"), 1, Duration.ofSeconds(60));
            }

            // HTTP: a batch of 30 events and one broken line, with the API key.
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                body.append("{\"event_id\":\"h-").append(i).append("\",\"user_id\":\"u-").append(i % 7).append("\"}\n");
            }
            body.append("{\"event_id\":\"broken\",\n");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> refused = http.send(request(httpPort, body.toString(), null),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as("no API key").isEqualTo(401);
            HttpResponse<String> answer = http.send(request(httpPort, body.toString(), KEY),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(207);
            JsonNode results = ConnectRest.JSON.readTree(answer.body()).path("results");
            assertThat(results).hasSize(31);
            Map<String, ConsumerRecord<byte[], byte[]>> http1 = byPlace(cluster, "events-http", 30);
            for (int i = 0; i < 30; i++) {
                JsonNode r = results.get(i);
                assertThat(r.path("status").asText()).isEqualTo("written");
                ConsumerRecord<byte[], byte[]> record = http1.get(r.path("partition").asInt() + "@"
                        + r.path("offset").asLong());
                assertThat(record).as("event h-" + i + " at the place its answer names").isNotNull();
                assertThat(ConnectRest.JSON.readTree(record.value()).path("event_id").asText()).isEqualTo("h-" + i);
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("u-" + i % 7);
            }
            JsonNode broken = results.get(30);
            assertThat(broken.path("status").asText()).isEqualTo("dead-lettered");
            ConsumerRecord<byte[], byte[]> letter = byPlace(cluster, "events-http-dlq", 1)
                    .get(broken.path("partition").asInt() + "@" + broken.path("offset").asLong());
            assertThat(letter).isNotNull();
            assertThat(header(letter, "tributary.error.message")).startsWith("line 31: malformed JSON");
            assertThat(header(letter, "tributary.connector")).isEqualTo("http-listener-source");
            assertThat(header(letter, "tributary.source.remote")).startsWith("127.0.0.1:");
            assertThat(header(letter, "tributary.source.principal")).isEqualTo("api-key#1");

            // WebSocket: ten frames of one event, and a binary frame.
            LinkedBlockingQueue<String> acks = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + wsPort
                    + "/events/stream?api_key=" + KEY), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                acks.add(partial.toString());
                                partial.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                ws.sendText("{\"event_id\":\"w-" + i + "\",\"user_id\":\"u-1\"}", true).get(5, TimeUnit.SECONDS);
            }
            ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[]{(byte) 0xff, 0}), true).get(5, TimeUnit.SECONDS);
            Map<String, ConsumerRecord<byte[], byte[]>> wsRecords = byPlace(cluster, "events-ws", 10);
            for (int i = 0; i < 11; i++) {
                String frame = acks.poll(30, TimeUnit.SECONDS);
                assertThat(frame).as("answer " + i).isNotNull();
                JsonNode ack = ConnectRest.JSON.readTree(frame);
                if (ack.has("nack")) {
                    assertThat(ack.path("status").asText()).isEqualTo("dead-lettered");
                    assertThat(ack.path("topic").asText()).isEqualTo("events-ws-dlq");
                    continue;
                }
                ConsumerRecord<byte[], byte[]> record = wsRecords.get(ack.path("partition").asInt() + "@"
                        + ack.path("offset").asLong());
                assertThat(record).isNotNull();
                assertThat(ConnectRest.JSON.readTree(record.value()).path("event_id").asText())
                        .isEqualTo(ack.path("ack").asText());
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

            Await.until(Duration.ofSeconds(30), "listener metrics",
                    () -> ConnectorMetrics.of("http-listener-source").getOrDefault("events-written-total", 0.0) >= 30,
                    () -> ConnectorMetrics.of("http-listener-source").toString());
            Map<String, Double> metrics = ConnectorMetrics.of("http-listener-source");
            assertThat(metrics.get("events-written-total")).isEqualTo(30.0);
            assertThat(metrics.get("events-dead-lettered-total")).isEqualTo(1.0);
            assertThat(metrics.get("auth-failures-total")).isEqualTo(1.0);
            assertThat(ConnectorMetrics.of("websocket-source").get("events-written-total")).isEqualTo(10.0);
        }
    }

    private static HttpRequest request(int port, String ndjson, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/batch"))
                .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson));
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return b.build();
    }

    /** The records of a topic by "partition@offset". */
    private static Map<String, ConsumerRecord<byte[], byte[]>> byPlace(ConnectCluster cluster, String topic,
                                                                     int expected) {
        Map<String, ConsumerRecord<byte[], byte[]>> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAtLeast(cluster.bootstrapServers(), topic, expected,
                Duration.ofSeconds(60))) {
            out.put(r.partition() + "@" + r.offset(), r);
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The example config as a user would post it, on a free port, with a literal key for the env provider's. */
    private static Map<String, String> example(String file, int port) throws Exception {
        Path path = Path.of(System.getProperty("tributary.root", "..")).resolve("connector-configs").resolve(file);
        JsonNode root = ConnectRest.JSON.readTree(Files.readString(path));
        Map<String, String> config = new HashMap<>();
        root.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        config.put("name", root.path("name").asText());
        config.put("listener.port", String.valueOf(port));
        config.put("auth.api.keys", KEY);
        return config;
    }

    private static int freePort() throws Exception {
        // Below the ephemeral range: a ServerSocket(0) port may be given to an outgoing connection before use.
        return io.tributary.testsupport.LoopbackPorts.free();
    }
}
