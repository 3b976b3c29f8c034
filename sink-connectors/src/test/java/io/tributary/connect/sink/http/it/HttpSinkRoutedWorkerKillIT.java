package io.tributary.connect.sink.http.it;

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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP sink with a RegexRouter on the sink, configured through the REST API, whose renamed topic chooses the URL
 * ({@code /{{topic}}}), when a worker running one of its tasks is SIGKILLed mid-stream. Two topics are routed into one
 * name: their idempotency keys must still name the partition read, or the receiver would take records of one for
 * repeats of the other. Every record arrives at least once, each counted once through its key, the task runs on,
 * and the connector's committed offsets are those of the original topic-partitions, at their ends.
 */
class HttpSinkRoutedWorkerKillIT {

    private static final int RECORDS = 30_000;
    private static final List<String> TOPICS = List.of("rename-src-eu", "rename-src-us");

    @TempDir
    Path dir;

    @Test
    void aRoutedSinkKilledMidStreamDeliversEveryRecordUnderItsOriginalKeyAndCommitsTheOriginalPartitions()
            throws Exception {
        try (ConnectCluster cluster = ConnectCluster.builder("http-routed-kill").workers(0).start();
             LoopbackEndpoint endpoint = new LoopbackEndpoint(id -> false)) {
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
                        "connector.class", "io.tributary.connect.sink.http.HttpSinkConnector",
                        "tasks.max", "2",
                        "topics", String.join(",", TOPICS),
                        "http.url", endpoint.url("/{{topic}}"),
                        "batch.max.records", "200",
                        "batch.linger.ms", "50",
                        "idempotency.key.header", LoopbackEndpoint.KEY_HEADER,
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
                Await.until(Duration.ofSeconds(120), "some records delivered while records still arrive",
                        () -> endpoint.copies.size() >= 3_000 && produced.get() < RECORDS);
                ForkedWorker victim = ForkedWorker.runningTask("routed", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                int deliveredAtKill = endpoint.copies.size();
                victim.kill();
                producer.join();

                survivor.awaitTasksHere("routed", 2, Duration.ofSeconds(120));
                Await.until(Duration.ofSeconds(180), RECORDS + " distinct records at the endpoint",
                        () -> endpoint.copies.size() >= RECORDS, () -> endpoint.copies.size() + " distinct");
                ConnectRest survivorRest = survivor.rest();
                Map<TopicPartition, Long> ends = TopicReader.endOffsets(cluster.bootstrapServers(),
                        TOPICS.toArray(String[]::new));
                Await.until(Duration.ofSeconds(60), "committed offsets of the original partitions at their ends",
                        () -> survivorRest.sinkOffsets("routed").equals(ends),
                        () -> survivorRest.sinkOffsets("routed") + " != " + ends);

                long received = endpoint.copies.values().stream().mapToLong(Integer::longValue).sum();
                System.out.printf("worker killed with %,d records delivered; %,d received in %,d requests, "
                        + "%,d of them repeats%n", deliveredAtKill, received, endpoint.requests.get(),
                        endpoint.repeats.get());
                assertThat(deliveredAtKill).as("killed mid-stream").isLessThan(RECORDS);
                assertThat(endpoint.copies).as("every record at least once").hasSize(RECORDS);
                assertThat(endpoint.accepted).as("counted once each through the idempotency key").hasSize(RECORDS);
                assertThat(received - endpoint.repeats.get()).as("every copy beyond the first was flagged a repeat")
                        .isEqualTo(RECORDS);
                assertThat(endpoint.paths).as("the renamed topic chose the URL").containsExactly("/table_src");
                assertThat(endpoint.keyPartitions).as("idempotency keys name the partitions read")
                        .containsExactlyInAnyOrder("rename-src-eu-0", "rename-src-eu-1", "rename-src-us-0",
                                "rename-src-us-1");
                assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
                assertThat(survivorRest.sinkOffsets("routed")).as("GET /connectors/routed/offsets").isEqualTo(ends);
                survivorRest.awaitRunning("routed", 2, Duration.ofSeconds(30));
            }
        }
    }

    private static void produce(String bootstrap, AtomicLong produced) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (long id = 0; id < RECORDS; id++) {
                producer.send(new ProducerRecord<>(TOPICS.get((int) (id % 2)), String.valueOf(id % 97),
                        "{\"id\":" + id + "}"));
                produced.incrementAndGet();
                // About 3,000 records a second, so the kill lands while records still arrive.
                long due = start + id * 1_000_000_000L / 3_000;
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
