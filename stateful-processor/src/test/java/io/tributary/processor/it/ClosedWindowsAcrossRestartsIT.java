package io.tributary.processor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window whose final result went out stays closed when its task starts again (a restart, or the task moving to
 * another instance): an event for it that arrives afterwards is late, as it would have been before. Kafka Streams'
 * window and suppression steps start their stream time from nothing in a new task while the restored window store
 * still holds the emitted window, so without the job keeping its stream time such an event re-opened the window and
 * its final result came out a second time, its events counted twice (RollingRestartIT's per-type-1m, issue 15).
 */
class ClosedWindowsAcrossRestartsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000;
    private static ConnectCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = ConnectCluster.builder("processor-closed-windows").workers(0).start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aWindowClosedByANewerEventStaysClosedAfterARestart() throws Exception {
        String p = "closer-";
        kafka.createTopic(p + "raw", 1);
        ProcessorConfig config = config(p, "");
        // Recent event times: the broker keeps them, and results carry them.
        long window = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;

        try (ProcessorRuntime processor = start(config)) {
            send(p, "a-1", window + 1_000);
            send(p, "a-2", window + 2_000);
            send(p, "a-3", window + 3_000);
            // Just past the window's end and grace: it closes, and stays in the store (retention: size and grace).
            send(p, "b-1", window + MINUTE + 11_000);
            assertThat(results(p, 1)).containsExactly(window + ":3");
        }

        try (ProcessorRuntime processor = start(config)) {
            send(p, "a-4", window + 4_000);   // late for the closed window
            send(p, "c-1", window + 4 * MINUTE);   // closes b-1's window (and any the late one re-opened)
            // b-1's window comes out with whatever the late event re-opened, in the same commit.
            assertThat(results(p, 2)).as("one final result per window").containsExactly(window + ":3",
                    (window + MINUTE) + ":1");
        }
        assertThat(lateIds(p)).containsExactly("a-4");
    }

    @Test
    void aWindowClosedWhileItsInputIdledStaysClosedAfterARestart() throws Exception {
        String p = "idle-";
        kafka.createTopic(p + "raw", 1);
        ProcessorConfig config = config(p, ", idle.close: 2s");
        long window = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;

        try (ProcessorRuntime processor = start(config)) {
            send(p, "a-1", window + 1_000);
            send(p, "a-2", window + 2_000);
            assertThat(results(p, 1)).as("closed by the idle close").containsExactly(window + ":2");
        }

        try (ProcessorRuntime processor = start(config)) {
            send(p, "a-3", window + 3_000);   // late for the window the idle close closed
            send(p, "b-1", window + 5 * MINUTE);
            // b-1's window comes out once the input idles again, with whatever the late event re-opened.
            assertThat(results(p, 2)).as("one final result per window").containsExactly(window + ":2",
                    (window + 5 * MINUTE) + ":1");
        }
        assertThat(lateIds(p)).containsExactly("a-3");
    }

    private ProcessorConfig config(String p, String idle) throws Exception {
        return ProcessorConfig.parse(ProcessorRuns.settings(p, kafka.bootstrapServers(), dir.resolve(p + "state"))
                + """
                jobs:
                  - name: counts
                    kind: aggregate
                    input: %1$sraw
                    output: %1$scounts
                    late.topic: %1$slate
                    dead.letter.topic: %1$sdlq
                    group.by: type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 10s%2$s}
                    emit: final
                    aggregations:
                      - {name: n, fn: count}
                """.formatted(p, idle), "processor.yaml");
    }

    private static ProcessorRuntime start(ProcessorConfig config) throws Exception {
        return ProcessorRuns.start(config);
    }

    private static void send(String p, String id, long ts) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(p + "raw", "k", "{\"event_id\": \"" + id
                    + "\", \"type\": \"t\", \"ts\": " + ts + "}")).get();
        }
    }

    /** The committed results, "window start:count" each, once at least {@code expected} are there. */
    private static List<String> results(String p, int expected) throws Exception {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), p + "counts", expected,
                Duration.ofSeconds(90), Duration.ofSeconds(2), true)) {
            JsonNode w = JSON.readTree(r.value());
            out.add(w.get("window_start_ms").asLong() + ":" + w.get("n").asLong());
        }
        return out;
    }

    private static List<String> lateIds(String p) throws Exception {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), p + "late",
                Duration.ofSeconds(1))) {
            out.add(JSON.readTree(r.value()).get("event_id").asText());
        }
        return out;
    }
}
