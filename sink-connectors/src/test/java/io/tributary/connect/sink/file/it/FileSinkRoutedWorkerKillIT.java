package io.tributary.connect.sink.file.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file sink with a RegexRouter on the sink (the usual way to choose a directory or table name), configured through
 * the REST API, when a worker running one of its tasks is SIGKILLed mid-stream. Two topics are routed into one name,
 * so their partitions 0 and 1 share directories: files, markers and offsets must stay apart by the partition read.
 * Every record ends up in exactly one visible file, the task runs on, and the connector's committed offsets are those
 * of the original topic-partitions, at their ends.
 */
class FileSinkRoutedWorkerKillIT {

    private static final int RECORDS = 100_000;
    private static final List<String> TOPICS = List.of("rename-src-eu", "rename-src-us");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aRoutedSinkKilledMidStreamWritesEveryRecordOnceAndCommitsTheOriginalPartitions() throws Exception {
        Path out = dir.resolve("out");
        try (ConnectCluster cluster = ConnectCluster.builder("routed-sink-kill").workers(0).start()) {
            Map<String, String> workerProps = cluster.workerProps();
            workerProps.put("consumer.session.timeout.ms", "6000");
            workerProps.put("consumer.heartbeat.interval.ms", "1000");
            TOPICS.forEach(topic -> cluster.createTopic(topic, 2));
            try (ForkedWorker a = ForkedWorker.start(workerProps, dir.resolve("worker-a"));
                 ForkedWorker b = ForkedWorker.start(workerProps, dir.resolve("worker-b"))) {
                a.awaitUp(Duration.ofSeconds(90));
                b.awaitUp(Duration.ofSeconds(90));
                ConnectRest rest = a.rest();
                Map<String, String> config = new HashMap<>(Map.of(
                        "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                        "tasks.max", "2",
                        "topics", String.join(",", TOPICS),
                        "file.path", out.toString(),
                        "rotate.records", "3000",
                        "rotate.interval.ms", "3000",
                        "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                        "value.converter.schemas.enable", "false"));
                config.put("transforms", "r");
                config.put("transforms.r.type", "org.apache.kafka.connect.transforms.RegexRouter");
                config.put("transforms.r.regex", "rename-(src)-.*");
                config.put("transforms.r.replacement", "table_$1");
                rest.configure("routed", config);
                rest.awaitRunning("routed", 2, Duration.ofSeconds(60));

                AtomicLong produced = new AtomicLong();
                Thread producer = new Thread(() -> produce(cluster.bootstrapServers(), produced), "producer");
                producer.start();
                Await.until(Duration.ofSeconds(120), "some files committed while records still arrive",
                        () -> SinkOutput.files(out).size() >= 4 && produced.get() < RECORDS);
                ForkedWorker victim = ForkedWorker.runningTask("routed", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                int visibleAtKill = SinkOutput.lines(out).size();
                victim.kill();
                producer.join();

                survivor.awaitTasksHere("routed", 2, Duration.ofSeconds(120));
                Await.until(Duration.ofSeconds(180), RECORDS + " records in visible files",
                        () -> SinkOutput.lines(out).size() >= RECORDS, () -> SinkOutput.lines(out).size() + " lines");

                List<String> lines = SinkOutput.lines(out);
                Map<Long, Integer> seen = new HashMap<>();
                for (String line : lines) {
                    seen.merge(ConnectRest.JSON.readTree(line).path("id").asLong(), 1, Integer::sum);
                }
                System.out.printf("worker killed with %,d records visible; %,d lines in %d files afterwards%n",
                        visibleAtKill, lines.size(), SinkOutput.files(out).size());
                assertThat(visibleAtKill).as("killed mid-stream").isLessThan(RECORDS);
                assertThat(seen).hasSize(RECORDS);
                assertThat(seen.values()).as("copies of each record").containsOnly(1);
                ConnectRest survivorRest = survivor.rest();
                Map<TopicPartition, Long> ends = TopicReader.endOffsets(cluster.bootstrapServers(),
                        TOPICS.toArray(String[]::new));
                Await.until(Duration.ofSeconds(60), "committed offsets of the original partitions at their ends",
                        () -> survivorRest.sinkOffsets("routed").equals(ends),
                        () -> survivorRest.sinkOffsets("routed") + " != " + ends);
                assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
                assertThat(survivorRest.sinkOffsets("routed")).as("GET /connectors/routed/offsets").isEqualTo(ends);
                survivorRest.awaitRunning("routed", 2, Duration.ofSeconds(30));
                for (Path file : SinkOutput.files(out)) {
                    assertThat(out.relativize(file).toString())
                            .matches("table_src/partition=[01]/rename-src-(eu|us)\\+[01]\\+\\d{20}\\.jsonl");
                    assertThat(Files.readString(file)).endsWith("}\n");
                }
                try (Stream<Path> markers = Files.list(out.resolve(".tributary-offsets"))) {
                    assertThat(markers.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                            .containsExactlyInAnyOrder("rename-src-eu+0", "rename-src-eu+1", "rename-src-us+0",
                                    "rename-src-us+1");
                }
            }
        }
    }

    private static void produce(String bootstrap, AtomicLong produced) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (long id = 0; id < RECORDS; id++) {
                producer.send(new ProducerRecord<>(TOPICS.get((int) (id % 2)), String.valueOf(id % 97),
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
