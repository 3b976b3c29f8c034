package io.tributary.processor.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.event.Events;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.LoopbackPorts;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /pipeline/status} and {@code /events/stats} against a real Connect worker (Apache's FileStream connectors:
 * a source, a sink that dead-letters records its converter cannot read, a sink whose task fails at start) and the
 * processor with a dedup job reading the source's topic.
 */
class PipelineStatusIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    private static ConnectCluster connect;
    private static ProcessorRuntime processor;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        connect = ConnectCluster.builder("status").start();
        connect.createTopic("st-raw", 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String value : List.of("{\"n\": 1}", "not json", "{\"n\": 2}", "{also not", "{\"n\": 3}")) {
                producer.send(new ProducerRecord<>("st-raw", value)).get();
            }
        }
        Path lines = dir.resolve("lines.txt");
        Files.write(lines, List.of("{\"id\": \"1\"}", "{\"id\": \"2\"}", "{\"id\": \"2\"}", "not an event",
                "{\"id\": \"3\"}"));
        connect.rest().configure("lines", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "tasks.max", "1", "file", lines.toString(), "topic", "st-lines",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        connect.rest().configure("to-file", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "tasks.max", "1", "file", dir.resolve("out.txt").toString(), "topics", "st-raw",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false",
                "errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "st-raw-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1"));
        connect.rest().configure("broken", Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSinkConnector",
                "tasks.max", "1", "file", dir.resolve("no-such-directory/out.txt").toString(), "topics", "st-raw"));
        connect.rest().awaitRunning("lines", 1, Duration.ofSeconds(60));
        connect.rest().awaitRunning("to-file", 1, Duration.ofSeconds(60));

        int port = LoopbackPorts.free();
        // A job name no other IT of this module uses: the processor's job counters are per JVM (JobMetrics), and the
        // module's ITs share one JVM (ProcessorIT's and AvroProcessorIT's "dedup" jobs ran up this one's counts).
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: st-app
                bootstrap.servers: %s
                state.dir: %s
                streams:
                  num.stream.threads: 1
                  replication.factor: 1
                  commit.interval.ms: 100
                http.listen: 127.0.0.1:%d
                status.connect.url: %s
                status.sample.interval.ms: 1000
                jobs:
                  - {name: st-dedup, kind: dedup, input: st-lines, output: st-unique, id: id, retention: 1h}
                """.formatted(connect.bootstrapServers(), dir.resolve("state"), port, connect.restUrl()), "test");
        processor = ProcessorRuntime.start(config, null, null);
        Await.until(Duration.ofSeconds(120), "the processor to run",
                () -> processor.streams().state() == KafkaStreams.State.RUNNING);
        base = "http://127.0.0.1:" + processor.httpPort();
    }

    @AfterAll
    static void stop() {
        if (processor != null) {
            processor.close();
        }
        if (connect != null) {
            connect.close();
        }
    }

    private record Answer(int status, JsonNode json) {
    }

    private static Answer get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), Events.MAPPER.readTree(response.body()));
        } catch (Exception e) {
            throw new AssertionError(path + ": " + e, e);
        }
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText()) || name.equals(item.path("topic").asText())) {
                return item;
            }
        }
        throw new AssertionError("no '" + name + "' in " + list);
    }

    @Test
    void aFailedTaskDegradesThePipelineWithItsTrace() {
        Answer[] last = new Answer[1];
        Await.until(Duration.ofSeconds(60), "the broken connector's task FAILED in /pipeline/status", () -> {
            last[0] = get("/pipeline/status");
            return "FAILED".equals(named(last[0].json().path("connectors"), "broken").path("tasks").path(0)
                    .path("state").asText());
        }, () -> String.valueOf(last[0]));
        Answer answer = last[0];
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asText()).isEqualTo("DEGRADED");
        JsonNode task = named(answer.json().path("connectors"), "broken").path("tasks").path(0);
        assertThat(task.path("trace").asText()).startsWith("org.apache.kafka.connect.errors.ConnectException")
                .doesNotContain("\n");
        assertThat(task.path("worker_id").asText()).isNotBlank();
        List<String> reasons = new ArrayList<>();
        answer.json().path("reasons").forEach(r -> reasons.add(r.asText()));
        assertThat(reasons).hasSize(1);
        assertThat(reasons.get(0)).startsWith("connector 'broken' task 0 is FAILED on " + task.path("worker_id")
                .asText() + ": org.apache.kafka.connect.errors.ConnectException");

        JsonNode lines = named(answer.json().path("connectors"), "lines");
        assertThat(lines.path("type").asText()).isEqualTo("source");
        assertThat(lines.path("state").asText()).isEqualTo("RUNNING");
        assertThat(lines.path("tasks").path(0).path("state").asText()).isEqualTo("RUNNING");
        assertThat(answer.json().path("connect").path("reachable").asBoolean()).isTrue();
        assertThat(answer.json().path("processor").path("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void lagOfTheJobAndOfASinkComesFromCommittedAndEndOffsets() {
        Answer[] last = new Answer[1];
        Await.until(Duration.ofSeconds(60), "the job and the sink caught up", () -> {
            last[0] = get("/pipeline/status");
            JsonNode job = named(last[0].json().path("jobs"), "st-dedup").path("lag");
            JsonNode sink = named(last[0].json().path("connectors"), "to-file");
            return job.path("topics").path("st-lines").path("end_offset").asLong() == 5
                    && job.path("total").asLong(-1) == 0
                    && sink.path("lag").path("topics").path("st-raw").path("end_offset").asLong() == 5
                    && sink.path("lag").path("total").asLong(-1) == 0;
        }, () -> String.valueOf(last[0]));
        JsonNode job = named(last[0].json().path("jobs"), "st-dedup");
        assertThat(job.path("inputs").get(0).asText()).isEqualTo("st-lines");
        assertThat(job.path("dead_letter_topic").asText()).isEqualTo("st-unique-dlq");
        JsonNode partition = job.path("lag").path("topics").path("st-lines").path("partitions").path(0);
        assertThat(partition.path("committed_offset").asLong()).isEqualTo(5);
        JsonNode sink = named(last[0].json().path("connectors"), "to-file");
        assertThat(sink.path("group").asText()).isEqualTo("connect-to-file");
        assertThat(sink.path("dead_letter_topics").get(0).asText()).isEqualTo("st-raw-dlq");
    }

    @Test
    void statsCountDeadLettersAndTheJobsOwnCountsWithRates() {
        JsonNode[] last = new JsonNode[1];
        Await.until(Duration.ofSeconds(60), "two dead letters of the sink and the job's counts", () -> {
            last[0] = get("/events/stats").json();
            JsonNode dedup = named(last[0].path("jobs"), "st-dedup");
            return named(last[0].path("dead_letters"), "st-raw-dlq").path("records").asLong() == 2
                    && dedup.path("counts").path("dead_letters").path("total").asLong() == 1
                    && last[0].path("samples").asInt() >= 2;
        }, () -> String.valueOf(last[0]));
        JsonNode stats = last[0];
        JsonNode dlq = named(stats.path("dead_letters"), "st-raw-dlq");
        assertThat(dlq.path("written_by").get(0).asText()).isEqualTo("connector to-file");
        JsonNode dedup = named(stats.path("jobs"), "st-dedup");
        assertThat(dedup.path("counts").path("duplicates_dropped").path("total").asLong()).isEqualTo(1);
        assertThat(dedup.path("lag").asLong()).isZero();
        // The job's dead letters are written in its transactions: the topic holds the one record and a commit marker
        // per transaction, so its offsets count at least the record.
        assertThat(named(stats.path("dead_letters"), "st-unique-dlq").path("records").asLong()).isGreaterThanOrEqualTo(1);
        // Two samples or more: every window has a rate (0 once the input stopped growing), not null.
        JsonNode lines = named(stats.path("connectors"), "lines");
        JsonNode rates = named(lines.path("topics"), "st-lines").path("records_per_s");
        assertThat(rates.path("1m").isNumber()).as(rates.toString()).isTrue();
        assertThat(rates.path("5m").isNumber()).as(rates.toString()).isTrue();
        assertThat(dedup.path("records_in_per_s").path("1m").isNumber()).as(dedup.toString()).isTrue();
        assertThat(stats.path("windows_s").path("1m").asInt()).isEqualTo(60);
    }
}
