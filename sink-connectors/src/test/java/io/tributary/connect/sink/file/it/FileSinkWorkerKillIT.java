package io.tributary.connect.sink.file.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file sink when a worker running one of its tasks is killed (SIGKILL) while files are open and records keep
 * arriving: the task's partitions move to the other worker, which resumes after the last committed file. Every
 * record ends up in exactly one visible file, and every visible file is complete.
 */
class FileSinkWorkerKillIT {

    private static final int RECORDS = 150_000;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledBeforeCommitLeavesNoDuplicateAndNoPartialFile() throws Exception {
        Path out = dir.resolve("out");
        try (ConnectCluster cluster = ConnectCluster.builder("sink-kill").workers(0).start()) {
            Map<String, String> workerProps = cluster.workerProps();
            workerProps.put("consumer.session.timeout.ms", "6000");
            workerProps.put("consumer.heartbeat.interval.ms", "1000");
            cluster.createTopic("orders", 4);
            try (ForkedWorker a = ForkedWorker.start(workerProps, dir.resolve("worker-a"));
                 ForkedWorker b = ForkedWorker.start(workerProps, dir.resolve("worker-b"))) {
                a.awaitUp(Duration.ofSeconds(90));
                b.awaitUp(Duration.ofSeconds(90));
                ConnectRest rest = a.rest();
                rest.configure("sink", Map.of(
                        "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                        "tasks.max", "2",
                        "topics", "orders",
                        "file.path", out.toString(),
                        "rotate.records", "3000",
                        "rotate.interval.ms", "3000",
                        "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                        "value.converter.schemas.enable", "false"));
                rest.awaitRunning("sink", 2, Duration.ofSeconds(60));

                AtomicLong produced = new AtomicLong();
                Thread producer = new Thread(() -> produce(cluster.bootstrapServers(), produced), "producer");
                producer.start();
                Await.until(Duration.ofSeconds(120), "some files committed while records still arrive",
                        () -> SinkOutput.files(out).size() >= 4 && produced.get() < RECORDS);
                ForkedWorker victim = ForkedWorker.runningTask("sink", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                int visibleAtKill = SinkOutput.lines(out).size();
                victim.kill();
                producer.join();

                survivor.awaitTasksHere("sink", 2, Duration.ofSeconds(120));
                Await.until(Duration.ofSeconds(180), RECORDS + " records in visible files",
                        () -> SinkOutput.lines(out).size() >= RECORDS, () -> SinkOutput.lines(out).size() + " lines");
                Thread.sleep(2_000);

                List<String> lines = SinkOutput.lines(out);
                Map<Long, Integer> seen = new HashMap<>();
                for (String line : lines) {
                    long id = ConnectRest.JSON.readTree(line).path("id").asLong();
                    seen.merge(id, 1, Integer::sum);
                }
                System.out.printf("worker killed with %,d records visible; %,d lines in %d files afterwards%n",
                        visibleAtKill, lines.size(), SinkOutput.files(out).size());
                assertThat(visibleAtKill).as("killed mid-stream").isLessThan(RECORDS);
                assertThat(seen).hasSize(RECORDS);
                assertThat(seen.values()).as("copies of each record").containsOnly(1);
                for (Path file : SinkOutput.files(out)) {
                    assertThat(file.getFileName().toString()).matches("orders\\+\\d\\+\\d{20}\\.jsonl");
                    assertThat(Files.readString(file)).endsWith("}\n");
                }
            }
        }
    }

    private static void produce(String bootstrap, AtomicLong produced) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (long id = 0; id < RECORDS; id++) {
                producer.send(new ProducerRecord<>("orders", String.valueOf(id % 97),
                        "{\"id\":" + id + ",\"amount\":" + (id % 1000) + ".5}"));
                produced.incrementAndGet();
                // About 15,000 records a second, so the kill lands while records still arrive.
                long due = start + id * 1_000_000_000L / 15_000;
                long wait = due - System.nanoTime();
                if (wait > 1_000_000) {
                    Thread.sleep(wait / 1_000_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
