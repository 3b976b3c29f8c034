package io.tributary.connect.source.websocket.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.websocket.client.FakeFeed.Peer;
import io.tributary.testsupport.Await;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The WebSocket client source task against a real feed on loopback (Undertow): order, subscribe messages after
 * every connect, gaps reported on the first record after a reconnect, handshake headers and token, dead letters
 * with the connection kept open, backpressure in bounded memory, and heartbeats that notice a silent peer.
 */
class WebSocketClientSourceTaskTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBE = "[{\"op\":\"subscribe\",\"channel\":\"trades\"},\"hello\"]";

    private FakeFeed feed;
    private final TaskContext context = new TaskContext();
    private final List<WebSocketClientSourceTask> tasks = new ArrayList<>();

    @BeforeEach
    void start() {
        feed = new FakeFeed();
    }

    @AfterEach
    void stop() {
        tasks.forEach(WebSocketClientSourceTask::stop);
        feed.close();
    }

    private Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "ws-test");
        props.put("topic", "events");
        props.put("websocket.urls", feed.url("/feed"));
        props.put("heartbeat.interval.ms", "0");
        props.put("reconnect.backoff.initial.ms", "20");
        props.put("reconnect.backoff.max.ms", "200");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private WebSocketClientSourceTask task(Map<String, String> props) {
        WebSocketClientSourceTask task = new WebSocketClientSourceTask();
        task.initialize(context);
        task.start(props);
        tasks.add(task);
        return task;
    }

    /** Polls until {@code count} records (dead letters included) arrived, or 20 s passed. */
    private static List<SourceRecord> pollFor(WebSocketClientSourceTask task, int count) throws InterruptedException {
        List<SourceRecord> all = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (all.size() < count && System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                all.addAll(batch);
            }
        }
        return all;
    }

    private static String event(int id) {
        return "{\"id\":" + id + ",\"name\":\"event " + id + "\"}";
    }

    private static String[] events(int from, int to) {
        return IntStream.range(from, to).mapToObj(WebSocketClientSourceTaskTest::event).toArray(String[]::new);
    }

    private static List<Integer> ids(List<SourceRecord> records) {
        return records.stream().map(r -> {
            try {
                return JSON.readTree((String) r.value()).path("id").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static Object header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : header.value();
    }

    /** The feed sends these to every new connection once it has the subscribe messages (two of them). */
    private void onSubscribed(java.util.function.Consumer<Peer> send) {
        feed.onMessage((peer, message) -> {
            if (peer.received().size() == 2) {
                send.accept(peer);
            }
        });
    }

    @Test
    void eventsArriveInOrderWithTheirUrlAndReceiveTime() throws Exception {
        onSubscribed(peer -> {
            FakeFeed.sendText(peer, events(0, 50));
            FakeFeed.send(peer, "[" + event(50) + ", " + event(51) + ",\n " + event(52) + "]");   // one frame, 3 events
            FakeFeed.sendText(peer, events(53, 100));
        });
        long before = System.currentTimeMillis();
        WebSocketClientSourceTask task = task(props("websocket.subscribe.messages", SUBSCRIBE));
        List<SourceRecord> records = pollFor(task, 100);

        assertThat(ids(records)).isEqualTo(range(0, 100));
        SourceRecord first = records.get(0);
        assertThat(first.topic()).isEqualTo("events");
        assertThat(first.value()).isEqualTo(event(0));
        assertThat(records.get(51).value()).as("an array element's own text").isEqualTo(event(51));
        assertThat(first.sourcePartition()).isEqualTo(Map.of("url", feed.url("/feed")));
        assertThat(first.sourceOffset().get("received")).isEqualTo(1L);
        assertThat(records.get(52).sourceOffset().get("received")).as("events of one message share its count")
                .isEqualTo(51L);
        assertThat(header(first, "tributary.source.url")).isEqualTo(feed.url("/feed"));
        assertThat((Long) header(first, "tributary.received.at")).isBetween(before, System.currentTimeMillis());
        assertThat(first.timestamp()).isEqualTo(header(first, "tributary.received.at"));
        assertThat(records).noneMatch(r -> header(r, "tributary.gap.ms") != null);
        assertThat(task.metrics().messages.count()).isEqualTo(98);
        assertThat(task.metrics().records.count()).isEqualTo(100);
    }

    @Test
    void subscribesAgainAfterTheServerDropsAndReportsTheGapOnTheFirstRecordAfter() throws Exception {
        onSubscribed(peer -> {
            if (feed.peers.size() == 1) {
                FakeFeed.sendThenClose(peer, events(0, 10));
            } else {
                FakeFeed.sendText(peer, events(10, 20));
            }
        });
        WebSocketClientSourceTask task = task(props("websocket.subscribe.messages", SUBSCRIBE));
        List<SourceRecord> records = pollFor(task, 20);

        assertThat(ids(records)).isEqualTo(range(0, 20));
        assertThat(feed.peers).hasSize(2);
        for (Peer peer : feed.peers) {
            assertThat(peer.received()).as("the subscribe messages, on each connection, in order")
                    .containsExactly("{\"op\":\"subscribe\",\"channel\":\"trades\"}", "hello");
        }
        SourceRecord lastBefore = records.get(9);
        SourceRecord firstAfter = records.get(10);
        long gapStart = (Long) header(firstAfter, "tributary.gap.start");
        long gapMs = (Long) header(firstAfter, "tributary.gap.ms");
        assertThat(gapStart).isGreaterThanOrEqualTo((Long) header(lastBefore, "tributary.received.at"));
        assertThat(gapStart + gapMs).isLessThanOrEqualTo((Long) header(firstAfter, "tributary.received.at"));
        assertThat(records.stream().filter(r -> header(r, "tributary.gap.ms") != null)).containsExactly(firstAfter);
        assertThat(task.metrics().reconnects.count()).isEqualTo(1);
        assertThat(task.metrics().drops.count()).isEqualTo(1);
        assertThat(task.metrics().lastGapMs()).isEqualTo(gapMs);
    }

    @Test
    void theHandshakeCarriesTheHeadersAndTheBearerToken() throws Exception {
        feed.requireAuthorization("Bearer s3cret");
        feed.onConnect(peer -> FakeFeed.send(peer, event(1)));
        WebSocketClientSourceTask task = task(props("websocket.headers", "X-Client: tributary, X-Tenant: t1",
                "auth.bearer.token", "s3cret"));
        assertThat(ids(pollFor(task, 1))).containsExactly(1);

        Map<String, List<String>> headers = feed.latest().headers();
        assertThat(headers.get("X-Client")).containsExactly("tributary");
        assertThat(headers.get("X-Tenant")).containsExactly("t1");
        assertThat(headers.get("Authorization")).containsExactly("Bearer s3cret");
    }

    @Test
    void aHandshakeRefusedWith401FailsTheTaskNamingTheUrl() throws Exception {
        feed.requireAuthorization("Bearer right");
        WebSocketClientSourceTask task = task(props("auth.bearer.token", "wrong"));
        Await.until(Duration.ofSeconds(10), "the refused handshake", () -> task.metrics().connectFailures.count() == 1);
        assertThatThrownBy(task::poll).isInstanceOf(ConnectException.class)
                .hasMessageContaining(feed.url("/feed")).hasMessageContaining("401");
        Thread.sleep(200);
        assertThat(task.metrics().connectFailures.count()).as("no further attempts").isEqualTo(1);
    }

    @Test
    void badMessagesAreDeadLetteredAndTheConnectionStaysOpen() throws Exception {
        feed.onConnect(peer -> {
            FakeFeed.send(peer, event(0));
            FakeFeed.send(peer, "{\"id\": 1, \"name\": ");
            FakeFeed.sendBinary(peer, new byte[] {1, 2, 3, 4});
            FakeFeed.send(peer, "[" + event(2) + "," + event(3) + "]");
        });
        WebSocketClientSourceTask task = task(props("dlq.topic", "events-bad"));
        List<SourceRecord> records = pollFor(task, 5);

        assertThat(records).extracting(SourceRecord::topic)
                .containsExactly("events", "events-bad", "events-bad", "events", "events");
        SourceRecord badJson = records.get(1);
        assertThat(new String((byte[]) badJson.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": 1, \"name\": ");
        assertThat(header(badJson, ErrorHeaders.SOURCE_URL)).isEqualTo(feed.url("/feed"));
        assertThat(header(badJson, ErrorHeaders.ERROR_STAGE)).isEqualTo("parse");
        assertThat(header(badJson, ErrorHeaders.ERROR_CLASS))
                .isEqualTo("com.fasterxml.jackson.core.io.JsonEOFException");
        assertThat((String) header(badJson, ErrorHeaders.ERROR_MESSAGE)).contains("truncated JSON");
        assertThat(header(badJson, ErrorHeaders.CONNECTOR)).isEqualTo("ws-test");
        SourceRecord binary = records.get(2);
        assertThat((byte[]) binary.value()).containsExactly(1, 2, 3, 4);
        assertThat(header(binary, ErrorHeaders.ERROR_STAGE)).isEqualTo("frame");
        assertThat((String) header(binary, ErrorHeaders.ERROR_MESSAGE)).contains("binary message of 4 bytes");
        assertThat(ids(List.of(records.get(0), records.get(3), records.get(4)))).containsExactly(0, 2, 3);

        FakeFeed.send(feed.latest(), event(4));
        assertThat(ids(pollFor(task, 1))).containsExactly(4);
        assertThat(feed.peers).as("one connection throughout").hasSize(1);
        assertThat(task.metrics().drops.count()).isZero();
        assertThat(task.metrics().deadLettered.count()).isEqualTo(2);
    }

    @Test
    void aTextMessageThatIsNotUtf8IsDeadLetteredAndTheFeedReadAgain() throws Exception {
        onSubscribed(peer -> {
            if (feed.peers.size() == 1) {
                FakeFeed.send(peer, event(0));
                FakeFeed.sendRawText(peer, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
            } else {
                FakeFeed.send(peer, event(1));
            }
        });
        WebSocketClientSourceTask task = task(props("websocket.subscribe.messages", SUBSCRIBE));
        List<SourceRecord> records = pollFor(task, 3);

        assertThat(records).extracting(SourceRecord::topic).containsExactly("events", "events-dlq", "events");
        SourceRecord letter = records.get(1);
        assertThat(header(letter, ErrorHeaders.ERROR_STAGE)).isEqualTo("protocol");
        assertThat((String) header(letter, ErrorHeaders.ERROR_MESSAGE)).contains("UTF-8");
        assertThat(header(letter, ErrorHeaders.SOURCE_URL)).isEqualTo(feed.url("/feed"));
        assertThat(header(records.get(2), "tributary.gap.ms")).as("RFC 6455 makes the client drop the connection: "
                + "a gap").isNotNull();
        assertThat(task.metrics().reconnects.count()).isEqualTo(1);
    }

    @Test
    void aFullQueueHoldsTheFeedBackAndNothingIsLost() throws Exception {
        int count = 2_000;
        onSubscribed(peer -> FakeFeed.sendText(peer, events(0, count)));
        WebSocketClientSourceTask task = task(props("websocket.subscribe.messages", SUBSCRIBE,
                "queue.max.messages", "3", "batch.max.records", "2"));
        List<SourceRecord> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (records.size() < count && System.nanoTime() < deadline) {
            List<SourceRecord> batch = task.poll();
            if (batch != null) {
                assertThat(batch.size()).isLessThanOrEqualTo(2);
                records.addAll(batch);
            }
            if (records.size() % 100 == 0) {
                Thread.sleep(5);   // a slow consumer now and then
            }
        }

        assertThat(ids(records)).isEqualTo(range(0, count));
        assertThat(task.queue().peakMessages()).as("one connection: never more than the bound").isLessThanOrEqualTo(3);
        assertThat(task.metrics().pauses.count()).as("the connection waited for room").isPositive();
        assertThat(task.metrics().drops.count()).isZero();
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDroppedAndConnectedAgain() throws Exception {
        feed.answerPings(false);
        feed.onConnect(peer -> FakeFeed.send(peer, event(feed.peers.size())));
        WebSocketClientSourceTask task = task(props("heartbeat.interval.ms", "200", "heartbeat.timeout.ms", "300"));
        List<SourceRecord> records = pollFor(task, 2);

        assertThat(ids(records)).containsExactly(1, 2);
        assertThat(task.metrics().heartbeatsMissed.count()).isPositive();
        assertThat(task.metrics().reconnects.count()).isPositive();
        assertThat(header(records.get(1), "tributary.gap.ms")).isNotNull();

        feed.answerPings(true);
        Thread.sleep(1_000);   // a timeout under way when Pongs came back has played out
        long reconnects = task.metrics().reconnects.count();
        Thread.sleep(1_500);   // seven heartbeats, answered
        assertThat(task.metrics().reconnects.count()).as("Pongs keep the connection open").isEqualTo(reconnects);
        assertThat(feed.peers).hasSize((int) reconnects + 1);
    }

    @Test
    void aRestartedTaskContinuesTheCountAndReportsTheTimeSinceTheLastCommittedRecordAsAGap() throws Exception {
        long lastCommitted = System.currentTimeMillis() - 5_000;
        context.store(Map.of("url", feed.url("/feed")), Map.of("received", 41L, "received.at", lastCommitted));
        feed.onConnect(peer -> FakeFeed.send(peer, event(42)));
        WebSocketClientSourceTask task = task(props());
        SourceRecord record = pollFor(task, 1).get(0);

        assertThat(record.sourceOffset().get("received")).isEqualTo(42L);
        assertThat(header(record, "tributary.gap.start")).isEqualTo(lastCommitted);
        assertThat((Long) header(record, "tributary.gap.ms")).isGreaterThanOrEqualTo(5_000L);
        assertThat(task.metrics().reconnects.count()).as("a restart is no reconnect").isZero();
    }

    @Test
    void aWssFeedIsReadWithTheTrustStoreGiven(@TempDir Path dir) throws Exception {
        keytool("-genkeypair", "-alias", "feed", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=feed",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                dir.resolve("feed.p12").toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "feed", "-keystore", dir.resolve("feed.p12").toString(), "-storepass",
                "changeit", "-rfc", "-file", dir.resolve("feed.pem").toString());
        keytool("-importcert", "-noprompt", "-alias", "feed", "-file", dir.resolve("feed.pem").toString(),
                "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("feed.p12"))) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);

        try (FakeFeed secure = new FakeFeed(server)) {
            secure.onConnect(peer -> FakeFeed.send(peer, event(7)));
            WebSocketClientSourceTask task = task(props("websocket.urls", secure.url("/feed"),
                    "tls.truststore.path", dir.resolve("trust.p12").toString(), "tls.truststore.password", "changeit"));
            List<SourceRecord> records = pollFor(task, 1);
            assertThat(ids(records)).containsExactly(7);
            assertThat(header(records.get(0), "tributary.source.url")).asString().startsWith("wss://127.0.0.1:");
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("keytool: " + output).isZero();
    }

    @Test
    void ndjsonMessagesAsMapsWithKeysAndEventTimes() throws Exception {
        feed.onConnect(peer -> FakeFeed.send(peer, "{\"id\":\"a\",\"ts\":1700000000000}\n\n"
                + "{\"id\":\"b\",\"ts\":\"2024-05-01T10:00:00Z\"}\r\n{\"id\":\"c\",\"ts\":\"yesterday\"}\n"));
        WebSocketClientSourceTask task = task(props("websocket.message.format", "ndjson", "output", "map",
                "record.key.pointer", "/id", "record.timestamp.pointer", "/ts"));
        List<SourceRecord> records = pollFor(task, 3);

        assertThat(records).extracting(SourceRecord::topic).containsExactly("events", "events", "events-dlq");
        assertThat(records.get(0).key()).isEqualTo("a");
        assertThat(records.get(0).value()).isEqualTo(Map.of("id", "a", "ts", 1700000000000L));
        assertThat(records.get(0).valueSchema()).isNull();
        assertThat(records.get(0).timestamp()).isEqualTo(1700000000000L);
        assertThat(records.get(1).timestamp())
                .isEqualTo(java.time.Instant.parse("2024-05-01T10:00:00Z").toEpochMilli());
        assertThat(header(records.get(2), ErrorHeaders.ERROR_STAGE)).isEqualTo("record");
        assertThat(header(records.get(2), ErrorHeaders.SOURCE_RECORD_INDEX)).as("line 3, from 0").isEqualTo(3L);
    }
}
