package io.tributary.processor.it;

import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.event.DeadLetters;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.TopicReader;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor's jobs with Avro in and out through the real schema registry (Apicurio Registry,
 * {@link LocalServices#registry()}): input written by Apicurio's own serializer, results read back with Apicurio's own
 * deserializer, exactly-once output read committed; schema evolution (an added optional field, a widened type) keeps
 * flowing, an incompatible schema and an unknown schema id go to the dead-letter topic byte for byte with headers
 * naming the subject and version; Confluent's framing (Apicurio's serdes with as-confluent and content ids) is read
 * and written.
 */
class AvroProcessorIT {

    private static final long MINUTE = 60_000;
    private static final String V1 = """
            {"type": "record", "name": "Event", "namespace": "it", "fields": [
              {"name": "event_id", "type": "string"}, {"name": "type", "type": "string"},
              {"name": "amount", "type": "int"}, {"name": "ts", "type": "long"}]}""";
    /** V1 and an optional field. */
    private static final String V2 = """
            {"type": "record", "name": "Event", "namespace": "it", "fields": [
              {"name": "event_id", "type": "string"}, {"name": "type", "type": "string"},
              {"name": "amount", "type": "int"}, {"name": "ts", "type": "long"},
              {"name": "channel", "type": ["null", "string"], "default": null}]}""";
    /** V2 with amount widened from int to long. */
    private static final String V3 = V2.replace("{\"name\": \"amount\", \"type\": \"int\"}",
            "{\"name\": \"amount\", \"type\": \"long\"}");
    /** Incompatible: amount is text. */
    private static final String V4 = V2.replace("{\"name\": \"amount\", \"type\": \"int\"}",
            "{\"name\": \"amount\", \"type\": \"string\"}");

    private static ConnectCluster kafka;
    private static String registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = LocalServices.registryApi();
        kafka = ConnectCluster.builder("processor-avro").workers(0).start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void dedupAndAggregateReadAndWriteAvroExactlyOnceAcrossARestart() throws Exception {
        String p = rawAndUnique("avro", 2);
        ProcessorConfig config = config(p, """
                  - name: dedup
                    kind: dedup
                    input: %1$sraw
                    input.format: avro
                    output: %1$sunique
                    output.format: avro
                    dead.letter.topic: %1$sdlq
                    id: event_id
                    time.field: ts
                    retention: 1h
                  - name: per-type
                    kind: aggregate
                    input: %1$sunique
                    input.format: avro
                    output: %1$sagg
                    output.format: avro
                    dead.letter.topic: %1$sagg-dlq
                    group.by: type
                    time.field: ts
                    late.topic: %1$slate
                    window: {type: tumbling, size: 1m, grace: 10m}
                    aggregations:
                      - {name: n, fn: count}
                      - {name: total, fn: sum, field: amount}
                      - {name: lat, fn: percentiles, field: amount, ranks: [0.5, 0.999]}
                """.formatted(p));
        long window = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
        Schema v1 = new Schema.Parser().parse(V1);
        // 300 distinct events in one window, 30 of them sent twice; amounts 1..300; types a, b, c by id.
        List<GenericRecord> events = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 1; i <= 300; i++) {
            events.add(event(v1, "e-" + i, "t" + (i % 3), i, window + random.nextInt(50_000)));
            if (i % 10 == 0) {
                events.add(event(v1, "e-" + i, "t" + (i % 3), i, window + random.nextInt(50_000)));
            }
        }
        try (var serializer = serializer()) {
            try (ProcessorRuntime processor = start(config)) {
                send(serializer, p + "raw", events.subList(0, 150));
                TopicReader.read(kafka.bootstrapServers(), p + "unique", 130, Duration.ofSeconds(90),
                        Duration.ofSeconds(1), true);
            }
            // A second start of the same job definitions: same application, state restored, the same schema version.
            try (ProcessorRuntime processor = start(config)) {
                send(serializer, p + "raw", events.subList(150, events.size()));
                // The two dedup tasks write "unique" at their own pace (the 10-minute grace absorbs the disorder);
                // once all went through, an event per type past the window and its grace closes it.
                awaitCount(p + "unique", 300);
                send(serializer, p + "raw", List.of(event(v1, "closer", "t0", 0, window + 30 * MINUTE),
                        event(v1, "closer-1", "t1", 0, window + 30 * MINUTE), event(v1, "closer-2", "t2", 0,
                                window + 30 * MINUTE)));

                Map<String, GenericRecord> results = new TreeMap<>();
                try (var deserializer = deserializer()) {
                    for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), p + "agg", 3,
                            Duration.ofSeconds(120), Duration.ofSeconds(3), true)) {
                        GenericRecord result = deserializer.deserialize(p + "agg", r.headers(), r.value());
                        assertThat(results.put(result.get("type").toString(), result)).as("one result per window")
                                .isNull();
                    }
                    assertThat(results).containsOnlyKeys("t0", "t1", "t2");
                    for (int t = 0; t < 3; t++) {
                        GenericRecord result = results.get("t" + t);
                        long n = 0;
                        double total = 0;
                        for (int i = 1; i <= 300; i++) {
                            if (i % 3 == t) {
                                n++;
                                total += i;
                            }
                        }
                        assertThat(result.get("n")).as("count of t" + t).isEqualTo(n);
                        assertThat(result.get("total")).as("sum of t" + t).isEqualTo(total);
                        assertThat(result.get("window_start_ms")).isEqualTo(window);
                        assertThat(((GenericRecord) result.get("lat")).getSchema().getField("p99_9")).isNotNull();
                    }

                    // The dedup output: each distinct event exactly once, the original Avro (read by Apicurio's own).
                    List<String> ids = eventIds(deserializer, p + "unique", TopicReader.readAll(
                            kafka.bootstrapServers(), p + "unique", Duration.ofSeconds(2)));
                    assertThat(ids).hasSize(303).doesNotHaveDuplicates();
                }
            }
        }
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), p + "dlq", Duration.ofSeconds(1))).isEmpty();
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), p + "late", Duration.ofSeconds(1))).isEmpty();
        // One registered version of the results' schema for the job definition, however often it started.
        assertThat(versions(p + "agg-value")).isEqualTo(1);
    }

    @Test
    void evolvedSchemasKeepFlowingAndIncompatibleOnesAreDeadLettersByteForByte() throws Exception {
        String p = "evo-" + suffix() + "-";
        kafka.createTopic(p + "raw", 1);
        ProcessorConfig config = config(p, """
                  - name: dedup
                    kind: dedup
                    input: %1$sraw
                    input.format: avro
                    output: %1$sunique
                    dead.letter.topic: %1$sdlq
                    id: event_id
                    time.field: ts
                    retention: 1h
                  - name: big
                    kind: route
                    input: %1$sraw
                    input.format: avro
                    dead.letter.topic: %1$sroute-dlq
                    routes:
                      - {when: {field: amount, op: ">", value: 3}, to: %1$sbig}
                  - name: sums
                    kind: aggregate
                    input: %1$sraw
                    input.format: avro
                    output: %1$sagg
                    output.format: json
                    dead.letter.topic: %1$sagg-dlq
                    group.by: type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 0s}
                    aggregations:
                      - {name: n, fn: count}
                      - {name: total, fn: sum, field: amount}
                """.formatted(p));
        long window = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
        Schema v1 = new Schema.Parser().parse(V1);
        Schema v2 = new Schema.Parser().parse(V2);
        Schema v3 = new Schema.Parser().parse(V3);
        Schema v4 = new Schema.Parser().parse(V4);
        try (var serializer = serializer(); ProcessorRuntime processor = start(config)) {
            send(serializer, p + "raw", List.of(event(v1, "a", "t", 1, window + 1000),
                    event(v1, "b", "t", 2, window + 2000)));
            awaitCount(p + "unique", 2);
            GenericRecord withChannel = event(v2, "c", "t", 3, window + 3000);
            withChannel.put("channel", "web");
            send(serializer, p + "raw", List.of(withChannel, event(v2, "d", "t", 4, window + 4000)));
            awaitCount(p + "unique", 4);
            GenericRecord wide = event(v3, "e", "t", 0, window + 5000);
            wide.put("amount", 5_000_000_000L);
            send(serializer, p + "raw", List.of(wide));
            awaitCount(p + "unique", 5);

            // Incompatible: version 4 of the same subject (amount as text); an id the registry never gave; no id.
            GenericRecord text = textAmount(v4, "f", "t", window + 6000);
            Headers textHeaders = new RecordHeaders();
            byte[] textBytes = serializer.serialize(p + "raw", textHeaders, text);
            // An 8-byte global id the registry never gave (below 2^32: input.wire.format auto reads it as 8 bytes).
            long unknown = 4_000_000_000L + ThreadLocalRandom.current().nextInt(1_000_000);
            byte[] unknownId = ByteBuffer.allocate(13).put((byte) 0).putLong(unknown).putInt(42).array();
            byte[] noId = "{\"event_id\": \"g\"}".getBytes(StandardCharsets.UTF_8);
            sendRaw(p + "raw", textBytes, textHeaders);
            sendRaw(p + "raw", unknownId, new RecordHeaders());
            sendRaw(p + "raw", noId, new RecordHeaders());
            // Processing goes on: a later version-3 event, then one that closes the window.
            send(serializer, p + "raw", List.of(event(v3, "h", "t", 7, window + 7000),
                    event(v3, "closer", "u", 0, window + 5 * MINUTE)));

            awaitCount(p + "unique", 7);
            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.read(kafka.bootstrapServers(), p + "dlq", 3,
                    Duration.ofSeconds(60), Duration.ofSeconds(1), true);
            assertThat(dead).hasSize(3);
            assertThat(dead.get(0).value()).as("the original bytes").isEqualTo(textBytes);
            assertThat(dead.get(1).value()).isEqualTo(unknownId);
            assertThat(dead.get(2).value()).isEqualTo(noId);
            assertThat(header(dead.get(0), DeadLetters.JOB)).isEqualTo("dedup");
            assertThat(header(dead.get(0), DeadLetters.SCHEMA_SUBJECT)).isEqualTo(p + "raw-value");
            assertThat(header(dead.get(0), DeadLetters.SCHEMA_VERSION)).isEqualTo("4");
            assertThat(header(dead.get(0), "tributary.error.message")).contains(p + "raw-value version 4")
                    .contains("cannot be read as " + p + "raw-value version 3");
            assertThat(header(dead.get(1), "tributary.error.message")).contains("is not in the registry");
            assertThat(header(dead.get(1), DeadLetters.SCHEMA_GLOBAL_ID)).isEqualTo(Long.toString(unknown));
            assertThat(header(dead.get(2), "tributary.error.message")).contains("carries no schema id");
            assertThat(header(dead.get(0), "tributary.error.stage")).isEqualTo("schema");

            // The aggregate read every compatible version with the latest compatible reader: 1+2+3+4+5e9+7.
            List<ConsumerRecord<byte[], byte[]>> results = TopicReader.read(kafka.bootstrapServers(), p + "agg", 1,
                    Duration.ofSeconds(60), Duration.ofSeconds(2), true);
            assertThat(results).hasSize(1);
            var result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(results.get(0).value());
            assertThat(result.get("n").asLong()).isEqualTo(6);
            assertThat(result.get("total").asDouble()).isEqualTo(5_000_000_017.0);
            assertThat(TopicReader.readAll(kafka.bootstrapServers(), p + "agg-dlq", Duration.ofSeconds(1)))
                    .hasSize(3);
            // The route job: amounts above 3 of every readable version (d: 4, e: 5e9, h: 7), forwarded as they came.
            List<String> big;
            try (var deserializer = deserializer()) {
                big = eventIds(deserializer, p + "big", TopicReader.readAll(kafka.bootstrapServers(), p + "big",
                        Duration.ofSeconds(1)));
            }
            assertThat(big).containsExactly("d", "e", "h");
            assertThat(TopicReader.readAll(kafka.bootstrapServers(), p + "route-dlq", Duration.ofSeconds(1)))
                    .hasSize(3);
        }
    }

    @Test
    void confluentFramingWithContentIdsIsReadAndWrittenAsApicuriosSerdesDoIt() throws Exception {
        String p = rawAndUnique("cfl", 1);
        ProcessorConfig config = config(p, """
                  - name: dedup
                    kind: dedup
                    input: %1$sraw
                    input.format: avro
                    input.schema.artifact: %1$sraw-value
                    output: %1$sunique
                    dead.letter.topic: %1$sdlq
                    id: event_id
                    time.field: ts
                    retention: 1h
                  - name: sums
                    kind: aggregate
                    input: %1$sunique
                    input.format: avro
                    input.wire.format: confluent
                    output: %1$sagg
                    output.format: avro
                    output.wire.format: confluent
                    dead.letter.topic: %1$sagg-dlq
                    group.by: type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 0s}
                    aggregations:
                      - {name: n, fn: count}
                      - {name: total, fn: sum, field: amount}
                """.formatted(p));
        long window = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
        // The registry is shared and content ids are per content: a doc of this run's own keeps other runs' artifacts
        // from holding the same content (a doc changes the content, not what Avro can read).
        String doc = "\"namespace\": \"it\", \"doc\": \"" + p + "\"";
        Schema v1 = new Schema.Parser().parse(V1.replace("\"namespace\": \"it\"", doc));
        Schema v4 = new Schema.Parser().parse(V4.replace("\"namespace\": \"it\"", doc));
        try (var serializer = confluentSerializer(); ProcessorRuntime processor = start(config)) {
            // The dedup job reads with input.wire.format auto: the 4-byte content id is told from an 8-byte global id.
            send(serializer, p + "raw", List.of(event(v1, "a", "t", 1, window + 1000),
                    event(v1, "b", "t", 2, window + 2000), event(v1, "a", "t", 1, window + 1500)));
            awaitCount(p + "unique", 2);

            // An incompatible version whose content a second artifact holds too: a dead letter naming both.
            GenericRecord text = textAmount(v4, "f", "t", window + 6000);
            Headers textHeaders = new RecordHeaders();
            byte[] textBytes = serializer.serialize(p + "raw", textHeaders, text);
            assertThat(textHeaders.toArray()).as("no apicurio.* headers with headers.enabled=false").isEmpty();
            assertThat(textBytes[0]).isZero();
            int contentId = ByteBuffer.wrap(textBytes, 1, 4).getInt();
            registerWithContentOf(p + "twin", contentId);
            sendRaw(p + "raw", textBytes, textHeaders);
            send(serializer, p + "raw", List.of(event(v1, "c", "t", 4, window + 4000),
                    event(v1, "closer", "u", 0, window + 5 * MINUTE)));

            List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.read(kafka.bootstrapServers(), p + "dlq", 1,
                    Duration.ofSeconds(60), Duration.ofSeconds(1), true);
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).value()).as("the original bytes").isEqualTo(textBytes);
            assertThat(header(dead.get(0), DeadLetters.SCHEMA_CONTENT_ID)).isEqualTo(Integer.toString(contentId));
            assertThat(header(dead.get(0), DeadLetters.SCHEMA_SUBJECT)).isEqualTo(p + "raw-value," + p + "twin");
            assertThat(header(dead.get(0), DeadLetters.SCHEMA_VERSION)).isEqualTo("2,1");
            assertThat(header(dead.get(0), DeadLetters.SCHEMA_GLOBAL_ID)).isNull();
            assertThat(header(dead.get(0), "tributary.error.message"))
                    .contains("(content id " + contentId + ") cannot be read as " + p + "raw-value version 1");

            // Dedup forwards the Confluent-framed records unchanged; the aggregate reads them with
            // input.wire.format confluent and writes its result framed the same way.
            awaitCount(p + "unique", 4);
            List<ConsumerRecord<byte[], byte[]>> results = TopicReader.read(kafka.bootstrapServers(), p + "agg", 1,
                    Duration.ofSeconds(60), Duration.ofSeconds(2), true);
            assertThat(results).hasSize(1);
            byte[] value = results.get(0).value();
            assertThat(value[0]).isZero();
            assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).as("the result schema's content id")
                    .isEqualTo(contentIdOf(p + "agg-value"));
            assertThat(results.get(0).headers().toArray()).as("no apicurio.* headers").isEmpty();
            try (var deserializer = confluentDeserializer()) {
                GenericRecord result = deserializer.deserialize(p + "agg", results.get(0).headers(), value);
                assertThat(result.get("type").toString()).isEqualTo("t");
                assertThat(result.get("n")).isEqualTo(3L);
                assertThat(result.get("total")).isEqualTo(7.0);
            }
            assertThat(TopicReader.readAll(kafka.bootstrapServers(), p + "agg-dlq", Duration.ofSeconds(1)))
                    .isEmpty();
        }
    }

    @Test
    void killedMidStreamTheCommittedAvroOutputIsExact() throws Exception {
        String p = rawAndUnique("kill", 3);
        Path config = java.nio.file.Files.writeString(dir.resolve(p + "processor.yaml"), ProcessorRuns.childSettings(p,
                kafka.bootstrapServers(), dir.resolve(p + "state")) + """
                registry: {url: "%2$s"}
                jobs:
                  - {name: dedup, kind: dedup, input: %1$sraw, input.format: avro, output: %1$sunique,
                     dead.letter.topic: %1$sdlq, id: event_id, retention: 1h, time.field: ts}
                  - name: counts
                    kind: aggregate
                    input: %1$sunique
                    input.format: avro
                    output: %1$scounts
                    output.format: avro
                    late.topic: %1$slate
                    dead.letter.topic: %1$sdlq
                    group.by: type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 10m}
                    aggregations:
                      - {name: n, fn: count}
                      - {name: total, fn: sum, field: amount}
                """.formatted(p, registry));
        long base = (System.currentTimeMillis() / MINUTE - 10) * MINUTE;
        Schema v1 = new Schema.Parser().parse(V1);
        Random random = new Random(42);
        Map<String, long[]> expected = new TreeMap<>();   // "type@minute" -> {count, total}
        List<GenericRecord> input = new ArrayList<>();
        int events = 4_000;
        for (int i = 0; i < events; i++) {
            String type = "t" + random.nextInt(3);
            long ts = base + i * 45L;   // three one-minute windows per type
            int amount = 1 + random.nextInt(10_000);
            GenericRecord e = event(v1, "e-" + i, type, amount, ts);
            input.add(e);
            if (random.nextInt(100) == 0) {
                input.add(e);
            }
            long[] w = expected.computeIfAbsent(type + "@" + (ts - base) / MINUTE * MINUTE, k -> new long[2]);
            w[0]++;
            w[1] += amount;
        }
        ChildProcessor processor = ChildProcessor.start(config, dir.resolve(p + "run-0.log"));
        try (var serializer = serializer()) {
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < input.size(); i += 100) {
                        send(serializer, p + "raw", input.subList(i, Math.min(input.size(), i + 100)));
                        Await.sleep(100);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "it-avro-producer");
            producer.start();
            ChildProcessor running = processor;
            Await.until(Duration.ofSeconds(120), "the processor to commit half the events", () -> running.alive()
                    && TopicReader.read(kafka.bootstrapServers(), p + "unique", 0, Duration.ofSeconds(2),
                    Duration.ofMillis(300), true).size() >= events / 2);
            processor.kill();
            processor = ChildProcessor.start(config, dir.resolve(p + "run-1.log"));
            producer.join();
            ChildProcessor last = processor;
            Await.until(Duration.ofSeconds(120), "every event through dedup", () -> last.alive()
                    && TopicReader.read(kafka.bootstrapServers(), p + "unique", 0, Duration.ofSeconds(2),
                    Duration.ofMillis(300), true).size() >= events);
            List<GenericRecord> closers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                closers.add(event(v1, "close-" + t, "t" + t, 0, base + 30 * MINUTE));
            }
            send(serializer, p + "raw", closers);
            Await.until(Duration.ofSeconds(180), "every window's result", () -> last.alive() && TopicReader.read(
                    kafka.bootstrapServers(), p + "counts", 0, Duration.ofSeconds(2), Duration.ofMillis(300), true)
                    .size() >= expected.size());
        } finally {
            processor.stop();
        }
        try (var deserializer = deserializer()) {
            List<String> ids = eventIds(deserializer, p + "unique", TopicReader.read(kafka.bootstrapServers(),
                    p + "unique", events + 3, Duration.ofSeconds(60), Duration.ofSeconds(2), true));
            assertThat(ids).as("every distinct event exactly once").hasSize(events + 3).doesNotHaveDuplicates();
            Map<String, long[]> actual = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), p + "counts",
                    expected.size(), Duration.ofSeconds(60), Duration.ofSeconds(2), true)) {
                GenericRecord w = deserializer.deserialize(p + "counts", r.headers(), r.value());
                String key = w.get("type") + "@" + ((Long) w.get("window_start_ms") - base);
                assertThat(actual.put(key, new long[] {(Long) w.get("n"), (long) (double) (Double) w.get("total")}))
                        .as("one final result for window " + key).isNull();
            }
            assertThat(actual.keySet()).isEqualTo(expected.keySet());
            for (String window : expected.keySet()) {
                assertThat(actual.get(window)).as(window).containsExactly(expected.get(window));
            }
        }
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), p + "dlq", Duration.ofMillis(500))).isEmpty();
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), p + "late", Duration.ofMillis(500))).isEmpty();
    }

    private ProcessorConfig config(String p, String jobs) {
        return ProcessorConfig.parse(ProcessorRuns.settings(p, kafka.bootstrapServers(), dir.resolve(p + "state"))
                + """
                registry:
                  url: %s
                jobs:
                """.formatted(registry) + jobs, "processor.yaml");
    }

    private static ProcessorRuntime start(ProcessorConfig config) throws Exception {
        return ProcessorRuns.start(config);
    }

    private static GenericRecord event(Schema schema, String id, String type, long amount, long ts) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("event_id", id);
        r.put("type", type);
        r.put("amount", schema.getField("amount").schema().getType() == Schema.Type.INT ? (Object) (int) amount
                : (Object) amount);
        r.put("ts", ts);
        return r;
    }

    /** An event of V4, the incompatible version: its amount is text. */
    private static GenericRecord textAmount(Schema v4, String id, String type, long ts) {
        GenericRecord r = new GenericData.Record(v4);
        r.put("event_id", id);
        r.put("type", type);
        r.put("amount", "six");
        r.put("ts", ts);
        return r;
    }

    /** Apicurio's serializer as users run it: auto-registering under TopicIdStrategy, the global id in a header. */
    private static AvroKafkaSerializer<GenericRecord> serializer() {
        AvroKafkaSerializer<GenericRecord> s = new AvroKafkaSerializer<>();
        s.configure(Map.of(SerdeConfig.REGISTRY_URL, registry, SerdeConfig.AUTO_REGISTER_ARTIFACT, true), false);
        return s;
    }

    /** Apicurio's serializer in Confluent's wire format: headers off, magic byte and a 4-byte content id. */
    private static AvroKafkaSerializer<GenericRecord> confluentSerializer() {
        AvroKafkaSerializer<GenericRecord> s = new AvroKafkaSerializer<>();
        s.configure(Map.of(SerdeConfig.REGISTRY_URL, registry, SerdeConfig.AUTO_REGISTER_ARTIFACT, true,
                "apicurio.registry.headers.enabled", false, "apicurio.registry.as-confluent", true,
                "apicurio.registry.use-id", "contentId"), false);
        return s;
    }

    private static AvroKafkaDeserializer<GenericRecord> confluentDeserializer() {
        AvroKafkaDeserializer<GenericRecord> d = new AvroKafkaDeserializer<>();
        d.configure(Map.of(SerdeConfig.REGISTRY_URL, registry, "apicurio.registry.headers.enabled", false,
                "apicurio.registry.as-confluent", true, "apicurio.registry.use-id", "contentId"), false);
        return d;
    }

    /** Registers an artifact whose first version is the content with this id (so that two artifacts hold it). */
    private static void registerWithContentOf(String artifact, int contentId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String content = http.send(HttpRequest.newBuilder(URI.create(registry + "/ids/contentIds/" + contentId))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(registry
                        + "/groups/default/artifacts")).header("Content-Type", "application/json")
                .header("X-Registry-ArtifactId", artifact).header("X-Registry-ArtifactType", "AVRO")
                .POST(HttpRequest.BodyPublishers.ofString(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("contentId")
                .asInt()).isEqualTo(contentId);
    }

    /** The content id of an artifact's latest version (default group). */
    private static int contentIdOf(String artifact) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registry + "/groups/default/artifacts/" + artifact + "/meta")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("contentId").asInt();
    }

    private static AvroKafkaDeserializer<GenericRecord> deserializer() {
        AvroKafkaDeserializer<GenericRecord> d = new AvroKafkaDeserializer<>();
        d.configure(Map.of(SerdeConfig.REGISTRY_URL, registry), false);
        return d;
    }

    /** The event ids of records as Apicurio's deserializer reads them, in their order. */
    private static List<String> eventIds(AvroKafkaDeserializer<GenericRecord> deserializer, String topic,
                                         List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            ids.add(deserializer.deserialize(topic, r.headers(), r.value()).get("event_id").toString());
        }
        return ids;
    }

    private static void send(AvroKafkaSerializer<GenericRecord> serializer, String topic, List<GenericRecord> events)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (GenericRecord e : events) {
                Headers headers = new RecordHeaders();
                byte[] value = serializer.serialize(topic, headers, e);
                producer.send(new ProducerRecord<>(topic, null, e.get("event_id").toString()
                        .getBytes(StandardCharsets.UTF_8), value, headers));
            }
            producer.flush();
        }
    }

    private static void sendRaw(String topic, byte[] value, Headers headers) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<byte[], byte[]>(topic, null, (byte[]) null, value, headers)).get();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void awaitCount(String topic, int n) {
        Await.until(Duration.ofSeconds(90), n + " records in " + topic, () -> TopicReader.readAll(
                kafka.bootstrapServers(), topic, Duration.ofMillis(300)).size() >= n);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** How many versions the registry holds for an artifact of the default group. */
    private static int versions(String artifact) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registry + "/groups/default/artifacts/" + artifact + "/versions")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).get("count").asInt();
    }

    /** A prefix of this test's own for its topics (the broker is shared by the class), raw and unique created. */
    private static String rawAndUnique(String name, int partitions) {
        String p = name + "-" + suffix() + "-";
        kafka.createTopic(p + "raw", partitions);
        kafka.createTopic(p + "unique", partitions);
        return p;
    }

    private static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }
}
