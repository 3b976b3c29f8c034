package io.tributary.connect.source.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP source in a real Connect cluster with exactly-once source support, configured through the REST API from
 * the example config: the worker running the task is killed (SIGKILL) mid-stream; the task moves to the other
 * worker and resumes from its committed position. Every record of the API is in the topic exactly once
 * (read_committed), and the one malformed record among them is in the dead-letter topic exactly once.
 *
 * <p>The fault is part of the data, not of one answer: the record at {@link #MALFORMED} has an {@code updated_at}
 * that is not a time, on every fetch of its page. So whoever reads it — the victim in a transaction that the kill
 * commits or aborts, or the survivor reading the page again — it is dead-lettered, and exactly-once keeps exactly one
 * committed copy of that dead letter. (A fault served once would make the count depend on the interleaving: the
 * survivor re-reading an aborted page would get good data.) The records after the kill are added only once the
 * victim is dead, so the kill always lands before the end of the stream.
 */
class HttpSourceWorkerKillIT {

    private static final int RECORDS = 20_000;
    /** Served before the kill; the rest is added once the victim is dead. */
    private static final int BEFORE_KILL = 15_000;
    /** The id of the record whose time is not a time: a page or two after the kill's threshold. */
    private static final int MALFORMED = 5_080;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidStreamLosesAndRepeatsNothing() throws Exception {
        try (FakeApi api = new FakeApi();
             ConnectCluster cluster = ConnectCluster.builder("http-kill").workers(0).exactlyOnce().start();
             ForkedWorker a = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-a"));
             ForkedWorker b = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-b"))) {
            // Recent record times, a millisecond apart and all in the past: the broker deletes records stamped beyond
            // its retention and refuses those more than an hour ahead (message.timestamp.after.max.ms).
            Instant epoch = Instant.now().minus(Duration.ofHours(1));
            addRecords(api, epoch, 0, BEFORE_KILL);
            api.delayMillis = 15;   // 300 pages of 50 before the kill: it lands mid-stream
            a.awaitUp(Duration.ofSeconds(90));
            b.awaitUp(Duration.ofSeconds(90));

            Map<String, String> config = exampleConfig();
            config.put("http.url", api.url("/cursor"));
            config.put("http.params", "limit=50");
            config.put("poll.interval.ms", "500");
            config.put("exactly.once.support", "required");
            config.put("record.timestamp.pointer", "/updated_at");
            config.put("name", "api");
            ConnectRest rest = a.rest();
            JsonNode validation = rest.validate(HttpSourceConnector.class.getName(), config);
            assertThat(validation.path("error_count").asInt()).as(validation.toString()).isZero();
            rest.configure("api", config);
            rest.awaitRunning("api", 1, Duration.ofSeconds(60));

            Await.until(Duration.ofSeconds(120), "5,000 records in the topic before the kill",
                    () -> endOffset(cluster.bootstrapServers(), "api-items") >= 5_000);
            ForkedWorker victim = ForkedWorker.runningTask("api", 0, a, b);
            ForkedWorker survivor = ForkedWorker.other(victim, a, b);
            long atKill = endOffset(cluster.bootstrapServers(), "api-items");
            victim.kill();
            addRecords(api, epoch, BEFORE_KILL, RECORDS);

            survivor.awaitTasksHere("api", 1, Duration.ofSeconds(120));
            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "api-items", RECORDS - 1, Duration.ofSeconds(240));
            Map<Integer, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                seen.merge(ConnectRest.JSON.readTree(record.value()).path("id").asInt(), 1, Integer::sum);
            }
            System.out.printf("worker killed at offset %,d of %,d records; %,d records read%n", atKill, RECORDS,
                    records.size());
            assertThat(seen).as("every record but the malformed one").hasSize(RECORDS - 1).doesNotContainKey(MALFORMED);
            assertThat(seen.values()).as("deliveries per record").containsOnly(1);
            assertThat(records).hasSize(RECORDS - 1);

            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "api-items-dlq", 1, Duration.ofSeconds(60));
            assertThat(dead).as("the malformed record, dead-lettered once").hasSize(1);
            // The record's own bytes, which the JsonConverter (schemas off) writes as a base64 string.
            byte[] deadValue = Base64.getDecoder().decode(ConnectRest.JSON.readTree(dead.get(0).value()).asText());
            assertThat(ConnectRest.JSON.readTree(deadValue).path("id").asInt()).isEqualTo(MALFORMED);
            assertThat(header(dead.get(0), "tributary.source.endpoint")).isEqualTo("default");
            assertThat(header(dead.get(0), "tributary.source.url")).startsWith(api.url("/cursor"));
            assertThat(header(dead.get(0), "tributary.error.message")).contains("is neither epoch milliseconds");
        }
    }

    /** Records {@code from} to {@code to - 1}, a millisecond apart from {@code epoch}; MALFORMED's time is none. */
    private static void addRecords(FakeApi api, Instant epoch, int from, int to) {
        for (int id = from; id < to; id++) {
            api.addRecord(id, id == MALFORMED ? "not a time" : epoch.plusMillis(id).toString());
        }
    }

    /** connector-configs/http-source.json's config, as a user would post it. */
    private static Map<String, String> exampleConfig() throws Exception {
        Path file = Path.of(System.getProperty("tributary.root", "..")).resolve("connector-configs/http-source.json");
        JsonNode config = ConnectRest.JSON.readTree(Files.readString(file)).path("config");
        Map<String, String> out = new HashMap<>();
        config.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long endOffset(String bootstrap, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        } catch (Exception notYet) {
            return 0;
        }
    }
}
