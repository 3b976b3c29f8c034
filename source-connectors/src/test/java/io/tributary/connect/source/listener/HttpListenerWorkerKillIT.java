package io.tributary.connect.source.listener;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.source.push.ingest.EventRecords;
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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durable acknowledgement under a crash: clients push batches to the listener in a real Connect cluster of two
 * forked workers; the worker running the task is killed (SIGKILL) mid-load. Every event acknowledged to a client
 * is in Kafka; clients resend what was not acknowledged (same event ids) until the task, moved to the other
 * worker, acknowledges it; in the end every event is in the topic, repeats carrying the idempotency key of their
 * first copy.
 *
 * <p>The kill comes once a quarter of the events are acknowledged, while the clients are still sending; their last
 * quarter of batches waits for the kill, so the kill always lands before the end of the load, and requests always
 * meet the dead worker (the survivor takes the task over only after the group's session timeout).
 */
class HttpListenerWorkerKillIT {

    private static final int CLIENTS = 4;
    private static final int BATCHES_PER_CLIENT = 60;
    private static final int BATCH = 100;
    private static final int EVENTS = CLIENTS * BATCHES_PER_CLIENT * BATCH;
    /** Each client's batches from this one on are sent after the kill. */
    private static final int AFTER_KILL_FROM = BATCHES_PER_CLIENT * 3 / 4;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesTheWorkerAndRetriesFillTheRest() throws Exception {
        int port = freePort();
        try (ConnectCluster cluster = ConnectCluster.builder("listener-kill").workers(0).start();
             ForkedWorker a = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-a"));
             ForkedWorker b = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-b"))) {
            a.awaitUp(Duration.ofSeconds(90));
            b.awaitUp(Duration.ofSeconds(90));
            Map<String, String> config = new HashMap<>();
            config.put("name", "listener");
            config.put("connector.class", HttpListenerSourceConnector.class.getName());
            config.put("tasks.max", "1");
            config.put("topic", "pushed");
            config.put("listener.port", String.valueOf(port));
            config.put("event.id.pointer", "/id");
            config.put("dlq.topic", "pushed-dlq");
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            ConnectRest rest = a.rest();
            JsonNode validation = rest.validate(HttpListenerSourceConnector.class.getName(), config);
            assertThat(validation.path("error_count").asInt()).as(validation.toString()).isZero();
            rest.configure("listener", config);
            rest.awaitRunning("listener", 1, Duration.ofSeconds(60));

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            Set<String> acked = ConcurrentHashMap.newKeySet();
            Set<String> ackedBeforeKill = ConcurrentHashMap.newKeySet();
            AtomicInteger resent = new AtomicInteger();
            AtomicLong ackedCount = new AtomicLong();
            AtomicInteger killed = new AtomicInteger();
            CountDownLatch victimDead = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> clients = new ArrayList<>();
            URI uri = URI.create("http://127.0.0.1:" + port + "/events/batch");
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int batch = 0; batch < BATCHES_PER_CLIENT; batch++) {
                        if (batch == AFTER_KILL_FROM) {
                            victimDead.await();
                        }
                        StringBuilder body = new StringBuilder("[");
                        List<String> ids = new ArrayList<>(BATCH);
                        for (int i = 0; i < BATCH; i++) {
                            String id = "c" + client + "-b" + batch + "-e" + i;
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"id\":\"").append(id)
                                    .append("\",\"payload\":\"").append("x".repeat(64)).append("\"}");
                        }
                        byte[] bytes = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
                        while (true) {
                            try {
                                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(30))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200) {
                                    acked.addAll(ids);
                                    if (killed.get() == 0) {
                                        ackedBeforeKill.addAll(ids);
                                    }
                                    ackedCount.addAndGet(ids.size());
                                    break;
                                }
                            } catch (java.io.IOException e) {
                                // connection refused or reset: the worker died or the task is moving
                            }
                            resent.incrementAndGet();
                            Thread.sleep(200);
                        }
                    }
                    return null;
                }));
            }
            long atKill;
            try {
                Await.until(Duration.ofSeconds(120), "a quarter of the events acknowledged before the kill",
                        () -> ackedCount.get() >= EVENTS / 4);
                ForkedWorker victim = ForkedWorker.runningTask("listener", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                killed.set(1);
                atKill = ackedCount.get();
                victim.kill();
                victimDead.countDown();
                survivor.awaitTasksHere("listener", 1, Duration.ofSeconds(120));
                for (Future<?> f : clients) {
                    f.get(5, java.util.concurrent.TimeUnit.MINUTES);
                }
            } finally {
                victimDead.countDown();
                pool.shutdownNow();
            }

            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "pushed", EVENTS, Duration.ofSeconds(120));
            Map<String, Integer> copies = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String id = ConnectRest.JSON.readTree(record.value()).path("id").asText();
                copies.merge(id, 1, Integer::sum);
                var key = record.headers().lastHeader(EventRecords.IDEMPOTENCY_KEY_HEADER);
                assertThat(key).as("idempotency key of " + id).isNotNull();
                assertThat(new String(key.value(), StandardCharsets.UTF_8)).isEqualTo(id);
            }
            long repeats = records.size() - copies.size();
            System.out.printf("killed after %,d of %,d events acknowledged; %,d requests resent; %,d records, "
                    + "%,d repeats%n", atKill, EVENTS, resent.get(), records.size(), repeats);
            assertThat(ackedBeforeKill).as("acknowledged before the kill").isNotEmpty();
            assertThat(copies.keySet()).as("every event acknowledged before the kill is in Kafka")
                    .containsAll(ackedBeforeKill);
            assertThat(acked).as("every event was acknowledged in the end").hasSize(EVENTS);
            assertThat(copies).as("every event is in Kafka").hasSize(EVENTS);
            assertThat(resent.get()).as("requests met the dead worker and were sent again").isPositive();
        }
    }

    private static int freePort() throws Exception {
        // Below the ephemeral range: a ServerSocket(0) port may be given to an outgoing connection before use.
        return io.tributary.testsupport.LoopbackPorts.free();
    }
}
