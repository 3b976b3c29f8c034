package io.tributary.connect.source.file.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two workers, in their own JVMs, on one input directory, as several Connect workers on shared storage are: the
 * file source's one task reads part of the files on one worker, that worker goes away, the task moves to the other
 * and more files arrive. The new worker must resume each file where the offsets topic says (by the file's identity,
 * which must mean the same to it), so no file is read again and none is skipped.
 *
 * <p>The workers run with the shipped worker config's {@code exactly.once.source.support=enabled}: every line is in
 * the topic exactly once (read_committed) whether the worker is stopped (SIGTERM, as a rolling restart does) or
 * dies (SIGKILL). Both workers share this host's device numbers, so this is the move between workers; that the
 * identity ignores the device is FileIdentityTest's.
 */
class FileSourceSharedDirectoryIT {

    private static final int LINES_PER_FILE = 20_000;
    /** Files present from the start; the kill or stop lands while the task works through them. */
    private static final int FIRST_FILES = 8;
    /** Files that appear once the first worker is gone. */
    private static final int LATER_FILES = 4;
    private static final int LINES = (FIRST_FILES + LATER_FILES) * LINES_PER_FILE;
    /**
     * Connect's cooperative rebalancing keeps a departed worker's tasks unassigned for up to this long (default 5
     * minutes), waiting for the worker to come back, whether it left cleanly or died.
     */
    private static final String REBALANCE_DELAY_MS = "3000";

    @TempDir
    Path dir;

    @Test
    void aTaskMovedByStoppingItsWorkerDeliversEveryLineOfTheSharedDirectoryExactlyOnce() throws Exception {
        Map<String, Integer> seen = runAndRemoveWorker("stop", victim -> {
            Duration took = victim.terminate(Duration.ofSeconds(60));
            System.out.println("SIGTERM: worker exited " + (took == null ? "only when killed after 60 s"
                    : "after " + took.toMillis() + " ms"));
        });
        assertThat(seen).hasSize(LINES);
        assertThat(seen.values()).as("deliveries per line").containsOnly(1);
    }

    @Test
    void aTaskMovedByKillingItsWorkerDeliversEveryLineOfTheSharedDirectoryExactlyOnce() throws Exception {
        Map<String, Integer> seen = runAndRemoveWorker("kill", ForkedWorker::kill);
        assertThat(seen).hasSize(LINES);
        assertThat(seen.values()).as("deliveries per line").containsOnly(1);
    }

    private interface Removal {
        void remove(ForkedWorker victim);
    }

    private Map<String, Integer> runAndRemoveWorker(String name, Removal removal) throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        List<String> ids = new ArrayList<>();
        for (int f = 0; f < FIRST_FILES + LATER_FILES; f++) {
            // Later files wait under hidden names (never read) and appear by an atomic rename, as writers should.
            String file = String.format("events-%02d.jsonl", f);
            ids.addAll(write(shared.resolve(f < FIRST_FILES ? file : "." + file), f));
        }
        String topic = "events-" + name;
        try (ConnectCluster cluster = ConnectCluster.builder("shared-" + name).workers(0).exactlyOnce()
                .workerProp("scheduled.rebalance.max.delay.ms", REBALANCE_DELAY_MS).start();
             ForkedWorker a = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-a"));
             ForkedWorker b = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-b"))) {
            a.awaitUp(Duration.ofSeconds(90));
            b.awaitUp(Duration.ofSeconds(90));
            Map<String, String> config = new HashMap<>(Map.of(
                    "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                    "topic", topic,
                    "file.path", shared.toString(),
                    "file.glob", "*.jsonl",
                    "file.min.age.ms", "0",
                    "batch.max.records", "500",
                    "exactly.once.support", "required",
                    "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable", "false"));
            a.rest().configure("shared", config);
            a.rest().awaitRunning("shared", 1, Duration.ofSeconds(60));

            Await.until(Duration.ofSeconds(120), "30,000 records in " + topic + " before the worker goes",
                    () -> committedEnd(cluster.bootstrapServers(), topic) >= 30_000);
            ForkedWorker victim = ForkedWorker.runningTask("shared", 0, a, b);
            ForkedWorker survivor = ForkedWorker.other(victim, a, b);
            removal.remove(victim);
            long atRemoval = committedEnd(cluster.bootstrapServers(), topic);
            Set<String> finishedBefore = listed(shared.resolve("finished"));
            survivor.awaitTasksHere("shared", 1, Duration.ofSeconds(120));
            for (int f = FIRST_FILES; f < FIRST_FILES + LATER_FILES; f++) {
                String file = String.format("events-%02d.jsonl", f);
                Files.move(shared.resolve("." + file), shared.resolve(file), StandardCopyOption.ATOMIC_MOVE);
            }

            // Every file is moved to finished/ once all its records are in Kafka: then nothing is left to read.
            Await.until(Duration.ofSeconds(180), "every file moved to " + shared.resolve("finished"),
                    () -> listed(shared.resolve("finished")).size() == FIRST_FILES + LATER_FILES);
            assertThat(listed(shared)).as("files left in the shared directory").isEmpty();
            assertThat(listed(shared.resolve("finished"))).as("each file finished once, none a second time")
                    .isEqualTo(expectedFiles());
            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                    topic, LINES, Duration.ofSeconds(60));
            Map<String, Integer> seen = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                seen.merge(ConnectRest.JSON.readTree(record.value()).path("id").asText(), 1, Integer::sum);
            }
            assertThat(seen.keySet()).isEqualTo(Set.copyOf(ids));
            System.out.printf("%s: %,d of %,d lines in the topic when the worker went (%d of %d first files "
                    + "finished); %,d records read, %,d duplicates%n", name, atRemoval, LINES, finishedBefore.size(),
                    FIRST_FILES, records.size(), records.size() - seen.size());
            return seen;
        }
    }

    private static List<String> write(Path file, int fileIndex) throws IOException {
        List<String> ids = new ArrayList<>(LINES_PER_FILE);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int n = 0; n < LINES_PER_FILE; n++) {
                String id = fileIndex + "-" + n;
                ids.add(id);
                out.write("{\"id\":\"" + id + "\",\"file\":" + fileIndex + ",\"n\":" + n + "}\n");
            }
        }
        return ids;
    }

    private static Set<String> expectedFiles() {
        Set<String> names = new TreeSet<>();
        for (int f = 0; f < FIRST_FILES + LATER_FILES; f++) {
            names.add(String.format("events-%02d.jsonl", f));
        }
        return names;
    }

    /** Names of the regular, visible files directly in {@code directory} (none when it does not exist yet). */
    private static Set<String> listed(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Set.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The topic's end offset (transaction markers included): a mark of progress, not a count of records. */
    private static long committedEnd(String bootstrap, String topic) {
        try {
            return TopicReader.endOffsets(bootstrap, topic).getOrDefault(new TopicPartition(topic, 0), 0L);
        } catch (RuntimeException notYet) {
            return 0;
        }
    }
}
