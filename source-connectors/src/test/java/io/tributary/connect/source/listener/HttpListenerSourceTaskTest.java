package io.tributary.connect.source.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.push.PushTaskHarness;
import io.tributary.connect.source.push.ingest.EventRecords;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The listener task against real HTTP requests on loopback; the test plays Connect (poll, commitRecord). */
class HttpListenerSourceTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<PushTaskHarness> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(PushTaskHarness::stop);
    }

    private PushTaskHarness start(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "listener-" + running.size() + "-" + System.nanoTime());
        props.put("topic", "events");
        props.put("listener.port", "0");
        props.put("dlq.topic", "events-dlq");
        props.putAll(overrides);
        PushTaskHarness h = new PushTaskHarness(new HttpListenerSourceTask(), props);
        running.add(h);
        return h;
    }

    private CompletableFuture<HttpResponse<String>> post(PushTaskHarness h, String path, String contentType,
                                                         byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.task.port() + path))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> post(PushTaskHarness h, String path, String contentType,
                                                         String body, String... headers) {
        return post(h, path, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static String header(SourceRecord r, String name) {
        Header h = r.headers().lastWithName(name);
        return h == null ? null : String.valueOf(h.value());
    }

    @Test
    void aSingleEventIsAnsweredOnlyAfterKafkaAcknowledgedIt() throws Exception {
        PushTaskHarness h = start(Map.of());
        var response = post(h, "/events", "application/json", "{\"id\":\"e1\",\"n\":1}");
        List<SourceRecord> records = h.pollAtLeast(1);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).value()).isEqualTo("{\"id\":\"e1\",\"n\":1}");
        assertThat(records.get(0).topic()).isEqualTo("events");
        // Polled, not yet acknowledged by Kafka: the client still waits.
        Thread.sleep(300);
        assertThat(response).isNotDone();
        h.offsets.put("events", 41L);
        h.commitAll();
        HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("written");
        assertThat(body.get("topic").asText()).isEqualTo("events");
        assertThat(body.get("partition").asInt()).isEqualTo(0);
        assertThat(body.get("offset").asLong()).isEqualTo(41L);
        assertThat(h.task.metrics().written.count()).isEqualTo(1);
    }

    @Test
    void aBatchReportsEachEventAndDeadLettersTheBadOnes() throws Exception {
        PushTaskHarness h = start(Map.of());
        var response = post(h, "/events/batch", "application/json", "[{\"a\":1}, 42, {\"a\":3}]",
                "Idempotency-Key", "req-7");
        List<SourceRecord> records = h.pollAtLeast(3);
        assertThat(records).extracting(SourceRecord::topic).containsExactly("events", "events-dlq", "events");
        assertThat(header(records.get(0), EventRecords.IDEMPOTENCY_KEY_HEADER)).isEqualTo("req-7:0");
        assertThat(header(records.get(2), EventRecords.IDEMPOTENCY_KEY_HEADER)).isEqualTo("req-7:2");
        SourceRecord letter = records.get(1);
        assertThat(letter.value()).as("text, for StringConverter").isEqualTo("42");
        assertThat(header(letter, ErrorHeaders.ERROR_MESSAGE)).contains("must be a JSON object");
        assertThat(header(letter, ErrorHeaders.ERROR_STAGE)).isEqualTo("http-listener");
        assertThat(header(letter, EventRecords.REMOTE_HEADER)).startsWith("127.0.0.1:");
        assertThat(header(letter, EventRecords.CONNECTION_HEADER)).isEqualTo("/events/batch");
        h.commitAll();
        HttpResponse<String> r = response.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(207);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("written").asInt()).isEqualTo(2);
        assertThat(body.get("deadLettered").asInt()).isEqualTo(1);
        assertThat(body.get("results").get(0).get("offset").asLong()).isEqualTo(0);
        assertThat(body.get("results").get(1).get("status").asText()).isEqualTo("dead-lettered");
        assertThat(body.get("results").get(1).get("topic").asText()).isEqualTo("events-dlq");
        assertThat(body.get("results").get(2).get("offset").asLong()).isEqualTo(1);
    }

    @Test
    void ndjsonLinesAreEventsAndABrokenLineIsOnlyItself() throws Exception {
        PushTaskHarness h = start(Map.of("event.id.pointer", "/id", "record.key.pointer", "/user"));
        var response = post(h, "/events/batch", "application/x-ndjson",
                "{\"id\":\"a\",\"user\":\"u1\"}\n{\"id\":\"b\",\"user\":\n\n{\"id\":\"c\",\"user\":\"u3\"}\n");
        List<SourceRecord> records = h.pollAtLeast(3);
        assertThat(records).extracting(SourceRecord::topic).containsExactly("events", "events-dlq", "events");
        assertThat(records.get(0).key()).isEqualTo("u1");
        assertThat(header(records.get(0), EventRecords.IDEMPOTENCY_KEY_HEADER)).isEqualTo("a");
        assertThat(header(records.get(1), ErrorHeaders.ERROR_MESSAGE)).startsWith("line 2: malformed JSON");
        h.commitAll();
        JsonNode body = JSON.readTree(response.get(10, TimeUnit.SECONDS).body());
        assertThat(body.get("written").asInt()).isEqualTo(2);
        assertThat(body.get("deadLettered").asInt()).isEqualTo(1);
    }

    @Test
    void malformedBodiesAreRefusedWithThePositionAndKept() throws Exception {
        PushTaskHarness h = start(Map.of());
        HttpResponse<String> r = post(h, "/events", "application/json", "{\"a\": tru}").get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("malformed JSON at line 1, column");
        List<SourceRecord> letters = h.pollAtLeast(1);
        assertThat(letters.get(0).topic()).isEqualTo("events-dlq");
        assertThat(header(letters.get(0), ErrorHeaders.ERROR_CLASS)).isEqualTo("MalformedBody");

        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        HttpResponse<String> utf8 = post(h, "/events", "application/json", badUtf8).get(10, TimeUnit.SECONDS);
        assertThat(utf8.statusCode()).isEqualTo(400);
        assertThat(utf8.body()).containsIgnoringCase("UTF-8");
        SourceRecord utf8Letter = h.pollAtLeast(1).get(0);
        assertThat(header(utf8Letter, EventRecords.RAW_BASE64_HEADER)).as("the exact bytes, base64")
                .isEqualTo(java.util.Base64.getEncoder().encodeToString(badUtf8));

        assertThat(post(h, "/events", "application/json", "[{\"a\":1}]").get(10, TimeUnit.SECONDS).body())
                .contains("/events/batch");
        assertThat(post(h, "/events", "application/json", "").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    }

    @Test
    void wrongMethodsTypesSizesAndPathsGetTheirStatus() throws Exception {
        PushTaskHarness h = start(Map.of("request.max.bytes", "1000"));
        assertThat(post(h, "/events", "text/plain", "{}").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(415);
        assertThat(post(h, "/events", null, "{}").get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(415);
        assertThat(post(h, "/events", "application/json; charset=iso-8859-1", "{}").get(10, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(415);
        HttpResponse<String> big = post(h, "/events", "application/json", "{\"a\":\"" + "x".repeat(2000) + "\"}")
                .get(10, TimeUnit.SECONDS);
        assertThat(big.statusCode()).isEqualTo(413);
        // No Content-Length (chunked): refused once the body passes the limit.
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + h.task.port() + "/events/batch")).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        "{\"a\":1}\n".repeat(500).getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(post(h, "/nothing", "application/json", "{}").get(10, TimeUnit.SECONDS).statusCode())
                .isEqualTo(404);
        assertThat(post(h, "/topics/other", "application/json", "{}").get(10, TimeUnit.SECONDS).statusCode())
                .isEqualTo(404);
        HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + h.task.port() + "/events")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + h.task.port() + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        // The server kept serving through all of it.
        var ok = post(h, "/events", "application/json", "{\"a\":1}");
        h.pollAtLeast(1);
        h.commitAll();
        assertThat(ok.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(h.task.metrics().badRequests.count()).isEqualTo(6); // 415 x3, 413 x2, 405; 404s are the server's own
    }

    @Test
    void aFullQueueRefusesWithRetryAfterUntilKafkaCatchesUp() throws Exception {
        PushTaskHarness h = start(Map.of("queue.max.records", "4", "backpressure.retry.after.seconds", "2"));
        var first = post(h, "/events/batch", "application/json", "[{\"a\":1},{\"a\":2},{\"a\":3}]");
        h.pollAtLeast(3); // handed to "Kafka", not acknowledged: they still count
        HttpResponse<String> refused = post(h, "/events/batch", "application/json", "[{\"a\":4},{\"a\":5}]")
                .get(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("2");
        assertThat(h.task.metrics().rejectedFull.count()).isEqualTo(1);
        HttpResponse<String> tooMany = post(h, "/events/batch", "application/json",
                "[{\"a\":1},{\"a\":2},{\"a\":3},{\"a\":4},{\"a\":5}]").get(10, TimeUnit.SECONDS);
        assertThat(tooMany.statusCode()).isEqualTo(413);
        h.commitAll();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        var again = post(h, "/events/batch", "application/json", "[{\"a\":4},{\"a\":5}]");
        h.pollAtLeast(2);
        h.commitAll();
        assertThat(again.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void unacknowledgedEventsAreFailedWhenTheTaskStops() throws Exception {
        PushTaskHarness h = start(Map.of());
        var queued = post(h, "/events/batch", "application/json", "[{\"a\":1},{\"a\":2}]");
        Thread.sleep(300);
        h.stop();
        running.remove(h);
        HttpResponse<String> r = queued.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(r.body()).get("failed").asInt()).isEqualTo(2);
    }

    @Test
    void polledButUnacknowledgedEventsAreFailedWhenTheTaskStops() throws Exception {
        PushTaskHarness h = start(Map.of());
        var inFlight = post(h, "/events", "application/json", "{\"a\":1}");
        h.pollAtLeast(1);
        h.stop();
        running.remove(h);
        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }

    @Test
    void anAcknowledgementTimeoutAsksTheClientToSendAgain() throws Exception {
        PushTaskHarness h = start(Map.of("ack.timeout.ms", "300"));
        var r = post(h, "/events", "application/json", "{\"a\":1}");
        h.pollAtLeast(1);
        assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        assertThat(h.task.metrics().ackTimeouts.count()).isEqualTo(1);
        h.commitAll(); // Kafka's late acknowledgement frees the capacity and is not answered twice
        assertThat(h.task.metrics().written.count()).isEqualTo(1);
    }

    @Test
    void acceptedModeAnswersWhenQueued() throws Exception {
        PushTaskHarness h = start(Map.of("ack.mode", "accepted"));
        HttpResponse<String> r = post(h, "/events/batch", "application/json", "[{\"a\":1},{\"a\":2}]")
                .get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).get("accepted").asInt()).isEqualTo(2);
        assertThat(h.pollAtLeast(2)).hasSize(2);
    }

    @Test
    void apiKeysAreCheckedAndFailuresCounted() throws Exception {
        PushTaskHarness h = start(Map.of("auth.type", "api-key", "auth.api.keys", "k-one,k-two"));
        HttpResponse<String> missing = post(h, "/events", "application/json", "{}").get(10, TimeUnit.SECONDS);
        assertThat(missing.statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post(h, "/events", "application/json", "{}", "X-API-Key", "nope")
                .get(10, TimeUnit.SECONDS);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("nope");
        var ok = post(h, "/events", "application/json", "{}", "X-API-Key", "k-two");
        h.pollAtLeast(1);
        h.commitAll();
        assertThat(ok.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(h.task.metrics().authFailures.count()).isEqualTo(2);
        assertThat(h.polled).isEmpty();
    }

    @Test
    void clientsChooseOnlyAllowedTopics() throws Exception {
        PushTaskHarness h = start(Map.of("topic.allowlist", "clicks,orders"));
        var ok = post(h, "/topics/orders", "application/json", "[{\"a\":1}]");
        List<SourceRecord> records = h.pollAtLeast(1);
        assertThat(records.get(0).topic()).isEqualTo("orders");
        h.commitAll();
        assertThat(ok.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post(h, "/topics/secrets", "application/json", "{}").get(10, TimeUnit.SECONDS).statusCode())
                .isEqualTo(403);
    }

    @Test
    void tasksOfOneConnectorShareThePort() throws Exception {
        int port = PushTaskHarness.freePort();
        Map<String, String> shared = Map.of("name", "shared", "listener.port", String.valueOf(port));
        Map<String, String> second = new HashMap<>(shared);
        second.put("tributary.task.index", "1");
        PushTaskHarness a = start(shared);
        PushTaskHarness b = start(second);
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            responses.add(post(a, "/events", "application/json", "{\"i\":" + i + "}"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int got = 0;
        while (got < 10 && System.nanoTime() < deadline) {
            got += a.poll().size() + b.poll().size();
        }
        assertThat(got).isEqualTo(10);
        assertThat(a.polled).isNotEmpty();
        assertThat(b.polled).isNotEmpty();
        a.commitAll();
        b.commitAll();
        for (var r : responses) {
            assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        // One task stopping leaves the port to the other.
        a.stop();
        running.remove(a);
        var after = post(b, "/events", "application/json", "{\"after\":true}");
        b.pollAtLeast(1);
        b.commitAll();
        assertThat(after.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void anEventLargerThanTheProducerTakesIsADeadLetterNotAFailedTask() throws Exception {
        PushTaskHarness h = start(Map.of("event.max.bytes", "100", "dlq.max.value.bytes", "20"));
        var r = post(h, "/events/batch", "application/x-ndjson",
                "{\"small\":1}\n{\"big\":\"" + "x".repeat(200) + "\"}\n");
        List<SourceRecord> records = h.pollAtLeast(2);
        assertThat(records).extracting(SourceRecord::topic).containsExactly("events", "events-dlq");
        assertThat(header(records.get(1), ErrorHeaders.ERROR_CLASS)).isEqualTo("EventTooLarge");
        assertThat(header(records.get(1), ErrorHeaders.ERROR_TRUNCATED)).isEqualTo("true");
        assertThat((String) records.get(1).value()).hasSize(20);
        h.commitAll();
        assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(207);
    }

    @Test
    void mapOutputKeyAndTimestampFromTheEvent() throws Exception {
        PushTaskHarness h = start(Map.of("output", "map", "record.timestamp.pointer", "/ts"));
        var r = post(h, "/events/batch", "application/json",
                "[{\"ts\":1700000000000,\"v\":1},{\"ts\":\"2024-01-02T03:04:05Z\"},{\"ts\":\"yesterday\"}]");
        List<SourceRecord> records = h.pollAtLeast(3);
        assertThat(records.get(0).value()).isEqualTo(Map.of("ts", 1700000000000L, "v", 1L));
        assertThat(records.get(0).timestamp()).isEqualTo(1700000000000L);
        assertThat(records.get(1).timestamp()).isEqualTo(1704164645000L);
        assertThat(records.get(2).topic()).isEqualTo("events-dlq");
        h.commitAll();
        assertThat(r.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(207);
    }

    @Test
    void aRequestStillArrivingWhenItsTaskStopsIsAnswered503WithRetryAfter() throws Exception {
        int port = PushTaskHarness.freePort();
        PushTaskHarness h = start(Map.of("listener.port", String.valueOf(port), "backpressure.retry.after.seconds",
                "3"));
        // Another connector on the port keeps the server up after the listener's only task left.
        Map<String, String> neighbour = new HashMap<>(Map.of("name", "ws-neighbour-" + System.nanoTime(), "topic",
                "events", "listener.port", String.valueOf(port)));
        PushTaskHarness ws = new PushTaskHarness(new io.tributary.connect.source.websocket.server.WebSocketSourceTask(),
                neighbour);
        running.add(ws);
        String body = "[{\"a\":1},{\"a\":2}]";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /events/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 5))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200); // the request is dealt to the task and its body is being read
            CompletableFuture.runAsync(h::stop).get(5, TimeUnit.SECONDS);
            running.remove(h);
            out.write(body.substring(5).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(response).isEqualTo("HTTP/1.1 503");
            byte[] rest = new byte[4096];
            int n = socket.getInputStream().read(rest);
            assertThat(new String(rest, 0, Math.max(n, 0), StandardCharsets.US_ASCII)).containsIgnoringCase(
                    "Retry-After: 3");
        }
        assertThat(ws.poll()).isEmpty();
    }
}
