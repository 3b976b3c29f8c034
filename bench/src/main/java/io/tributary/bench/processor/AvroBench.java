package io.tributary.bench.processor;

import io.tributary.bench.Result;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.config.RegistrySettings;
import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The processor's jobs reading Avro through the schema registry against the same jobs reading the same events as
 * JSON, in one run on one broker: the dedup job (Avro in, the same bytes out) and the aggregate job (Avro in, Avro
 * results with a registered schema; JSON in, JSON out), at-least-once, one stream thread. The Avro events are written
 * in the registry's wire format (magic byte 0, the 8-byte global id of a schema registered once for the run), so the
 * registry is asked once per schema id, not per event: the difference is the decoding. The registry is Apicurio
 * Registry at {@code TRIBUTARY_REGISTRY_URL} (default http://127.0.0.1:8081).
 */
final class AvroBench {

    private static final String JSON_INPUT = "bench-processor-json";
    private static final String AVRO_INPUT = "bench-processor-avro";
    private static final String[] TYPES = {"payment", "refund", "page_view", "click", "add_to_cart", "sensor_reading"};
    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Event", "namespace": "bench", "fields": [
              {"name": "event_id", "type": "string"}, {"name": "event_type", "type": "string"},
              {"name": "user_id", "type": "string"}, {"name": "amount", "type": "double"}, {"name": "ts", "type": "long"},
              {"name": "currency", "type": "string"}, {"name": "country", "type": "string"},
              {"name": "session", "type": "string"}]}""");

    private final String bootstrap;
    private final Path work;
    private final int events;
    private final String registry;

    AvroBench(String bootstrap, Path work, int events) {
        this.bootstrap = bootstrap;
        this.work = work;
        this.events = events;
        this.registry = System.getenv().getOrDefault("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081")
                .replaceAll("/+$", "") + "/apis/registry/v2";
    }

    void run() throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        SchemaRegistry.Version version = SchemaRegistry.of(RegistrySettings.of(registry))
                .register("default", "bench-processor-avro-" + run + "-value", SCHEMA);
        System.out.printf(Locale.ROOT, "  registry %s: input schema %s version %s (global id %d)%n", registry,
                version.subject(), version.version(), version.globalId());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(JSON_INPUT, 3, (short) 1), new NewTopic(AVRO_INPUT, 3,
                    (short) 1))).all().get();
        }
        produce(version.globalId());
        measure("warm-up (not counted): dedup, Avro", AVRO_INPUT, dedup("bench-avro-warm", AVRO_INPUT, "avro"));
        measure("warm-up (not counted): aggregate, Avro", AVRO_INPUT, aggregate("bench-avro-warm-agg", AVRO_INPUT,
                "avro", run));
        Result dedupJson = measure("dedup job, JSON in", JSON_INPUT, dedup("bench-dedup-json", JSON_INPUT, "json"));
        Result dedupAvro = measure("dedup job, Avro in (same bytes out)", AVRO_INPUT, dedup("bench-dedup-avro",
                AVRO_INPUT, "avro"));
        Result aggJson = measure("aggregate job, JSON in, JSON out", JSON_INPUT, aggregate("bench-agg-json",
                JSON_INPUT, "json", run));
        Result aggAvro = measure("aggregate job, Avro in, Avro out", AVRO_INPUT, aggregate("bench-agg-avro",
                AVRO_INPUT, "avro", run));
        System.out.println();
        ratio("dedup: Avro / JSON (at-least-once)", dedupAvro, dedupJson);
        ratio("aggregate: Avro / JSON (at-least-once)", aggAvro, aggJson);
    }

    /** Both figures and their ratio, or the ratio refused ({@link io.tributary.bench.Span}). */
    private static void ratio(String what, Result avro, Result json) {
        System.out.println(avro.line());
        System.out.println(json.line());
        String refusal = Result.refusal(what, avro, json);
        System.out.println(refusal != null ? refusal
                : String.format(Locale.ROOT, "  %-58s %10.2f×", what, avro.rate() / json.rate()));
    }

    /** The throughput bench's events (same seed), as JSON to one topic and as Avro to the other. */
    private void produce(long globalId) throws IOException {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "all");
        Random random = new Random(1);
        long base = (System.currentTimeMillis() / 60_000 - 60) * 60_000;
        byte[] prefix = ByteBuffer.allocate(9).put((byte) 0).putLong(globalId).array();
        GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(SCHEMA);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = null;
        long jsonBytes = 0;
        long avroBytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String type = TYPES[random.nextInt(TYPES.length)];
                long ts = base + i * 3_000L * 60 / Math.max(events, 1);
                if (random.nextInt(200) == 0) {
                    ts -= random.nextInt(120_000);
                }
                String user = "u-" + random.nextInt(50_000);
                double amount = random.nextInt(100_000) / 100.0;
                String session = "s-" + Long.toHexString(random.nextLong());
                byte[] json = ProcessorBench.event("e-" + i, type, user, amount, ts, session);
                GenericRecord r = new GenericData.Record(SCHEMA);
                r.put("event_id", "e-" + i);
                r.put("event_type", type);
                r.put("user_id", user);
                r.put("amount", amount);
                r.put("ts", ts);
                r.put("currency", "EUR");
                r.put("country", "DE");
                r.put("session", session);
                out.reset();
                out.write(prefix);
                encoder = EncoderFactory.get().binaryEncoder(out, encoder);
                writer.write(r, encoder);
                encoder.flush();
                byte[] avro = out.toByteArray();
                jsonBytes += json.length;
                avroBytes += avro.length;
                boolean twice = random.nextInt(100) == 0;
                for (int n = twice ? 2 : 1; n > 0; n--) {
                    producer.send(new ProducerRecord<>(JSON_INPUT, null, ts, type, json));
                    producer.send(new ProducerRecord<>(AVRO_INPUT, null, ts, type, avro));
                }
            }
        }
        System.out.printf(Locale.ROOT, "  produced %,d events (+~1%% repeats) to each topic; %d B JSON, %d B Avro per "
                + "event on average%n", events, jsonBytes / events, avroBytes / events);
    }

    private String common(String app) {
        return """
                application.id: %s
                bootstrap.servers: %s
                processing.guarantee: at_least_once
                state.dir: %s
                http.listen: off
                streams: {num.stream.threads: 1, replication.factor: 1}
                registry: {url: %s}
                jobs:
                """.formatted(app, bootstrap, work.resolve("state"), registry);
    }

    private ProcessorConfig dedup(String app, String input, String format) {
        return ProcessorConfig.parse(common(app) + """
                  - {name: dedup, kind: dedup, input: %s, output: %s-out, id: event_id, retention: 10m, time.field: ts,
                     input.format: %s}
                """.formatted(input, app, format), app);
    }

    private ProcessorConfig aggregate(String app, String input, String format, String run) {
        return ProcessorConfig.parse(common(app) + """
                  - name: agg
                    kind: aggregate
                    input: %s
                    input.format: %s
                    output: %s-out
                    output.format: %s
                    group.by: event_type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 10s}
                    aggregations:
                """.formatted(input, format, app + "-" + run, format) + ProcessorBench.aggregations(true), app);
    }

    private Result measure(String what, String input, ProcessorConfig config) throws Exception {
        return Progress.measure(what, bootstrap, input, config);
    }
}
