package io.tributary.connect.source.websocket.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.push.PushTaskHarness;
import io.tributary.connect.source.push.ingest.EventRecords;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The WebSocket server task with real WebSocket clients on loopback; the test plays Connect. */
class WebSocketSourceTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<PushTaskHarness> running = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();

    @AfterEach
    void stop() {
        sockets.forEach(WebSocket::abort);
        running.forEach(PushTaskHarness::stop);
    }

    private PushTaskHarness start(Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "ws-" + running.size() + "-" + System.nanoTime());
        props.put("topic", "events");
        props.put("listener.port", "0");
        props.put("dlq.topic", "events-dlq");
        props.putAll(overrides);
        PushTaskHarness h = new PushTaskHarness(new WebSocketSourceTask(), props);
        running.add(h);
        return h;
    }

    /** A client that queues every text frame it receives. */
    private static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        volatile int closeCode = -1;
        final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closeCode = statusCode;
            closed.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.countDown();
        }

        /** The close code the server sent, -1 if the connection ended without one (dropped). */
        int awaitClose() throws InterruptedException {
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("the connection ended within 10 s").isTrue();
            return closeCode;
        }

        JsonNode next() throws Exception {
            String frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("an ack frame within 10 s").isNotNull();
            return JSON.readTree(frame);
        }
    }

    private WebSocket connect(PushTaskHarness h, Client client, String query) throws Exception {
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + h.task.port()
                + "/events/stream" + query), client).get(10, TimeUnit.SECONDS);
        sockets.add(ws);
        return ws;
    }

    private static String header(SourceRecord r, String name) {
        Header h = r.headers().lastWithName(name);
        return h == null ? null : String.valueOf(h.value());
    }

    @Test
    void eachEventIsAckedOnceKafkaHasIt() throws Exception {
        PushTaskHarness h = start(Map.of("event.id.pointer", "/id"));
        Client client = new Client();
        WebSocket ws = connect(h, client, "");
        ws.sendText("{\"id\":\"x-1\",\"v\":1}", true).get(5, TimeUnit.SECONDS);
        List<SourceRecord> records = h.pollAtLeast(1);
        assertThat(records.get(0).value()).isEqualTo("{\"id\":\"x-1\",\"v\":1}");
        assertThat(header(records.get(0), EventRecords.IDEMPOTENCY_KEY_HEADER)).isEqualTo("x-1");
        assertThat(client.frames.poll(300, TimeUnit.MILLISECONDS)).as("no ack before Kafka's").isNull();
        h.offsets.put("events", 7L);
        h.commitAll();
        JsonNode ack = client.next();
        assertThat(ack.get("ack").asText()).isEqualTo("x-1");
        assertThat(ack.get("status").asText()).isEqualTo("written");
        assertThat(ack.get("partition").asInt()).isEqualTo(0);
        assertThat(ack.get("offset").asLong()).isEqualTo(7L);
    }

    @Test
    void aFrameOfSeveralEventsIsAnsweredPerEventAndBadOnesAreNacked() throws Exception {
        PushTaskHarness h = start(Map.of());
        Client client = new Client();
        WebSocket ws = connect(h, client, "");
        ws.sendText("{\"a\":1}\n{\"a\":\n{\"a\":3}\n", true).get(5, TimeUnit.SECONDS);
        List<SourceRecord> records = h.pollAtLeast(3);
        assertThat(records).extracting(SourceRecord::topic).containsExactly("events", "events-dlq", "events");
        assertThat(header(records.get(1), EventRecords.CONNECTION_HEADER)).startsWith("ws-");
        assertThat(header(records.get(1), ErrorHeaders.ERROR_STAGE)).isEqualTo("websocket-server");
        h.commitAll();
        JsonNode acks = client.next().get("acks");
        assertThat(acks).hasSize(3);
        assertThat(acks.get(0).get("ack").asLong()).isEqualTo(1);
        assertThat(acks.get(1).get("nack").asLong()).isEqualTo(2);
        assertThat(acks.get(1).get("status").asText()).isEqualTo("dead-lettered");
        assertThat(acks.get(1).get("error").asText()).contains("line 2");
        assertThat(acks.get(2).get("ack").asLong()).isEqualTo(3);
    }

    @Test
    void binaryAndMalformedFramesAreNackedAndTheConnectionStaysOpen() throws Exception {
        PushTaskHarness h = start(Map.of());
        Client client = new Client();
        WebSocket ws = connect(h, client, "");
        ws.sendBinary(ByteBuffer.wrap(new byte[]{1, 2, 3}), true).get(5, TimeUnit.SECONDS);
        ws.sendText("[{\"a\":1},", true).get(5, TimeUnit.SECONDS);
        List<SourceRecord> letters = h.pollAtLeast(2);
        assertThat(letters).extracting(SourceRecord::topic).containsOnly("events-dlq");
        assertThat(header(letters.get(0), ErrorHeaders.ERROR_CLASS)).isEqualTo("BinaryFrame");
        assertThat(letters.get(0).value()).isEqualTo(new String(new byte[]{1, 2, 3}, StandardCharsets.UTF_8));
        assertThat(header(letters.get(1), ErrorHeaders.ERROR_CLASS)).isEqualTo("MalformedFrame");
        h.commitAll();
        assertThat(client.next().get("status").asText()).isEqualTo("dead-lettered");
        assertThat(client.next().get("error").asText()).containsIgnoringCase("array");
        ws.sendText("{\"still\":\"open\"}", true).get(5, TimeUnit.SECONDS);
        h.pollAtLeast(1);
        h.commitAll();
        assertThat(client.next().get("status").asText()).isEqualTo("written");
        assertThat(client.closeCode).isEqualTo(-1);
    }

    @Test
    void theHandshakeIsAuthenticated() throws Exception {
        PushTaskHarness h = start(Map.of("auth.type", "api-key", "auth.api.keys", "sekrit",
                "auth.api.key.query.param", "api_key"));
        assertThatThrownBy(() -> connect(h, new Client(), ""))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));
        Client client = new Client();
        WebSocket ws = connect(h, client, "?api_key=sekrit");
        ws.sendText("{\"a\":1}", true).get(5, TimeUnit.SECONDS);
        h.pollAtLeast(1);
        h.commitAll();
        assertThat(client.next().get("status").asText()).isEqualTo("written");
        assertThat(h.task.metrics().authFailures.count()).isEqualTo(1);
    }

    @Test
    void aFullQueueStopsReadingTheConnectionAndLosesNothing() throws Exception {
        PushTaskHarness h = start(Map.of("queue.max.records", "2"));
        Client client = new Client();
        WebSocket ws = connect(h, client, "");
        for (int i = 1; i <= 6; i++) {
            ws.sendText("{\"i\":" + i + "}", true).get(5, TimeUnit.SECONDS);
        }
        List<SourceRecord> first = h.pollAtLeast(2);
        assertThat(first).hasSize(2);
        assertThat(h.poll()).as("nothing more until Kafka acknowledged").isEmpty();
        List<String> values = new ArrayList<>();
        first.forEach(r -> values.add((String) r.value()));
        h.commitAll();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (values.size() < 6 && System.nanoTime() < deadline) {
            List<SourceRecord> more = h.poll();
            more.forEach(r -> values.add((String) r.value()));
            h.commitAll();
        }
        assertThat(values).containsExactly("{\"i\":1}", "{\"i\":2}", "{\"i\":3}", "{\"i\":4}", "{\"i\":5}",
                "{\"i\":6}");
        for (int i = 0; i < 6; i++) {
            assertThat(client.next().get("status").asText()).isEqualTo("written");
        }
    }

    @Test
    void aClientThatAnswersNoPingsIsClosedAndOneThatDoesStays() throws Exception {
        PushTaskHarness h = start(Map.of("websocket.ping.interval.ms", "100", "websocket.idle.timeout.ms", "400"));
        Client alive = new Client();
        connect(h, alive, "");
        try (Socket silent = new Socket("127.0.0.1", h.task.port())) {
            OutputStream out = silent.getOutputStream();
            out.write(("GET /events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            silent.setSoTimeout(10_000);
            InputStream in = silent.getInputStream();
            // Read the 101 response, then frames (pings 0x89) until the close frame (0x88).
            byte[] buf = new byte[4096];
            StringBuilder seen = new StringBuilder();
            boolean closed = false;
            int n;
            while (!closed && (n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if ((buf[i] & 0xFF) == 0x88 && seen.indexOf("101") >= 0) {
                        closed = true;
                    }
                }
                seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 101");
            assertThat(closed).as("the silent client got a close frame").isTrue();
        }
        assertThat(alive.closeCode).as("the answering client is still connected").isEqualTo(-1);
    }

    @Test
    void aTextFrameThatIsNotUtf8ClosesOnlyItsConnection() throws Exception {
        PushTaskHarness h = start(Map.of());
        try (Socket raw = new Socket("127.0.0.1", h.task.port())) {
            OutputStream out = raw.getOutputStream();
            out.write(("GET /events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // A masked text frame (FIN, opcode 1) whose payload is not UTF-8: {"a":"\xC3("}
            byte[] payload = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
            byte[] mask = {1, 2, 3, 4};
            byte[] frame = new byte[2 + 4 + payload.length];
            frame[0] = (byte) 0x81;
            frame[1] = (byte) (0x80 | payload.length);
            System.arraycopy(mask, 0, frame, 2, 4);
            for (int i = 0; i < payload.length; i++) {
                frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
            }
            out.write(frame);
            out.flush();
            raw.setSoTimeout(10_000);
            InputStream in = raw.getInputStream();
            byte[] buf = new byte[4096];
            StringBuilder seen = new StringBuilder();
            int n;
            while ((n = in.read(buf)) > 0) {
                seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 101");
            assertThat(seen.toString()).as("a close frame with 1007 (invalid payload)").contains("\u0088")
                    .contains(new String(new byte[]{0x03, (byte) 0xEF}, StandardCharsets.ISO_8859_1));
        }
        assertThat(h.poll()).isEmpty();
        Client client = new Client();
        WebSocket ws = connect(h, client, "");
        ws.sendText("{\"next\":\"connection\"}", true).get(5, TimeUnit.SECONDS);
        h.pollAtLeast(1);
        h.commitAll();
        assertThat(client.next().get("status").asText()).isEqualTo("written");
    }

    @Test
    void eventsWaitingForKafkaAreNackedWhenTheTaskStops() throws Exception {
        PushTaskHarness h = start(Map.of());
        Client client = new Client();
        WebSocket ws = connect(h, client, "");
        ws.sendText("{\"a\":1}", true).get(5, TimeUnit.SECONDS);
        h.pollAtLeast(1);
        h.stop();
        running.remove(h);
        JsonNode nack = client.next();
        assertThat(nack.get("nack").asLong()).isEqualTo(1);
        assertThat(nack.get("status").asText()).isEqualTo("failed");
    }

    /** Stops the task as Connect does (on another thread than the test's), failing if it hangs. */
    private static void stopPromptly(PushTaskHarness h) throws Exception {
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(h::stop);
        stopping.get(5, TimeUnit.SECONDS); // task.shutdown.graceful.timeout.ms: Connect abandons a task after it
    }

    @Test
    void aFrameWaitingForRoomIsNackedAndItsConnectionClosedWithGoingAwayWhenTheTaskStops() throws Exception {
        PushTaskHarness h = start(Map.of("queue.max.records", "1"));
        Client client = new Client();
        WebSocket ws = connect(h, client, "");
        ws.sendText("{\"i\":1}", true).get(5, TimeUnit.SECONDS);
        h.pollAtLeast(1); // with "Kafka", unacknowledged: the queue stays full
        ws.sendText("{\"i\":2}", true).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.task.metrics().rejectedFull.count() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(h.task.metrics().rejectedFull.count()).as("frame 2 waits for room").isEqualTo(1);

        stopPromptly(h);
        running.remove(h);
        Map<Long, String> nacks = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            JsonNode nack = client.next();
            nacks.put(nack.get("nack").asLong(), nack.get("status").asText());
        }
        assertThat(nacks).as("the frame with Kafka and the frame waiting for room").containsOnly(
                Map.entry(1L, "failed"), Map.entry(2L, "failed"));
        assertThat(client.awaitClose()).isEqualTo(StreamConnection.GOING_AWAY);
    }

    @Test
    void connectionsAreClosedWithGoingAwayWhenTheConnectorsLastTaskHereStops() throws Exception {
        PushTaskHarness h = start(Map.of());
        Client idle = new Client();
        connect(h, idle, "");
        stopPromptly(h);
        running.remove(h);
        assertThat(idle.awaitClose()).isEqualTo(StreamConnection.GOING_AWAY);
    }

    @Test
    void aFrameWaitingForRoomMovesToTheConnectorsOtherTaskWhenItsTaskStops() throws Exception {
        int port = PushTaskHarness.freePort();
        Map<String, String> shared = Map.of("name", "ws-shared-" + System.nanoTime(), "listener.port",
                String.valueOf(port), "queue.max.records", "1");
        Map<String, String> second = new HashMap<>(shared);
        second.put("tributary.task.index", "1");
        PushTaskHarness a = start(shared);
        PushTaskHarness b = start(second);
        Client client = new Client();
        WebSocket ws = connect(a, client, "");
        for (int i = 1; i <= 3; i++) {
            ws.sendText("{\"i\":" + i + "}", true).get(5, TimeUnit.SECONDS);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<SourceRecord> held = new ArrayList<>();
        while (held.size() < 2 && System.nanoTime() < deadline) {
            held.addAll(a.poll());
            held.addAll(b.poll());
        }
        assertThat(held).as("one frame in each task, the third waiting for room").hasSize(2);
        // Frame 3 waits on the queue of whichever task it was dealt first. Either way, once a stops (its frame is
        // nacked) and Kafka acknowledges b's, frame 3 is in b: moved there if it waited on a, admitted if on b.
        stopPromptly(a);
        running.remove(a);
        b.commitAll();
        List<SourceRecord> moved = b.pollAtLeast(1);
        assertThat(moved).extracting(SourceRecord::value).containsExactly("{\"i\":3}");
        b.commitAll();
        Map<Long, String> answers = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            JsonNode answer = client.next();
            JsonNode id = answer.has("ack") ? answer.get("ack") : answer.get("nack");
            answers.put(id.asLong(), answer.get("status").asText());
        }
        assertThat(answers).as("a's frame nacked, b's and frame 3 written").containsValues("failed", "written")
                .containsEntry(3L, "written");
        assertThat(client.closeCode).as("the connector still runs here: the connection stays").isEqualTo(-1);
    }
}
