package io.tributary.connect.source.websocket.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledged delivery over WebSocket under a crash: clients stream frames to the WebSocket source in a cluster of
 * two forked workers; the worker running the task is killed (SIGKILL) mid-stream. Every event acked to a client is in
 * Kafka; clients reconnect (to the task's new home) and resend the frames without an answer, and in the end every
 * event is in the topic.
 *
 * <p>The kill comes once a quarter of the events are acked, while the clients are still streaming; their last
 * quarter of frames waits for the kill, so the kill always lands before the end of the stream, and frames always meet
 * the dead worker (the survivor takes the task over only after the group's session timeout).
 */
class WebSocketWorkerKillIT {

    private static final int CLIENTS = 3;
    private static final int FRAMES_PER_CLIENT = 80;
    private static final int FRAME = 50;
    private static final int EVENTS = CLIENTS * FRAMES_PER_CLIENT * FRAME;
    /** Each client's frames from this one on are sent after the kill. */
    private static final int AFTER_KILL_FROM = FRAMES_PER_CLIENT * 3 / 4;

    @TempDir
    Path dir;

    @Test
    void everyAckedEventSurvivesTheWorkerAndResentFramesFillTheRest() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ConnectCluster cluster = ConnectCluster.builder("ws-kill").workers(0).start();
             ForkedWorker a = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-a"));
             ForkedWorker b = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-b"))) {
            a.awaitUp(Duration.ofSeconds(90));
            b.awaitUp(Duration.ofSeconds(90));
            Map<String, String> config = new HashMap<>();
            config.put("name", "stream");
            config.put("connector.class", WebSocketSourceConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("topic", "streamed");
            config.put("listener.port", String.valueOf(port));
            config.put("event.id.pointer", "/id");
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            ConnectRest rest = a.rest();
            rest.configure("stream", config);
            rest.awaitRunning("stream", 1, Duration.ofSeconds(60));

            URI uri = URI.create("ws://127.0.0.1:" + port + "/events/stream");
            HttpClient http = HttpClient.newHttpClient();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            Set<String> ackedBeforeKill = ConcurrentHashMap.newKeySet();
            AtomicLong ackedCount = new AtomicLong();
            AtomicInteger resent = new AtomicInteger();
            AtomicInteger killed = new AtomicInteger();
            CountDownLatch victimDead = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    Connection connection = null;
                    for (int frame = 0; frame < FRAMES_PER_CLIENT; frame++) {
                        if (frame == AFTER_KILL_FROM) {
                            victimDead.await();
                        }
                        StringBuilder text = new StringBuilder();
                        List<String> ids = new ArrayList<>(FRAME);
                        for (int i = 0; i < FRAME; i++) {
                            String id = "c" + client + "-f" + frame + "-e" + i;
                            ids.add(id);
                            text.append("{\"id\":\"").append(id).append("\",\"v\":").append(i).append("}\n");
                        }
                        while (true) {
                            try {
                                if (connection == null) {
                                    connection = Connection.open(http, uri);
                                }
                                JsonNode answer = connection.send(text.toString());
                                if (answer != null && answer.path("acks").size() == FRAME
                                        && allWritten(answer.path("acks"))) {
                                    acked.addAll(ids);
                                    if (killed.get() == 0) {
                                        ackedBeforeKill.addAll(ids);
                                    }
                                    ackedCount.addAndGet(FRAME);
                                    break;
                                }
                            } catch (Exception e) {
                                // refused, reset or closed: the worker died or the task is moving
                            }
                            if (connection != null) {
                                connection.socket.abort();
                                connection = null;
                            }
                            resent.incrementAndGet();
                            Thread.sleep(200);
                        }
                    }
                    if (connection != null) {
                        connection.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
                    }
                    return null;
                }));
            }
            long atKill;
            try {
                Await.until(Duration.ofSeconds(120), "a quarter of the events acked before the kill",
                        () -> ackedCount.get() >= EVENTS / 4);
                ForkedWorker victim = ForkedWorker.runningTask("stream", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                killed.set(1);
                atKill = ackedCount.get();
                victim.kill();
                victimDead.countDown();
                survivor.awaitTasksHere("stream", 1, Duration.ofSeconds(120));
                for (Future<?> f : clients) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                victimDead.countDown();
                pool.shutdownNow();
            }

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "streamed", EVENTS, Duration.ofSeconds(120));
            Map<String, Integer> copies = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                copies.merge(ConnectRest.JSON.readTree(record.value()).path("id").asText(), 1, Integer::sum);
            }
            System.out.printf("killed after %,d of %,d events acked; %,d frames resent; %,d records, %,d repeats%n",
                    atKill, EVENTS, resent.get(), records.size(), records.size() - copies.size());
            assertThat(ackedBeforeKill).isNotEmpty();
            assertThat(copies.keySet()).as("every event acked before the kill is in Kafka").containsAll(ackedBeforeKill);
            assertThat(acked).hasSize(EVENTS);
            assertThat(copies).as("every event is in Kafka").hasSize(EVENTS);
            assertThat(resent.get()).as("frames met the dead worker and were sent again").isPositive();
        }
    }

    private static boolean allWritten(JsonNode acks) {
        for (JsonNode ack : acks) {
            if (!"written".equals(ack.path("status").asText())) {
                return false;
            }
        }
        return true;
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
