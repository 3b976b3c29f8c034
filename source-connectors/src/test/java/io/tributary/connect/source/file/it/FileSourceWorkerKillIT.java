package io.tributary.connect.source.file.it;

import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
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

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file source when the worker running its task dies mid-file: SIGKILL, no shutdown, no last offset commit.
 * The task moves to the surviving worker and resumes from the committed offset. With exactly-once enabled every
 * line is in the topic exactly once (read_committed); without it, at least once.
 *
 * <p>The last lines are in a second file that appears (renamed from a hidden name) only once the victim is dead, so
 * the kill always lands before the end of the input, and in practice mid-way through the first file.
 */
class FileSourceWorkerKillIT {

    private static final int LINES = 300_000;
    /** Lines in the first file; the rest are in the file that appears after the kill. */
    private static final int FIRST_FILE_LINES = 200_000;

    @TempDir
    Path dir;

    @Test
    void withExactlyOnceEveryLineIsDeliveredExactlyOnceAfterAWorkerIsKilledMidFile() throws Exception {
        Map<String, Integer> seen = runAndKill(true);
        assertThat(seen).hasSize(LINES);
        assertThat(seen.values()).as("deliveries per line").containsOnly(1);
    }

    @Test
    void withoutExactlyOnceEveryLineIsDeliveredAtLeastOnceAfterAWorkerIsKilledMidFile() throws Exception {
        Map<String, Integer> seen = runAndKill(false);
        assertThat(seen).hasSize(LINES);
        assertThat(seen.values()).allMatch(n -> n >= 1);
    }

    private Map<String, Integer> runAndKill(boolean exactlyOnce) throws Exception {
        Path input = Files.createDirectories(dir.resolve("input"));
        Set<String> ids = writeEvents(input.resolve("events-1.jsonl"), input.resolve(".events-2.jsonl"));
        ConnectCluster.Builder builder = ConnectCluster.builder("kill-" + exactlyOnce).workers(0);
        if (exactlyOnce) {
            builder.exactlyOnce();
        }
        try (ConnectCluster cluster = builder.start();
             ForkedWorker a = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-a"));
             ForkedWorker b = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-b"))) {
            a.awaitUp(Duration.ofSeconds(90));
            b.awaitUp(Duration.ofSeconds(90));
            ConnectRest rest = a.rest();
            Map<String, String> config = new HashMap<>(Map.of(
                    "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                    "topic", "events",
                    "file.path", input.toString(),
                    "file.min.age.ms", "0",
                    "batch.max.records", "500",
                    "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable", "false"));
            if (exactlyOnce) {
                config.put("exactly.once.support", "required");
            }
            rest.configure("killed", config);
            rest.awaitRunning("killed", 1, Duration.ofSeconds(60));

            Await.until(Duration.ofSeconds(120), "30,000 records in the topic before the kill",
                    () -> endOffset(cluster.bootstrapServers(), "events") >= 30_000);
            ForkedWorker victim = ForkedWorker.runningTask("killed", 0, a, b);
            ForkedWorker survivor = ForkedWorker.other(victim, a, b);
            long atKill = endOffset(cluster.bootstrapServers(), "events");
            victim.kill();
            Files.move(input.resolve(".events-2.jsonl"), input.resolve("events-2.jsonl"),
                    StandardCopyOption.ATOMIC_MOVE);

            survivor.awaitTasksHere("killed", 1, Duration.ofSeconds(120));
            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    "events", LINES, Duration.ofSeconds(180));
            Map<String, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                String id = ConnectRest.JSON.readTree(record.value()).path("event_id").asText();
                seen.merge(id, 1, Integer::sum);
            }
            assertThat(seen.keySet()).isEqualTo(ids);
            System.out.printf("exactlyOnce=%s: worker killed at offset %,d of %,d lines; %,d records read, "
                    + "%,d duplicates%n", exactlyOnce, atKill, LINES, records.size(), records.size() - seen.size());
            return seen;
        }
    }

    private static Set<String> writeEvents(Path first, Path second) throws IOException {
        Set<String> ids = new HashSet<>();
        try (OutputStream out1 = new BufferedOutputStream(Files.newOutputStream(first), 1 << 20);
             OutputStream out2 = new BufferedOutputStream(Files.newOutputStream(second), 1 << 20)) {
            EventGenerator generator = new EventGenerator(GeneratorSettings.clean(LINES, 5), Instant.now());
            while (generator.hasNext()) {
                GeneratedEvent event = generator.next();
                OutputStream out = ids.size() < FIRST_FILE_LINES ? out1 : out2;
                ids.add(event.eventId());
                out.write(event.bytes());
                out.write('\n');
            }
        }
        assertThat(ids).hasSize(LINES);
        return ids;
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
