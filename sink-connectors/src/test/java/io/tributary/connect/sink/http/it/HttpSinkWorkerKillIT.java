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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP sink when a worker running one of its two tasks is SIGKILLed while records keep arriving, configured
 * through the REST API with a RegexRouter on the sink whose renamed topic chooses the URL ({@code /{{topic}}}). Two
 * topics are routed into one name: their idempotency keys must still name the partition read, or the receiver would
 * take records of one for repeats of the other. A third topic does not match the regex and keeps its name (and URL):
 * the path without a rename, under the same kill. Every record arrives at least once, each counted once through its
 * key, the task runs on, and the connector's committed offsets are those of the original topic-partitions, at their
 * ends.
 *
 * <p>The last part of the input is produced only once the victim is dead, so the kill always lands before the end of
 * the input whatever the machine's speed (and in practice while the first part still streams in). What arrived is
 * counted only once the committed offsets reached the topics' ends: every delivery, repeats included, is done then.
 */
class HttpSinkWorkerKillIT {

    private static final List<String> TOPICS = List.of("rename-src-eu", "rename-src-us", "clicks");
    private static final int RECORDS = 30_000;
    /** Records produced (about 3,000 a second) before the kill; the rest follow once the victim is dead. */
    private static final int BEFORE_KILL = 18_000;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidStreamDeliversEveryRecordUnderItsOriginalKeyAndCommitsTheOriginalPartitions()
            throws Exception {
        try (ConnectCluster cluster = ConnectCluster.builder("http-sink-kill").workers(0).start();
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
                rest.configure("sink", config);
                rest.awaitRunning("sink", 2, Duration.ofSeconds(60));

                Thread producer = new Thread(() -> produce(cluster.bootstrapServers(), 0, BEFORE_KILL, 3_000),
                        "producer");
                producer.start();
                Await.until(Duration.ofSeconds(120), "some records delivered",
                        () -> endpoint.copies.size() >= 3_000);
                ForkedWorker victim = ForkedWorker.runningTask("sink", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                int deliveredAtKill = endpoint.copies.size();
                victim.kill();
                producer.join();
                produce(cluster.bootstrapServers(), BEFORE_KILL, RECORDS, 0);

                survivor.awaitTasksHere("sink", 2, Duration.ofSeconds(120));
                ConnectRest survivorRest = survivor.rest();
                Map<TopicPartition, Long> ends = TopicReader.endOffsets(cluster.bootstrapServers(),
                        TOPICS.toArray(String[]::new));
                assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
                Await.until(Duration.ofSeconds(180), "committed offsets of the original partitions at their ends",
                        () -> survivorRest.sinkOffsets("sink").equals(ends),
                        () -> survivorRest.sinkOffsets("sink") + " != " + ends + "; "
                                + endpoint.copies.size() + " distinct records at the endpoint");

                long received = endpoint.copies.values().stream().mapToLong(Integer::longValue).sum();
                System.out.printf("worker killed with %,d records delivered; %,d received in %,d requests, "
                        + "%,d of them repeats%n", deliveredAtKill, received, endpoint.requests.get(),
                        endpoint.repeats.get());
                assertThat(endpoint.copies).as("every record at least once").hasSize(RECORDS);
                assertThat(endpoint.accepted).as("counted once each through the idempotency key").hasSize(RECORDS);
                assertThat(received - endpoint.repeats.get()).as("every copy beyond the first was flagged a repeat")
                        .isEqualTo(RECORDS);
                assertThat(endpoint.paths).as("the renamed topic chose the URL, the other kept its name")
                        .containsExactlyInAnyOrder("/table_src", "/clicks");
                assertThat(endpoint.keyPartitions).as("idempotency keys name the partitions read")
                        .containsExactlyInAnyOrder("rename-src-eu-0", "rename-src-eu-1", "rename-src-us-0",
                                "rename-src-us-1", "clicks-0", "clicks-1");
                assertThat(survivorRest.sinkOffsets("sink")).as("GET /connectors/sink/offsets").isEqualTo(ends);
                survivorRest.awaitRunning("sink", 2, Duration.ofSeconds(30));
            }
        }
    }

    /** Records {@code from} to {@code to} (exclusive), spread over the topics; {@code perSecond} 0 means at once. */
    private static void produce(String bootstrap, long from, long to, int perSecond) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (long id = from; id < to; id++) {
                producer.send(new ProducerRecord<>(TOPICS.get((int) (id % TOPICS.size())), String.valueOf(id % 97),
                        "{\"id\":" + id + "}"));
                if (perSecond > 0) {
                    long wait = start + (id - from) * 1_000_000_000L / perSecond - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
