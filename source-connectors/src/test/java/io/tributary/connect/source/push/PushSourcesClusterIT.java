package io.tributary.connect.source.push;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.source.listener.HttpListenerSourceConnector;
import io.tributary.connect.source.push.ingest.EventRecords;
import io.tributary.connect.source.websocket.server.WebSocketSourceConnector;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push sources in a cluster of three forked workers, run as docs/connectors/http-listener-source.md "Running on
 * several workers" says: an HTTP listener and a WebSocket source with {@code tasks.max} = 3, each worker's port from
 * its environment ({@code "listener.port": "${env:LISTENER_PORT}"}, resolved by the worker that starts the task:
 * on a single test machine that is how three workers get distinct ports; on separate hosts it would be one port).
 *
 * <p>Specifies: every worker holding tasks answers {@code /health} on the connector's port with exactly those tasks
 * (and its own process id), a worker holding none has nothing listening there; clients reach each source through
 * every worker holding its tasks; after one worker is stopped (SIGTERM) and the group rebalanced, {@code /health}
 * follows the new placement and clients reach the sources through the workers that now hold the tasks. Meanwhile
 * clients that rotate over all three addresses, moving on at connection refused or 503 as a load balancer would,
 * keep sending. Every acknowledged event is in its topic with its idempotency key; repeats are counted, not
 * forbidden (the push sources promise at-least-once). The workers run exactly-once source support as the
 * project's worker config does.
 */
class PushSourcesClusterIT {

    private static final int WORKERS = 3;
    private static final String LISTENER = "listener";
    private static final String STREAM = "stream";
    private static final int EVENTS_PER_SEND = 20;

    /** Kept when the test fails: the forked workers' logs are in it. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** Acknowledged event ids, by the topic they went to. */
    private final Map<String, Set<String>> acked = Map.of("pushed", ConcurrentHashMap.newKeySet(), "streamed",
            ConcurrentHashMap.newKeySet());
    private final AtomicInteger sends = new AtomicInteger();

    @Test
    void clientsReachThePushSourcesThroughTheWorkersHoldingTasksBeforeAndAfterARebalance() throws Exception {
        int[] listenerPorts = new int[WORKERS];
        int[] streamPorts = new int[WORKERS];
        for (int i = 0; i < WORKERS; i++) {
            listenerPorts[i] = freePort();
            streamPorts[i] = freePort();
        }
        List<ForkedWorker> workers = new ArrayList<>();
        try (ConnectCluster cluster = ConnectCluster.builder("push-cluster").workers(0).exactlyOnce()
                .workerProp("config.providers", "env")
                .workerProp("config.providers.env.class",
                        "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
                .start()) {
            try {
                for (int i = 0; i < WORKERS; i++) {
                    workers.add(ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-" + i),
                            System.getProperty("java.class.path"), Map.of("LISTENER_PORT",
                                    String.valueOf(listenerPorts[i]), "WS_PORT", String.valueOf(streamPorts[i])), 0));
                }
                for (ForkedWorker w : workers) {
                    w.awaitUp(Duration.ofSeconds(120));
                }
                ConnectRest rest = workers.get(0).rest();
                rest.configure(LISTENER, config(HttpListenerSourceConnector.class.getName(), "pushed",
                        "${env:LISTENER_PORT}"));
                rest.configure(STREAM, config(WebSocketSourceConnector.class.getName(), "streamed",
                        "${env:WS_PORT}"));
                rest.awaitRunning(LISTENER, WORKERS, Duration.ofSeconds(90));
                rest.awaitRunning(STREAM, WORKERS, Duration.ofSeconds(90));
                // Connect stores the task configs with the variable, not the connector's worker's value: each
                // worker resolves it when it starts a task.
                for (JsonNode task : rest.get("connectors/" + LISTENER + "/tasks").expect(200).json()) {
                    assertThat(task.path("config").path("listener.port").asText()).isEqualTo("${env:LISTENER_PORT}");
                }

                Map<Integer, Set<Integer>> listenerAt = awaitHealthFollowsPlacement(rest, LISTENER, workers,
                        listenerPorts);
                Map<Integer, Set<Integer>> streamAt = awaitHealthFollowsPlacement(rest, STREAM, workers, streamPorts);
                System.out.printf("placement before: listener %s, stream %s (worker index -> tasks)%n", listenerAt,
                        streamAt);
                reachEveryHolder(listenerAt, streamAt, listenerPorts, streamPorts, "before");

                AtomicBoolean done = new AtomicBoolean();
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<?>> rotating = new ArrayList<>();
                try {
                    for (int c = 0; c < 2; c++) {
                        int client = c;
                        rotating.add(pool.submit(() -> rotateHttp(client, listenerPorts, done)));
                        rotating.add(pool.submit(() -> rotateWebSocket(client, streamPorts, done)));
                    }
                    ForkedWorker stopped = workers.get(0);
                    Duration exit = stopped.terminate(Duration.ofSeconds(60));
                    System.out.printf("worker 0 (SIGTERM) exited after %s%n", exit);
                    ConnectRest survivor = workers.get(1).rest();
                    awaitAllTasksOn(survivor, LISTENER, workers.subList(1, WORKERS));
                    awaitAllTasksOn(survivor, STREAM, workers.subList(1, WORKERS));
                    Map<Integer, Set<Integer>> listenerAfter = awaitHealthFollowsPlacement(survivor, LISTENER,
                            workers, listenerPorts);
                    Map<Integer, Set<Integer>> streamAfter = awaitHealthFollowsPlacement(survivor, STREAM,
                            workers, streamPorts);
                    System.out.printf("placement after: listener %s, stream %s%n", listenerAfter, streamAfter);
                    assertThat(listenerAfter).doesNotContainKey(0);
                    assertThat(streamAfter).doesNotContainKey(0);
                    reachEveryHolder(listenerAfter, streamAfter, listenerPorts, streamPorts, "after");
                } finally {
                    done.set(true);
                    for (Future<?> f : rotating) {
                        f.get(2, TimeUnit.MINUTES);
                    }
                    pool.shutdownNow();
                }

                assertEveryAcknowledgedEventIsInKafka(cluster.bootstrapServers());
            } finally {
                workers.forEach(ForkedWorker::close);
            }
        }
    }

    private static Map<String, String> config(String connectorClass, String topic, String port) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", String.valueOf(WORKERS));
        config.put("topic", topic);
        config.put("listener.port", port);
        config.put("event.id.pointer", "/id");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        return config;
    }

    /**
     * Waits until every task of {@code connector} runs and each worker's {@code /health} on the connector's port
     * names exactly the tasks Connect placed there (with the worker's own pid), and workers holding none refuse
     * the connection; returns the placement, worker index to task indexes.
     */
    private Map<Integer, Set<Integer>> awaitHealthFollowsPlacement(ConnectRest rest, String connector,
                                                                   List<ForkedWorker> workers, int[] ports) {
        Map<Integer, Set<Integer>> placement = new TreeMap<>();
        String[] seen = {""};
        Await.until(Duration.ofSeconds(60), "/health of " + connector + " to follow its placement", () -> {
            placement.clear();
            for (int task = 0; task < WORKERS; task++) {
                String worker = rest.workerOfTask(connector, task);
                if (worker == null) {
                    seen[0] = "task " + task + " not running";
                    return false;
                }
                for (int i = 0; i < workers.size(); i++) {
                    if (workers.get(i).workerId().equals(worker)) {
                        placement.computeIfAbsent(i, k -> new TreeSet<>()).add(task);
                    }
                }
            }
            StringBuilder mismatch = new StringBuilder();
            for (int i = 0; i < workers.size(); i++) {
                JsonNode health = health(ports[i]);
                Set<Integer> expected = placement.getOrDefault(i, Set.of());
                if (health == null) {
                    if (!expected.isEmpty()) {
                        mismatch.append("worker ").append(i).append(" refuses but holds ").append(expected);
                    }
                    continue;
                }
                Set<Integer> served = new TreeSet<>();
                health.path("connectors").path(connector).path("tasks").forEach(t -> served.add(t.asInt()));
                if (!served.equals(expected) || !"UP".equals(health.path("status").asText())
                        || health.path("worker").path("pid").asLong() != workers.get(i).pid()) {
                    mismatch.append("worker ").append(i).append(" answers ").append(health).append(" but holds ")
                            .append(expected).append("; ");
                }
            }
            seen[0] = placement + " " + mismatch;
            return mismatch.length() == 0;
        }, () -> seen[0]);
        return Map.copyOf(placement);
    }

    /** The health answer on this port, or null when nothing listens there. */
    private JsonNode health(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/health")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return ConnectRest.JSON.readTree(r.body());
        } catch (java.net.ConnectException e) {
            return null;
        } catch (IOException e) {
            throw new AssertionError("health on port " + port + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void awaitAllTasksOn(ConnectRest rest, String connector, List<ForkedWorker> survivors) {
        String[] status = {""};
        Await.until(Duration.ofSeconds(90), "every task of " + connector + " running on a surviving worker (worker "
                + "logs: " + survivors.stream().map(w -> w.log().toString()).toList() + ")", () -> {
            status[0] = rest.status(connector).toString();
            for (int task = 0; task < WORKERS; task++) {
                String worker = rest.workerOfTask(connector, task);
                if (survivors.stream().noneMatch(w -> w.workerId().equals(worker))) {
                    return false;
                }
            }
            return true;
        }, () -> status[0]);
    }

    /** One acknowledged send through each worker holding tasks of each source, straight to its port. */
    private void reachEveryHolder(Map<Integer, Set<Integer>> listenerAt, Map<Integer, Set<Integer>> streamAt,
                                  int[] listenerPorts, int[] streamPorts, String phase) throws Exception {
        for (int worker : listenerAt.keySet()) {
            List<String> ids = ids("direct-" + phase + "-h" + worker);
            HttpResponse<String> r = postBatch(listenerPorts[worker], ids);
            assertThat(r.statusCode()).as("listener through worker " + worker + ": " + r.body()).isEqualTo(200);
            acked.get("pushed").addAll(ids);
        }
        for (int worker : streamAt.keySet()) {
            List<String> ids = ids("direct-" + phase + "-w" + worker);
            Connection c = Connection.open(http, URI.create("ws://127.0.0.1:" + streamPorts[worker]
                    + "/events/stream"));
            try {
                sends.incrementAndGet();
                JsonNode answer = c.send(frame(ids));
                assertThat(allWritten(answer, ids.size())).as("stream through worker " + worker + ": " + answer)
                        .isTrue();
                acked.get("streamed").addAll(ids);
            } finally {
                c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
        }
    }

    /** A client of a load balancer's pool: sends to one address until it fails, then to the next. */
    private Void rotateHttp(int client, int[] ports, AtomicBoolean done) throws Exception {
        int cursor = client;
        for (int n = 0; !done.get(); n++) {
            List<String> ids = ids("rotating-h" + client + "-" + n);
            while (true) {
                try {
                    HttpResponse<String> r = postBatch(ports[cursor % ports.length], ids);
                    if (r.statusCode() == 200) {
                        acked.get("pushed").addAll(ids);
                        break;
                    }
                } catch (IOException e) {
                    // refused or reset: nothing listens there (no task, or the worker stopped)
                }
                cursor++;
                Thread.sleep(50);
            }
        }
        return null;
    }

    private Void rotateWebSocket(int client, int[] ports, AtomicBoolean done) throws Exception {
        int cursor = client;
        Connection connection = null;
        for (int n = 0; !done.get(); n++) {
            List<String> ids = ids("rotating-w" + client + "-" + n);
            while (true) {
                try {
                    if (connection == null) {
                        connection = Connection.open(http, URI.create("ws://127.0.0.1:" + ports[cursor % ports.length]
                                + "/events/stream"));
                    }
                    sends.incrementAndGet();
                    if (allWritten(connection.send(frame(ids)), ids.size())) {
                        acked.get("streamed").addAll(ids);
                        break;
                    }
                } catch (Exception e) {
                    // refused, reset or closed: the task stopped or moved
                }
                if (connection != null) {
                    connection.socket.abort();
                    connection = null;
                }
                cursor++;
                Thread.sleep(50);
            }
        }
        if (connection != null) {
            connection.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
        return null;
    }

    private HttpResponse<String> postBatch(int port, List<String> ids) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder("[");
        for (String id : ids) {
            body.append(body.length() == 1 ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
        }
        sends.incrementAndGet();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/batch"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.append(']').toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> ids(String prefix) {
        List<String> ids = new ArrayList<>(EVENTS_PER_SEND);
        for (int i = 0; i < EVENTS_PER_SEND; i++) {
            ids.add(prefix + "-e" + i);
        }
        return ids;
    }

    private static String frame(List<String> ids) {
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append("{\"id\":\"").append(id).append("\"}\n");
        }
        return text.toString();
    }

    private static boolean allWritten(JsonNode answer, int events) {
        if (answer == null || answer.path("acks").size() != events) {
            return false;
        }
        for (JsonNode ack : answer.path("acks")) {
            if (!"written".equals(ack.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    private void assertEveryAcknowledgedEventIsInKafka(String bootstrap) throws IOException {
        Map<String, Integer> copies = new HashMap<>();
        int records = 0;
        for (String topic : List.of("pushed", "streamed")) {
            for (ConsumerRecord<byte[], byte[]> record : TopicReader.readAtLeast(bootstrap, topic,
                    acked.get(topic).size(), Duration.ofSeconds(60))) {
                String id = ConnectRest.JSON.readTree(record.value()).path("id").asText();
                Header key = record.headers().lastHeader(EventRecords.IDEMPOTENCY_KEY_HEADER);
                assertThat(key).as("idempotency key of " + id).isNotNull();
                assertThat(new String(key.value(), StandardCharsets.UTF_8)).isEqualTo(id);
                copies.merge(id, 1, Integer::sum);
                records++;
            }
        }
        System.out.printf("%,d + %,d events acknowledged (listener + stream) in %,d sends; %,d records, "
                + "%,d repeats%n", acked.get("pushed").size(), acked.get("streamed").size(), sends.get(), records,
                records - copies.size());
        for (String topic : acked.keySet()) {
            assertThat(copies.keySet()).as("every event acknowledged by " + topic + "'s source is in Kafka")
                    .containsAll(acked.get(topic));
        }
    }

    private static int freePort() throws IOException {
        // Below the ephemeral range: a ServerSocket(0) port may be given to an outgoing connection before use.
        return io.tributary.testsupport.LoopbackPorts.free();
    }

    /** One client connection that sends a frame and waits for its answer frame. */
    private static final class Connection implements WebSocket.Listener {
        final LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Connection open(HttpClient http, URI uri) throws Exception {
            Connection c = new Connection();
            c.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(2)).buildAsync(uri, c)
                    .get(5, TimeUnit.SECONDS);
            return c;
        }

        JsonNode send(String frame) throws Exception {
            socket.sendText(frame, true).get(5, TimeUnit.SECONDS);
            String answer = answers.poll(30, TimeUnit.SECONDS);
            return answer == null ? null : ConnectRest.JSON.readTree(answer);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                answers.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            answers.add("{}");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            answers.add("{}");
        }
    }
}
