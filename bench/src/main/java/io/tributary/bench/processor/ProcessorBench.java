package io.tributary.bench.processor;

import io.tributary.bench.BenchFiles;
import io.tributary.bench.BenchPorts;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.TimeWindows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * {@code ./tributary bench processor [throughput|latency|memory|restore|all]}: the stateful processor against a local
 * broker in this JVM. Each part measures what a target of issue 4 names; {@code all} (the default) runs them in turn.
 *
 * <p>Throughput: the same input (JSON events, ~1% repeated, ~0.5% late) through a plain Kafka Streams windowed
 * {@code count()} (the reference: 1-minute tumbling windows, 10 s grace, RocksDB, grouped by the record key, no JSON
 * parsing), the processor's aggregate job (count, sum, avg, p95, distinct users over 1-minute tumbling windows,
 * grouped by a JSON field) at-least-once and exactly-once, and its dedup job likewise. Each subject is a fresh
 * application reading the input from the start with one stream thread and {@code commit.interval.ms=100} (so the end
 * is seen within a tenth of a second; the at-least-once default of 30 s would hide everything); its rate is events
 * over the time from RUNNING until its committed input offsets reach the end. A first pass of the aggregate job warms
 * the JVM. {@link LatencyBench}, {@link MemoryBench} and {@link RestoreBench} describe the other parts.
 */
public final class ProcessorBench {

    private static final String INPUT = "bench-processor-input";
    private static final String[] TYPES = {"payment", "refund", "page_view", "click", "add_to_cart", "sensor_reading"};

    private static final List<String> PARTS = List.of("throughput", "latency", "memory", "restore", "avro");

    private final Path home;
    private final Path bundle;
    private final Path root;
    private final int events;
    private final List<String> parts;

    /** {@code args}: "processor", then the part (or "all"), then {@code --events N} for the throughput part. */
    public ProcessorBench(Path home, Path root, Path bundle, String[] args) {
        this.home = home;
        this.root = root;
        this.bundle = bundle;
        List<String> list = List.of(args);
        int i = list.indexOf("--events");
        this.events = i >= 0 ? Integer.parseInt(list.get(i + 1)) : 1_000_000;
        String part = list.size() > 1 && !list.get(1).startsWith("--") ? list.get(1) : "all";
        if (!part.equals("all") && !PARTS.contains(part)) {
            throw new IllegalArgumentException("'" + part + "' is not a part of the processor benchmark ("
                    + String.join(", ", PARTS) + " or all)");
        }
        this.parts = part.equals("all") ? PARTS : List.of(part);
    }

    public void run() throws Exception {
        System.out.println("processor benchmark: " + Machine.describe());
        Path work = home.resolve("bench/processor");
        BenchFiles.deleteRecursively(work);
        StackSettings settings = StackSettings.defaults(work.resolve("stack"), bundle,
                root.resolve("connector-configs/worker/connect-distributed.properties"))
                // Free ports, not 9092/9093/8083: a stack of `up` or another bench may be running beside it.
                .withPorts(BenchPorts.free(), BenchPorts.free(), BenchPorts.free());
        try (LocalStack stack = LocalStack.start(settings, System.out)) {
            String bootstrap = stack.bootstrapServers();
            for (String part : parts) {
                System.out.println();
                System.out.println(part + ":");
                switch (part) {
                    case "throughput" -> throughput(bootstrap, work.resolve("throughput"));
                    case "latency" -> new LatencyBench(bootstrap, work.resolve("latency")).run();
                    case "memory" -> new MemoryBench(bootstrap, work.resolve("memory")).run();
                    case "avro" -> new AvroBench(bootstrap, work.resolve("avro"), events).run();
                    default -> new RestoreBench(bootstrap, work.resolve("restore")).run();
                }
            }
        }
    }

    private void throughput(String bootstrap, Path work) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(INPUT, 3, (short) 1))).all().get();
        }
        produce(bootstrap);
        // Not reported: every code path (JSON, RocksDB, repartition, transactions) compiled before measuring.
        measureConfig("warm-up (not counted): aggregate job, exactly-once", bootstrap, aggregate("bench-warm-up",
                bootstrap, "exactly_once_v2", work, true));
        Result reference = measure("reference: Kafka Streams windowed count(), at-least-once", bootstrap,
                referenceTopology(), props("bench-reference", bootstrap, "at_least_once", work));
        Result plainAlos = measureConfig("aggregate job without sketches (count, sum, avg), at-least-once",
                bootstrap, aggregate("bench-agg-plain", bootstrap, "at_least_once", work, false));
        Result aggregateAlos = measureConfig("aggregate job, at-least-once", bootstrap, aggregate("bench-agg-alos",
                bootstrap, "at_least_once", work, true));
        Result aggregateEos = measureConfig("aggregate job, exactly-once", bootstrap, aggregate("bench-agg-eos",
                bootstrap, "exactly_once_v2", work, true));
        Result dedupAlos = measureConfig("dedup job, at-least-once", bootstrap, dedup("bench-dedup-alos",
                bootstrap, "at_least_once", work));
        Result dedupEos = measureConfig("dedup job, exactly-once", bootstrap, dedup("bench-dedup-eos",
                bootstrap, "exactly_once_v2", work));
        System.out.println();
        System.out.println(reference.line());
        System.out.println(plainAlos.line());
        System.out.println(Result.target("aggregate, at-least-once", aggregateAlos, 100_000, "events/s"));
        System.out.println(Result.target("aggregate, exactly-once", aggregateEos, 50_000, "events/s"));
        System.out.println(Result.ratio(aggregateAlos, reference, 0.7));
        System.out.println(Result.target("dedup, at-least-once", dedupAlos, 150_000, "events/s"));
        System.out.println(dedupEos.line());
    }

    /** The input: ~200 B JSON events in event-time order but for 0.5% up to 2 minutes late, 1% sent twice. */
    private void produce(String bootstrap) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "all");
        Random random = new Random(1);
        long base = (System.currentTimeMillis() / 60_000 - 60) * 60_000;
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String type = TYPES[random.nextInt(TYPES.length)];
                long ts = base + i * 3_000L * 60 / Math.max(events, 1);   // the input spans an hour of event time
                if (random.nextInt(200) == 0) {
                    ts -= random.nextInt(120_000);
                }
                byte[] value = event("e-" + i, type, "u-" + random.nextInt(50_000), random.nextInt(100_000) / 100.0,
                        ts, "s-" + Long.toHexString(random.nextLong()));
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(INPUT, null, ts, type, value);
                producer.send(record);
                if (random.nextInt(100) == 0) {
                    producer.send(record);
                }
            }
        }
        System.out.printf(Locale.ROOT, "  produced %,d events (+~1%% repeats) in %.1f s%n", events,
                (System.nanoTime() - started) / 1e9);
    }

    private static Topology referenceTopology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(INPUT, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .groupByKey()
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
                .count()
                .toStream()
                .to("bench-reference-out", org.apache.kafka.streams.kstream.Produced.with(
                        org.apache.kafka.streams.kstream.WindowedSerdes.timeWindowedSerdeFrom(String.class, 60_000),
                        Serdes.Long()));
        return builder.build();
    }

    private static Properties props(String app, String bootstrap, String guarantee, Path work) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, app);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("state").toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return props;
    }

    private String common(String app, String bootstrap, String guarantee, Path work) {
        return """
                application.id: %s
                bootstrap.servers: %s
                processing.guarantee: %s
                state.dir: %s
                http.listen: off
                streams: {num.stream.threads: 1, replication.factor: 1}
                jobs:
                """.formatted(app, bootstrap, guarantee, work.resolve("state"));
    }

    private ProcessorConfig aggregate(String app, String bootstrap, String guarantee, Path work, boolean sketches) {
        return ProcessorConfig.parse(common(app, bootstrap, guarantee, work) + """
                  - name: agg
                    kind: aggregate
                    input: %s
                    output: %s-out
                    group.by: event_type
                    time.field: ts
                    window: {type: tumbling, size: 1m, grace: 10s}
                    aggregations:
                """.formatted(INPUT, app) + aggregations(sketches), app);
    }

    private ProcessorConfig dedup(String app, String bootstrap, String guarantee, Path work) {
        return ProcessorConfig.parse(common(app, bootstrap, guarantee, work) + """
                  - {name: dedup, kind: dedup, input: %s, output: %s-out, id: event_id, retention: 10m, time.field: ts}
                """.formatted(INPUT, app), app);
    }

    private static Result measureConfig(String what, String bootstrap, ProcessorConfig config) throws Exception {
        return Progress.measure(what, bootstrap, INPUT, config);
    }

    private static Result measure(String what, String bootstrap, Topology topology, Properties props)
            throws Exception {
        return Progress.measure(what, bootstrap, INPUT, topology, props);
    }

    /**
     * What the benchmark's aggregate jobs compute, as the items under a job's {@code aggregations:}: count, sum and
     * average of the amount, with {@code sketches} also its 95th percentile and the distinct users.
     */
    static String aggregations(boolean sketches) {
        return """
                      - {name: events, fn: count}
                      - {name: amount_sum, fn: sum, field: amount}
                      - {name: amount_avg, fn: avg, field: amount}
                """ + (sketches ? """
                      - {name: amount_p, fn: percentiles, field: amount, ranks: [0.95]}
                      - {name: users, fn: distinct, field: user_id}
                """ : "");
    }

    /** One input event (~200 B of JSON), in the shape the generator writes. */
    static byte[] event(String id, String type, String user, double amount, long ts, String session) {
        return ("{\"event_id\":\"" + id + "\",\"event_type\":\"" + type + "\",\"user_id\":\"" + user
                + "\",\"amount\":" + amount + ",\"ts\":" + ts + ",\"currency\":\"EUR\",\"country\":\"DE\","
                + "\"session\":\"" + session + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
