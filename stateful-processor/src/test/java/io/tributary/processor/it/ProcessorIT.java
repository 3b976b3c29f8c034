package io.tributary.processor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.Topics;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.ops.PrometheusText;
import io.tributary.processor.ops.TestCertificates;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor against a real broker. Exactly-once: under exactly_once_v2, killed with SIGKILL twice while events stream in:
 * what it committed (read with read_committed) must equal a reference computed here from the input — every
 * distinct event once in the dedup output, no repeat let through, no first occurrence taken for a repeat, and one
 * result per window with the exact count and sum.
 */
class ProcessorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 12_000;
    private static final String[] TYPES = {"payment", "refund", "click", "view"};
    private static ConnectCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = ConnectCluster.builder("processor-eos").workers(0).start();
        kafka.createTopic("raw", 3);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void killedTwiceMidStreamTheCommittedOutputIsExact() throws Exception {
        Path config = Files.writeString(dir.resolve("processor.yaml"), """
                application.id: eos-it
                bootstrap.servers: %s
                processing.guarantee: exactly_once_v2
                state.dir: %s
                streams:
                  num.stream.threads: 1
                  replication.factor: 1
                  commit.interval.ms: 100
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1000
                http.listen: off
                jobs:
                  - {name: dedup, kind: dedup, input: raw, output: unique, dead.letter.topic: dlq, id: event_id,
                     retention: 1h, time.field: ts}
                  - name: counts
                    kind: aggregate
                    input: unique
                    output: counts
                    late.topic: late
                    dead.letter.topic: dlq
                    group.by: type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 10m}
                    emit: final
                    aggregations:
                      - {name: n, fn: count}
                      - {name: cents, fn: sum, field: cents}
                """.formatted(kafka.bootstrapServers(), dir.resolve("state")));

        // The reference: each event's id, type, minute and amount; 1% of them are sent twice. Event times are recent:
        // results carry their window's time, and the broker deletes records older than its retention at once.
        long base = (System.currentTimeMillis() / 60_000 - 10) * 60_000;
        Random random = new Random(42);
        Map<String, long[]> expected = new TreeMap<>();   // "type@minute" -> {count, cents}
        Set<String> ids = new HashSet<>();
        List<ProducerRecord<String, String>> input = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            long ts = base + i * 25L;   // 12,000 events over 300 s of event time: five one-minute windows
            int cents = 1 + random.nextInt(10_000);
            String id = "e-" + i;
            String user = "u-" + random.nextInt(200);
            ProducerRecord<String, String> record = new ProducerRecord<>("raw", user, "{\"event_id\": \"" + id
                    + "\", \"type\": \"" + type + "\", \"ts\": " + ts + ", \"cents\": " + cents + "}");
            input.add(record);
            if (random.nextInt(100) == 0) {
                input.add(record);   // a repeat, same key: same partition, as a producer retry would be
            }
            ids.add(id);
            long[] window = expected.computeIfAbsent(type + "@" + (ts - base) / 60_000 * 60_000, k -> new long[2]);
            window[0]++;
            window[1] += cents;
        }
        // Three dedup tasks (one per input partition) write to "unique" at their own pace, so the aggregation sees
        // event time out of order by up to their lag: the 10-minute grace (more than the input's 5 minutes) keeps
        // every event in its window. Once all are through, one event per type far in the future closes that type's
        // windows (each type's windows live in one task after the repartition by type).
        List<ProducerRecord<String, String>> closers = new ArrayList<>();
        for (String type : TYPES) {
            closers.add(new ProducerRecord<>("raw", "closer", "{\"event_id\": \"close-" + type + "\", \"type\": \""
                    + type + "\", \"ts\": " + (base + 30 * 60_000) + ", \"cents\": 0}"));
        }

        ChildProcessor processor = ChildProcessor.start(config, dir.resolve("run-0.log"));
        Thread producer = new Thread(() -> produce(input), "it-producer");
        producer.start();
        try {
            for (int kill = 1; kill <= 2; kill++) {
                long threshold = kill * EVENTS / 3L;
                ChildProcessor running = processor;
                Await.until(Duration.ofSeconds(120), "the processor to commit " + threshold + " deduplicated events",
                        () -> running.alive() && TopicReader.read(kafka.bootstrapServers(), "unique", 0,
                                Duration.ofSeconds(2), Duration.ofMillis(300), true).size() >= threshold);
                processor.kill();
                processor = ChildProcessor.start(config, dir.resolve("run-" + kill + ".log"));
            }
            producer.join();
            Await.until(Duration.ofSeconds(120), "every event through dedup", () -> TopicReader.read(
                    kafka.bootstrapServers(), "unique", 0, Duration.ofSeconds(2), Duration.ofMillis(300), true).size()
                    >= ids.size());
            ChildProcessor last = processor;
            awaitConsumed("eos-it", "unique", last::alive);
            produce(closers);
            Await.until(Duration.ofSeconds(180), "every window's result", () -> TopicReader.read(kafka.bootstrapServers(),
                    "counts", 0, Duration.ofSeconds(2), Duration.ofMillis(300), true).size() >= expected.size());
        } finally {
            // The kills are over: this stop is graceful, so no transaction stays open to hold read_committed readers
            // back until it times out.
            processor.stop();
        }

        List<ConsumerRecord<byte[], byte[]>> unique = TopicReader.read(kafka.bootstrapServers(), "unique",
                ids.size() + TYPES.length, Duration.ofSeconds(60), Duration.ofSeconds(2), true);
        List<String> uniqueIds = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : unique) {
            uniqueIds.add(JSON.readTree(r.value()).get("event_id").asText());
        }
        assertThat(uniqueIds).as("every distinct event exactly once, repeats dropped").hasSize(ids.size() + TYPES.length)
                .doesNotHaveDuplicates();
        assertThat(new HashSet<>(uniqueIds)).containsAll(ids);

        Map<String, long[]> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), "counts", expected.size(),
                Duration.ofSeconds(60), Duration.ofSeconds(2), true)) {
            JsonNode w = JSON.readTree(r.value());
            String key = w.get("type").asText() + "@" + (w.get("window_start_ms").asLong() - base);
            long[] previous = actual.put(key, new long[] {w.get("n").asLong(), (long) w.get("cents").asDouble()});
            assertThat(previous).as("one final result for window " + key).isNull();
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String window : expected.keySet()) {
            assertThat(actual.get(window)).as(window).containsExactly(expected.get(window));
        }
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), "late", Duration.ofMillis(500))).isEmpty();
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), "dlq", Duration.ofMillis(500))).isEmpty();
    }

    @Test
    void twoInstancesShareTheWorkOneStopsMidStreamAndBadInputGoesToTheDeadLetterTopic() throws Exception {
        kafka.createTopic("pair-raw", 3);
        String yaml = """
                application.id: pair-it
                bootstrap.servers: %s
                state.dir: %s
                processing.guarantee: exactly_once_v2
                streams:
                  num.stream.threads: 1
                  replication.factor: 1
                  commit.interval.ms: 100
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1000
                http.listen: off
                jobs:
                  - {name: dedup, kind: dedup, input: pair-raw, output: pair-unique, dead.letter.topic: pair-dlq,
                     id: event_id, retention: 1h, time.field: ts}
                  - name: counts
                    kind: aggregate
                    input: pair-unique
                    output: pair-counts
                    late.topic: pair-late
                    dead.letter.topic: pair-dlq
                    group.by: type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 10m}
                    aggregations:
                      - {name: n, fn: count}
                """;
        // The same application twice, each instance with its own state directory, as on two machines.
        Path configA = Files.writeString(dir.resolve("pair-a.yaml"), yaml.formatted(kafka.bootstrapServers(),
                dir.resolve("state-a")));
        Path configB = Files.writeString(dir.resolve("pair-b.yaml"), yaml.formatted(kafka.bootstrapServers(),
                dir.resolve("state-b")));
        long base = (System.currentTimeMillis() / 60_000 - 10) * 60_000;
        Random random = new Random(7);
        Map<String, Long> expected = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        List<ProducerRecord<String, String>> input = new ArrayList<>();
        int events = 6_000;
        for (int i = 0; i < events; i++) {
            String type = TYPES[random.nextInt(TYPES.length)];
            long ts = base + i * 50L;
            String id = "p-" + i;
            ProducerRecord<String, String> record = new ProducerRecord<>("pair-raw", "u-" + random.nextInt(100),
                    "{\"event_id\": \"" + id + "\", \"type\": \"" + type + "\", \"ts\": " + ts + "}");
            input.add(record);
            if (random.nextInt(100) == 0) {
                input.add(record);
            }
            ids.add(id);
            expected.merge(type + "@" + (ts - base) / 60_000 * 60_000, 1L, Long::sum);
            if (i == events / 4) {
                // Bad input among good: not JSON, no time field (dedup cannot place it), no group-by field (dedup
                // passes it on, the aggregation cannot group it). Each goes to the dead-letter topic; the rest flows.
                input.add(new ProducerRecord<>("pair-raw", "bad", "{not json"));
                input.add(new ProducerRecord<>("pair-raw", "bad", "{\"event_id\": \"no-time\", \"type\": \"payment\"}"));
                input.add(new ProducerRecord<>("pair-raw", "bad", "{\"event_id\": \"no-type\", \"ts\": " + ts + "}"));
            }
        }
        List<ProducerRecord<String, String>> closers = new ArrayList<>();
        for (String type : TYPES) {
            closers.add(new ProducerRecord<>("pair-raw", "closer", "{\"event_id\": \"close-" + type
                    + "\", \"type\": \"" + type + "\", \"ts\": " + (base + 30 * 60_000) + "}"));
        }

        ChildProcessor first = ChildProcessor.start(configA, dir.resolve("pair-a.log"));
        ChildProcessor second = ChildProcessor.start(configB, dir.resolve("pair-b.log"));
        Thread producer = new Thread(() -> produce(input), "it-producer");
        producer.start();
        try {
            Await.until(Duration.ofSeconds(120), "half the events through dedup", () -> first.alive() && second.alive()
                    && TopicReader.read(kafka.bootstrapServers(), "pair-unique", 0, Duration.ofSeconds(2),
                    Duration.ofMillis(300), true).size() >= events / 2);
            first.stop();   // its tasks move to the second instance
            producer.join();
            Await.until(Duration.ofSeconds(120), "every event through dedup", () -> second.alive()
                    && TopicReader.read(kafka.bootstrapServers(), "pair-unique", 0, Duration.ofSeconds(2),
                    Duration.ofMillis(300), true).size() >= ids.size() + 1);
            awaitConsumed("pair-it", "pair-unique", second::alive);
            produce(closers);
            Await.until(Duration.ofSeconds(180), "every window's result", () -> second.alive()
                    && TopicReader.read(kafka.bootstrapServers(), "pair-counts", 0, Duration.ofSeconds(2),
                    Duration.ofMillis(300), true).size() >= expected.size());
        } finally {
            first.stop();
            second.stop();
        }

        List<String> uniqueIds = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), "pair-unique",
                ids.size() + 1 + TYPES.length, Duration.ofSeconds(60), Duration.ofSeconds(2), true)) {
            uniqueIds.add(JSON.readTree(r.value()).get("event_id").asText());
        }
        assertThat(uniqueIds).doesNotHaveDuplicates().hasSize(ids.size() + 1 + TYPES.length).contains("no-type");
        assertThat(new HashSet<>(uniqueIds)).containsAll(ids);
        Map<String, Long> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), "pair-counts",
                expected.size(), Duration.ofSeconds(60), Duration.ofSeconds(2), true)) {
            JsonNode w = JSON.readTree(r.value());
            Long previous = actual.put(w.get("type").asText() + "@" + (w.get("window_start_ms").asLong() - base),
                    w.get("n").asLong());
            assertThat(previous).as("one final result per window").isNull();
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), "pair-late", Duration.ofMillis(500))).isEmpty();

        Map<String, String> deadLetters = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), "pair-dlq", 3,
                Duration.ofSeconds(30), Duration.ofSeconds(2), true)) {
            assertThat(header(r, "tributary.original.topic")).isIn("pair-raw", "pair-unique");
            assertThat(header(r, "tributary.original.offset")).isNotNull();
            assertThat(header(r, "tributary.error.message")).isNotBlank();
            deadLetters.put(new String(r.value()), header(r, "tributary.processor.job") + "/"
                    + header(r, "tributary.error.stage"));
        }
        assertThat(deadLetters).containsOnly(
                Map.entry("{not json", "dedup/parse"),
                Map.entry("{\"event_id\": \"no-time\", \"type\": \"payment\"}", "dedup/time"),
                Map.entry(deadLetters.keySet().stream().filter(k -> k.contains("no-type")).findFirst().orElse("missing"),
                        "counts/group"));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theOperationsEndpointReportsHealthReadinessMetricsAndWindows() throws Exception {
        // This processor runs in the test's JVM, whose job counts are per JVM and by job name: names of its own keep
        // other processors run here (unit tests, when Failsafe is asked to run them too) out of its counts.
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: ops-it
                bootstrap.servers: %s
                state.dir: %s
                http.listen: 127.0.0.1:0
                streams: {replication.factor: 1, commit.interval.ms: 100}
                jobs:
                  - {name: ops-dedup, kind: dedup, input: ops-raw, output: ops-unique, dead.letter.topic: ops-dlq,
                     id: event_id, retention: 1h, time.field: ts}
                  - {name: ops-agg, kind: aggregate, input: ops-unique, output: ops-counts, late.topic: ops-late,
                     dead.letter.topic: ops-dlq, group.by: type, time.field: ts, window: {type: tumbling, size: 1m},
                     aggregations: [{name: n, fn: count}]}
                """.formatted(kafka.bootstrapServers(), dir.resolve("ops-state")), "ops-it");
        assertThat(Topics.createMissing(config)).contains("ops-raw", "ops-unique", "ops-counts", "ops-late", "ops-dlq");
        List<ProducerRecord<String, String>> input = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            input.add(new ProducerRecord<>("ops-raw", "k", "{\"event_id\": \"e" + i + "\", \"type\": \"payment\", "
                    + "\"ts\": " + (120_000 + i * 100) + "}"));
        }
        input.add(input.get(3));
        input.add(input.get(4));
        input.add(new ProducerRecord<>("ops-raw", "k", "{\"event_id\": \"late\", \"type\": \"payment\", \"ts\": 1000}"));
        input.add(new ProducerRecord<>("ops-raw", "k", "not json"));
        try (ProcessorRuntime runtime = ProcessorRuntime.start(config, null, null)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + runtime.httpPort();
            assertThat(get(http, base + "/health").statusCode()).isEqualTo(200);
            Await.until(Duration.ofSeconds(120), "the processor to be ready",
                    () -> get(http, base + "/ready").statusCode() == 200);
            produce(input);
            AtomicReference<String> counts = new AtomicReference<>("");
            Await.until(Duration.ofSeconds(180), "the counts in /metrics", () -> {
                PrometheusText metrics = PrometheusText.parse(get(http, base + "/metrics").body());
                counts.set(metrics.all().stream().filter(sample -> sample.name().startsWith("processor_")).toList()
                        + " " + get(http, base + "/ready").body());
                return count(metrics, "processor_duplicates_dropped_total", "ops-dedup") == 2
                        && count(metrics, "processor_late_events_total", "ops-agg") == 1
                        && count(metrics, "processor_dead_letters_total", "ops-dedup") == 1
                        && count(metrics, "processor_dead_letters_total", "ops-agg") == 0;
            }, counts::get);
            // Kafka Streams' thread and consumer metrics are bound once its threads run and fetch (looked for every
            // 10 s).
            AtomicReference<String> lagSeen = new AtomicReference<>("");
            Await.until(Duration.ofSeconds(60), "Kafka Streams' thread and lag metrics in /metrics", () -> {
                Set<String> names = PrometheusText.parse(get(http, base + "/metrics").body()).names();
                lagSeen.set(names.stream().filter(n -> n.contains("lag") || n.contains("process_total")).toList()
                        .toString());
                return names.contains("kafka_stream_thread_process_total")
                        && names.contains("kafka_consumer_fetch_manager_records_lag");
            }, lagSeen::get);
            PrometheusText metrics = PrometheusText.parse(get(http, base + "/metrics").body());
            assertThat(metrics.type("kafka_stream_thread_process_total")).isEqualTo("counter");
            assertThat(metrics.samples("kafka_stream_thread_process_total")).isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample.labels()).containsKeys("thread_id", "kafka_version"))
                    .anySatisfy(sample -> assertThat(sample.value()).isPositive());
            assertThat(metrics.samples("kafka_consumer_fetch_manager_records_lag")).as("the lag the alert rules read")
                    .anySatisfy(sample -> assertThat(sample.labels()).containsEntry("topic", "ops-raw")
                            .containsKey("client_id"));
            assertThat(metrics.value("processor_ready", Map.of())).isEqualTo(1);
            assertThat(metrics.value("processor_restoring_stores", Map.of())).isZero();
            assertThat(metrics.value("process_resident_memory_bytes", Map.of())).isPositive();
            assertThat(metrics.names()).contains("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total",
                    "jvm_threads_live_threads", "process_cpu_usage");
            assertThat(metrics.labelNames()).doesNotContain("job");
            System.gc();   // the GC pause summary is registered on the first collection
            Await.until(Duration.ofSeconds(30), "a GC pause in /metrics", () -> PrometheusText
                    .parse(get(http, base + "/metrics").body()).names().contains("jvm_gc_pause_seconds_count"));
            PrometheusText all = PrometheusText.parse(get(http, base + "/metrics").body());
            for (String[] row : documentedMetrics()) {
                String series = row[1].equals("summary") ? row[0] + "_count" : row[0];
                assertThat(all.samples(series)).as("docs/processor.md names " + row[0]).isNotEmpty()
                        .allSatisfy(sample -> assertThat(sample.labels()).as(row[0]).containsKeys(
                                row[2].isEmpty() ? new String[0] : row[2].split(",")));
                assertThat(all.type(row[0])).as(row[0] + "'s type").isEqualTo(row[1]);
            }
            Await.until(Duration.ofSeconds(120), "the open window to be queryable", () -> {
                HttpResponse<String> windows = get(http, base + "/jobs/ops-agg/windows?key=payment");
                return windows.statusCode() == 200 && windows.body().contains("\"events\":50");
            });
            JsonNode window = JSON.readTree(get(http, base + "/jobs/ops-agg/windows?key=payment").body()).get(0);
            assertThat(window.get("type").asText()).isEqualTo("payment");
            assertThat(window.get("window_start_ms").asLong()).isEqualTo(120_000);
            assertThat(window.get("n").asLong()).isEqualTo(50);
            assertThat(get(http, base + "/jobs/nope/windows?key=x").statusCode()).isEqualTo(404);
            assertThat(get(http, base + "/jobs/ops-agg/windows").statusCode()).isEqualTo(400);
        }
    }

    /**
     * The processor as started from its config file (a child JVM, every logger at INFO, so Kafka's own listings of
     * its clients' settings are in the log too), with the operations endpoint behind API keys and JWT over TLS, and
     * Kafka client secrets in its settings: no secret is in the log, in /metrics or in any answer, whether the
     * request had the right credentials, wrong ones or none.
     */
    @Test
    void secretsStayOutOfTheLogMetricsAndAnswers() throws Exception {
        String apiKey = "it-api-key-0a1b2c3d";
        String jwtSecret = "it-jwt-secret-of-at-least-32-bytes-4e5f";
        String storePassword = "it-store-pass-6a7b";
        String saslPassword = "it-sasl-pass-8c9d";
        String truststorePassword = "it-truststore-pass-0e1f";
        List<String> secrets = List.of(apiKey, jwtSecret, storePassword, saslPassword, truststorePassword);
        Path keyStore = TestCertificates.keyStore(dir, "processor", storePassword);
        Path secretsFile = Files.writeString(dir.resolve("ops-secrets.properties"), "ops.key=" + apiKey + "\n");
        Path config = Files.writeString(dir.resolve("secure.yaml"), """
                application.id: secrets-it
                bootstrap.servers: %s
                state.dir: %s
                http.listen: 127.0.0.1:0
                http.auth.type: [api-key, jwt]
                http.auth.api.keys: ${file:%s:ops.key}
                http.auth.jwt.secret: %s
                http.tls.keystore.path: %s
                http.tls.keystore.password: %s
                streams:
                  replication.factor: 1
                  commit.interval.ms: 100
                  config.providers: file
                  config.providers.file.class: org.apache.kafka.common.config.provider.FileConfigProvider
                  sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="processor" password="%s";'
                  ssl.truststore.password: %s
                jobs:
                  - {name: secrets-dedup, kind: dedup, input: secrets-raw, output: secrets-unique, id: event_id,
                     retention: 1h, time.field: ts}
                """.formatted(kafka.bootstrapServers(), dir.resolve("secrets-state"), secretsFile, jwtSecret, keyStore,
                storePassword, saslPassword, truststorePassword));
        Path logConfig = Files.writeString(dir.resolve("log4j2-all-info.xml"), """
                <Configuration status="WARN">
                  <Appenders><Console name="out" target="SYSTEM_OUT"><PatternLayout pattern="%-5level %c{1}: %msg%n"/></Console></Appenders>
                  <Loggers><Root level="INFO"><AppenderRef ref="out"/></Root></Loggers>
                </Configuration>
                """);
        Path log = dir.resolve("secure-processor.log");
        ChildProcessor processor = ChildProcessor.start(config, log,
                List.of("-Dlog4j2.configurationFile=" + logConfig));
        List<String> answers = new ArrayList<>();
        try {
            AtomicReference<String> endpoint = new AtomicReference<>();
            Await.until(Duration.ofSeconds(60), "the endpoint's address in the log", () -> {
                processor.alive();
                try {
                    Files.readAllLines(log).stream().filter(l -> l.contains("Operations endpoint on https://"))
                            .findFirst().ifPresent(l -> endpoint.set(l.replaceAll(".*(https://[0-9.:]+)/.*", "$1")));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return endpoint.get() != null;
            });
            HttpClient https = HttpClient.newBuilder()
                    .sslContext(TestCertificates.clientContext(keyStore, null, storePassword)).build();
            String base = endpoint.get();
            Await.until(Duration.ofSeconds(120), "the processor to be ready", () -> processor.alive()
                    && get(https, base + "/ready").statusCode() == 200);
            List<ProducerRecord<String, String>> input = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                input.add(new ProducerRecord<>("secrets-raw", "k", "{\"event_id\": \"s" + i + "\", \"ts\": 1000}"));
            }
            input.add(input.get(0));
            produce(input);
            Await.until(Duration.ofSeconds(120), "the repeat counted in /metrics", () -> processor.alive()
                    && count(PrometheusText.parse(get(https, base + "/metrics").body()), "processor_duplicates_dropped_total",
                    "secrets-dedup") == 1);
            String token = hs256(jwtSecret);
            for (String path : List.of("/health", "/ready", "/metrics", "/jobs/secrets-dedup/windows?key=k")) {
                for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("X-API-Key", apiKey),
                        Map.of("X-API-Key", apiKey + "-wrong"), Map.of("Authorization", "Bearer " + token),
                        Map.of("Authorization", "Bearer " + jwtSecret))) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
                    headers.forEach(request::header);
                    HttpResponse<String> answer = https.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    answers.add(path + " " + headers.keySet() + " " + answer.statusCode() + " " + answer.body());
                }
            }
        } finally {
            processor.stop();
        }
        assertThat(answers).as("window queries: none, key, wrong key, token, the secret as a token")
                .filteredOn(a -> a.startsWith("/jobs/")).extracting(a -> a.split(" ")[2])
                .containsExactly("401", "404", "401", "404", "401");
        assertThat(answers).filteredOn(a -> a.startsWith("/health") || a.startsWith("/metrics"))
                .allSatisfy(a -> assertThat(a).contains(" 200 "));
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(secrets));
        String printed = Files.readString(log);
        assertThat(printed).as("Kafka listed its clients' settings").contains("sasl.jaas.config = [hidden]")
                .contains("Operations endpoint on https://");
        assertThat(printed).doesNotContain(secrets);
    }

    private static String hs256(String secret) throws Exception {
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("it").expirationTime(
                        new java.util.Date(System.currentTimeMillis() + 600_000)).build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /**
     * Waits until the application has committed past every record of an intermediate topic, so all of them are in its
     * repartition topic. Only then may the closers go in: a closer written ahead of a lagging partition's events would
     * move a type's stream time past their windows and make them late. Waiting for the intermediate topic alone is not
     * enough: the aggregation's first stage may still be behind on another partition (after a rebalance, say).
     */
    private static void awaitConsumed(String group, String topic, BooleanSupplier alive) {
        Map<Integer, Long> ends = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(kafka.bootstrapServers(), topic,
                Duration.ofSeconds(1))) {
            ends.merge(r.partition(), r.offset() + 1, Math::max);
        }
        try (Admin admin = Admin.create(Map.of(
                "bootstrap.servers", kafka.bootstrapServers()))) {
            Await.until(Duration.ofSeconds(120), group + " to commit past every record of " + topic, () -> {
                alive.getAsBoolean();
                Map<TopicPartition, OffsetAndMetadata> committed;
                try {
                    committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                } catch (ExecutionException e) {
                    return false;   // the group is rebalancing: ask again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return ends.entrySet().stream().allMatch(end -> {
                    OffsetAndMetadata offset = committed.get(new TopicPartition(topic, end.getKey()));
                    return offset != null && offset.offset() >= end.getValue();
                });
            });
        }
    }

    /** The rows of docs/processor.md's metrics table: name, type, labels joined by commas. */
    private static List<String[]> documentedMetrics() throws IOException {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("../docs/processor.md"))) {
            if (line.startsWith("| metric | type | labels |")) {
                inTable = true;
            } else if (inTable && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                rows.add(new String[] {cells[1].trim().replace("`", ""), cells[2].trim(),
                        cells[3].replace("`", "").replace(" ", "").trim()});
            } else if (inTable && !line.startsWith("|")) {
                inTable = false;
            }
        }
        assertThat(rows).as("docs/processor.md's metrics table").hasSizeGreaterThan(10);
        return rows;
    }

    /** A processor counter's value for one job, -1 while it is missing. */
    private static double count(PrometheusText metrics, String name, String job) {
        return metrics.samples(name).stream().filter(s -> s.labels().equals(Map.of("processor_job", job)))
                .mapToDouble(PrometheusText.Sample::value).findFirst().orElse(-1);
    }

    private static HttpResponse<String> get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the input at about 1,000 events a second, so the kills land mid-stream. */
    private static void produce(List<ProducerRecord<String, String>> input) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < input.size(); i++) {
                producer.send(input.get(i));
                if (i % 100 == 99) {
                    Await.sleep(100);
                }
            }
            producer.flush();
        }
    }
}
