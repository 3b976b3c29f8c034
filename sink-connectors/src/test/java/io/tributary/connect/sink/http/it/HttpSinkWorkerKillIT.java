package io.tributary.connect.sink.http.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP sink when a worker running one of its tasks is killed (SIGKILL) while records keep arriving: the task's
 * partitions move to the other worker, which starts at the last committed offset. Every record reaches the endpoint
 * at least once, and the idempotency key lets the endpoint count each exactly once.
 */
class HttpSinkWorkerKillIT {

    private static final int RECORDS = 30_000;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidStreamLosesNoRecordAndTheIdempotencyKeyExposesEveryRepeat() throws Exception {
        try (ConnectCluster cluster = ConnectCluster.builder("http-sink-kill").workers(0).start();
             LoopbackEndpoint endpoint = new LoopbackEndpoint(id -> false)) {
            Map<String, String> workerProps = cluster.workerProps();
            workerProps.put("consumer.session.timeout.ms", "6000");
            workerProps.put("consumer.heartbeat.interval.ms", "1000");
            cluster.createTopic("clicks", 4);
            try (ForkedWorker a = ForkedWorker.start(workerProps, dir.resolve("worker-a"));
                 ForkedWorker b = ForkedWorker.start(workerProps, dir.resolve("worker-b"))) {
                a.awaitUp(Duration.ofSeconds(90));
                b.awaitUp(Duration.ofSeconds(90));
                ConnectRest rest = a.rest();
                rest.configure("sink", Map.of(
                        "connector.class", "io.tributary.connect.sink.http.HttpSinkConnector",
                        "tasks.max", "2",
                        "topics", "clicks",
                        "http.url", endpoint.url("/clicks"),
                        "batch.max.records", "200",
                        "batch.linger.ms", "50",
                        "idempotency.key.header", LoopbackEndpoint.KEY_HEADER,
                        "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                        "value.converter.schemas.enable", "false"));
                rest.awaitRunning("sink", 2, Duration.ofSeconds(60));

                AtomicLong produced = new AtomicLong();
                Thread producer = new Thread(() -> produce(cluster.bootstrapServers(), produced), "producer");
                producer.start();
                Await.until(Duration.ofSeconds(120), "some records delivered while records still arrive",
                        () -> endpoint.copies.size() >= 3_000 && produced.get() < RECORDS);
                ForkedWorker victim = ForkedWorker.runningTask("sink", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                int deliveredAtKill = endpoint.copies.size();
                victim.kill();
                producer.join();

                survivor.awaitTasksHere("sink", 2, Duration.ofSeconds(120));
                Await.until(Duration.ofSeconds(180), RECORDS + " distinct records at the endpoint",
                        () -> endpoint.copies.size() >= RECORDS, () -> endpoint.copies.size() + " distinct");

                long received = endpoint.copies.values().stream().mapToLong(Integer::longValue).sum();
                System.out.printf("worker killed with %,d records delivered; %,d received in %,d requests, "
                        + "%,d of them repeats%n", deliveredAtKill, received, endpoint.requests.get(),
                        endpoint.repeats.get());
                assertThat(deliveredAtKill).as("killed mid-stream").isLessThan(RECORDS);
                assertThat(endpoint.copies).as("every record at least once").hasSize(RECORDS);
                assertThat(endpoint.accepted).as("counted once each through the idempotency key").hasSize(RECORDS);
                assertThat(received - endpoint.repeats.get()).as("every copy beyond the first was flagged a repeat")
                        .isEqualTo(RECORDS);
            }
        }
    }

    private static void produce(String bootstrap, AtomicLong produced) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (long id = 0; id < RECORDS; id++) {
                producer.send(new ProducerRecord<>("clicks", String.valueOf(id % 97), "{\"id\":" + id + "}"));
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
