package io.tributary.bench.file;

import io.tributary.bench.BenchFiles;
import io.tributary.bench.BenchPorts;
import io.tributary.bench.BenchTopics;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;
import io.tributary.launcher.security.AclPlan;
import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./tributary bench file}: in one run, on one machine, with the same 1M records of ~200 B JSON and the same
 * producer settings — the raw Kafka producer (the limit), Apache's FileStreamSource, the file source at-least-once
 * and exactly-once, and the file sink against a raw consumer. Each subject first runs once on a smaller file to warm
 * the JIT. Rates exclude task start-up: sources from their first record's timestamp to the moment everything is in
 * Kafka; the sink and consumer from the first file commit (and the same record count) to the last.
 *
 * <p>With {@code --secure}: a plaintext stack and a secure one (SASL_SSL with SCRAM-SHA-512, ACLs; the worker and
 * every connector client authenticating as {@code connect}, the raw clients as {@code demo}) run side by side, and
 * each pass measures the same subjects on both, one stack after the other; printed are both medians and their ratio,
 * the cost of TLS and SASL that users should expect.
 */
public final class FileBench {

    /** The producer settings of every subject (the connectors' producer overrides too), also for --avro. */
    static final Map<String, String> PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "262144",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    static final int PARTITIONS = 3;
    /**
     * The converter of the JSON subjects: the bundle's StreamingJsonConverter, as the example configs use, or another
     * class from TRIBUTARY_BENCH_JSON_CONVERTER (Kafka's JsonConverter, for the figures before it).
     */
    static final String JSON_CONVERTER = System.getenv().getOrDefault("TRIBUTARY_BENCH_JSON_CONVERTER",
            "io.tributary.connect.common.converter.StreamingJsonConverter");

    private final Path work;
    private final Path root;
    private final Path bundle;
    private final int records;
    private final int warmup;
    private final int repeats;
    private final boolean secure;
    /** {@code --avro}: the file source through Apicurio's AvroConverter against JSON instead ({@link FileAvroBench}). */
    private final boolean avro;
    /** {@code --parquet}: the Parquet sink against a raw consumer writing Parquet instead ({@link FileParquetBench}). */
    private final boolean parquet;
    private final Path home;
    /** bootstrap.servers of the current stack and, on the secure one, its SASL_SSL settings as User:demo. */
    private Map<String, Object> client;
    private ConnectClient atLeastOnce;
    private ConnectClient exactlyOnce;
    private int run;

    public FileBench(Path home, Path root, Path bundle, String[] args) {
        this.work = home.resolve("bench/file");
        this.root = root;
        this.bundle = bundle;
        int n = 1_000_000;
        int r = 3;
        boolean s = false;
        boolean a = false;
        boolean p = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--secure")) {
                s = true;
            } else if (args[i].equals("--avro")) {
                a = true;
            } else if (args[i].equals("--parquet")) {
                p = true;
            }
        }
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--records")) {
                n = Integer.parseInt(args[i + 1].replace("_", ""));
            } else if (args[i].equals("--repeat")) {
                r = Integer.parseInt(args[i + 1]);
            }
        }
        this.records = n;
        this.repeats = r;
        this.secure = s;
        this.avro = a;
        this.parquet = p;
        this.home = home;
        this.warmup = Math.max(10_000, n / 5);
    }

    public void run() throws Exception {
        if (avro) {
            new FileAvroBench(home, root, bundle, records, repeats).run();
            return;
        }
        if (parquet) {
            new FileParquetBench(home, root, bundle, records, repeats).run();
            return;
        }
        System.out.println("file benchmark: " + Machine.describe());
        BenchFiles.deleteRecursively(work);
        BenchFiles.EventFiles input = BenchFiles.eventFiles(work, records, warmup);
        Path full = input.full();
        Path small = input.warmup();
        if (secure) {
            secureAgainstPlaintext(full, small);
            return;
        }

        StackSettings settings = StackSettings.defaults(work.resolve("stack"), bundle,
                        root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withExtraPluginDirs(List.of(root.resolve("bench/target/reference-plugins")))
                .withWorkerOverrides(Map.of("exactly.once.source.support", "disabled", "offset.flush.interval.ms", "1000"));
        try (LocalStack local = LocalStack.start(settings, System.out)) {
            Target target = Target.of("plaintext", local);
            target.use(this);

            // Every subject once on the small file first: the broker, the worker and every code path are warm
            // before anything is measured, whatever the order.
            System.out.println("  warming up ...");
            Result[] warm = sources(small);
            sinks(topicOf(warm[2]), warmup);
            List<Result[]> sourceRuns = new ArrayList<>();
            List<Result[]> sinkRuns = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                Result[] measured = sources(full);
                sourceRuns.add(measured);
                sinkRuns.add(sinks(topicOf(measured[2]), records));
            }
            Result[] measured = Result.medians(sourceRuns);
            Result[] sinks = Result.medians(sinkRuns);

            System.out.println();
            System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + ")");
            for (Result r : measured) {
                System.out.println(r.line());
            }
            for (Result r : sinks) {
                System.out.println(r.line());
            }
            System.out.println("Ratios of the medians");
            Result producer = measured[0];
            Result apache = measured[1];
            Result json = measured[2];
            Result plain = measured[3];
            Result eosJson = measured[4];
            System.out.println(Result.ratio(plain, producer, 0.7));
            System.out.println(Result.ratio(json, producer, 0.7));
            System.out.println(Result.ratio(plain, apache, 1.0));
            System.out.println(Result.ratio(json, apache, 1.0));
            System.out.println(Result.ratio(eosJson, json, 0.6));
            System.out.println(Result.ratio(sinks[3], sinks[1], 0.7));
            System.out.println(Result.ratio(sinks[2], sinks[1], 0.7));
            System.out.println(Result.ratio(sinks[2], sinks[0], 0.7));
        }
    }

    /** The ACLs of the secure stack: the worker as in ./tributary up --secure, on the bench- topics; raw clients as demo. */
    private static final AclPlan BENCH_ACLS = AclPlan.empty()
            .connectWorker(Principals.CONNECT, "tributary-", List.of("bench-"))
            .topics(Principals.DEMO, List.of("bench-"), AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                    AclOperation.CREATE)
            .allow(Principals.DEMO, ResourceType.GROUP, "raw-consumer-", PatternType.PREFIXED, AclOperation.READ,
                    AclOperation.DESCRIBE);

    /** A stack to measure on: its workers (at-least-once, exactly-once) and the raw clients' settings. */
    private record Target(String label, LocalStack stack, ConnectClient atLeastOnce, ConnectClient exactlyOnce,
                          Map<String, Object> client) {
        static Target of(String label, LocalStack stack) throws IOException, InterruptedException {
            URI eos = stack.startSeparateCluster("eos", Map.of("exactly.once.source.support", "enabled"));
            return new Target(label, stack, new ConnectClient(stack.restUrl()), new ConnectClient(eos),
                    stack.clientConfig(Principals.DEMO));
        }

        void use(FileBench bench) {
            bench.atLeastOnce = atLeastOnce;
            bench.exactlyOnce = exactlyOnce;
            bench.client = client;
        }
    }

    /**
     * Both stacks at once, the same subjects on each within every pass (plaintext, then SASL_SSL), so both see the
     * same machine; the medians and their ratio.
     */
    private void secureAgainstPlaintext(Path full, Path small) throws Exception {
        System.out.println("  load average at start: " + loadAverage());
        Path template = root.resolve("connector-configs/worker/connect-distributed.properties");
        Map<String, String> overrides = Map.of("exactly.once.source.support", "disabled",
                "offset.flush.interval.ms", "1000");
        // Free ports rather than up's defaults: a `./tributary up` starting meanwhile must not take one between
        // the check and the bind.
        StackSettings plain = new StackSettings(work.resolve("stack-plaintext"), bundle, template, List.of(),
                overrides, BenchPorts.free(), BenchPorts.free(), BenchPorts.free(), null);
        SecureKafka security = SecureKafka.prepare(work.resolve("secure")).withAcls(BENCH_ACLS);
        StackSettings sasl = new StackSettings(work.resolve("stack-sasl-ssl"), bundle, template, List.of(),
                overrides, BenchPorts.free(), BenchPorts.free(), BenchPorts.free(), security);
        try (LocalStack plainStack = LocalStack.start(plain, System.out);
             LocalStack saslStack = LocalStack.start(sasl, System.out)) {
            List<Target> targets = List.of(Target.of("plaintext", plainStack), Target.of("SASL_SSL", saslStack));
            System.out.println("  warming up ...");
            for (Target target : targets) {
                target.use(this);
                paired(small, warmup);
            }
            List<List<Result[]>> runs = List.of(new ArrayList<>(), new ArrayList<>());
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                for (int t = 0; t < targets.size(); t++) {
                    System.out.println("    on " + targets.get(t).label());
                    targets.get(t).use(this);
                    runs.get(t).add(paired(full, records));
                }
            }
            Result[] plainRates = Result.medians(runs.get(0));
            Result[] saslRates = Result.medians(runs.get(1));
            System.out.println();
            System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + "), load average at end: "
                    + loadAverage());
            System.out.printf(Locale.ROOT, "  %-40s %14s %14s %9s   %s%n", "subject", "plaintext/s", "SASL_SSL/s",
                    "SASL_SSL / plaintext", "measured (plaintext; SASL_SSL)");
            for (int i = 0; i < plainRates.length; i++) {
                Result p = plainRates[i];
                Result s = saslRates[i];
                String measured = p.over() + "; " + s.over();
                String refusal = Result.refusal(p.subject() + ", SASL_SSL / plaintext", p, s);
                if (refusal != null) {
                    System.out.println(refusal + " (" + measured + ")");
                } else {
                    System.out.printf(Locale.ROOT, "  %-40s %,14.0f %,14.0f %9.2f   %s%n", p.subject(), p.rate(),
                            s.rate(), s.rate() / p.rate(), measured);
                }
            }
        }
    }

    /** The subjects measured on both stacks: raw producer, our sources, raw consumer, our sinks. */
    private Result[] paired(Path file, long expected) throws Exception {
        Result producer = rawProducer(file);
        Result json = ourSource(file, "json", atLeastOnce, "at-least-once");
        Result lines = ourSource(file, "lines", atLeastOnce, "at-least-once");
        Result eos = ourSource(file, "json", exactlyOnce, "exactly-once");
        String topic = json.topic();
        return new Result[] {
            producer, json, lines, eos,
            rawConsumer(topic, expected, false),
            ourSink(topic, expected, "json", JSON_CONVERTER),
            ourSink(topic, expected, "lines", "org.apache.kafka.connect.converters.ByteArrayConverter")
        };
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Raw producer, FileStreamSource, our source (json and lines, at-least-once), our source (json, exactly-once). */
    private Result[] sources(Path file) throws Exception {
        return new Result[] {
            rawProducer(file),
            fileStreamSource(file),
            ourSource(file, "json", atLeastOnce, "at-least-once"),
            ourSource(file, "lines", atLeastOnce, "at-least-once"),
            ourSource(file, "json", exactlyOnce, "exactly-once")
        };
    }

    /** Raw consumer (no-op, and writing value bytes to a file), our sink as JSON and as raw lines. */
    private Result[] sinks(String topic, long expected) throws Exception {
        return new Result[] {
            rawConsumer(topic, expected, false),
            rawConsumer(topic, expected, true),
            ourSink(topic, expected, "json", JSON_CONVERTER),
            ourSink(topic, expected, "lines", "org.apache.kafka.connect.converters.ByteArrayConverter")
        };
    }

    private static String topicOf(Result result) {
        return result.topic();
    }

    private Result rawProducer(Path file) throws Exception {
        String topic = topic("raw-producer");
        Map<String, Object> config = new HashMap<>(PRODUCER);
        config.putAll(client);
        long count = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer()); BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)));
                count++;
            }
            producer.flush();
        }
        long done = System.currentTimeMillis();
        return new Result("raw KafkaProducer", count, (done - firstTimestamp(topic)) / 1000.0, topic);
    }

    private Result fileStreamSource(Path file) throws Exception {
        String topic = topic("filestream");
        long lines = BenchFiles.countLines(file);
        String name = "filestream-" + run;
        Map<String, String> config = new HashMap<>(producerOverrides());
        config.putAll(Map.of(
                "connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector",
                "file", file.toString(), "topic", topic, "batch.size", "20000",
                "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        atLeastOnce.configure(name, config);
        awaitEndOffsets(topic, lines);
        long done = System.currentTimeMillis();
        atLeastOnce.delete(name);
        return new Result("Apache FileStreamSource", lines, (done - firstTimestamp(topic)) / 1000.0, topic);
    }

    private Result ourSource(Path file, String format, ConnectClient connect, String guarantee) throws Exception {
        String topic = topic("source-" + format + "-" + guarantee);
        Path input = BenchFiles.spoolInput(work.resolve("in-" + run), file);
        long lines = BenchFiles.countLines(file);
        String name = "source-" + run;
        Map<String, String> config = new HashMap<>(producerOverrides());
        config.putAll(Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "file.path", input.toString(), "topic", topic, "format", format, "file.min.age.ms", "0",
                "batch.max.records", "20000", "poll.interval.ms", "20",
                "value.converter", format.equals("json") ? JSON_CONVERTER
                        : "org.apache.kafka.connect.storage.StringConverter",
                "value.converter.schemas.enable", "false"));
        if (connect == exactlyOnce) {
            config.put("exactly.once.support", "required");
        }
        connect.configure(name, config);
        long done = BenchFiles.awaitSpooled(input);
        connect.delete(name);
        return new Result("file source, " + format + ", " + guarantee, lines,
                (done - firstTimestamp(topic)) / 1000.0, topic);
    }

    /**
     * The consumer reference: a plain KafkaConsumer in a group, either doing nothing with the records (the limit of
     * consuming) or appending each value and a newline to a file, the least a hand-written consumer-to-file does.
     */
    private Result rawConsumer(String topic, long expected, boolean toFile) throws IOException {
        Map<String, Object> config = new HashMap<>(client);
        config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "raw-consumer-" + (run++),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000));
        long count = 0;
        long startAt = Math.min(100_000, expected / 10);
        long start = 0;
        Path file = work.resolve("raw-consumer-" + run + ".jsonl");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024)) {
            consumer.subscribe(List.of(topic));
            while (count < expected) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (toFile) {
                        out.write(record.value());
                        out.write('\n');
                    }
                    if (++count == startAt) {
                        start = System.nanoTime();
                    }
                }
            }
            out.flush();
        }
        return new Result("raw KafkaConsumer" + (toFile ? " writing a file" : ", no-op"), expected - startAt,
                (System.nanoTime() - start) / 1e9, topic);
    }

    private Result ourSink(String topic, long expected, String format, String converter) throws Exception {
        Path out = work.resolve("out-" + run);
        String name = "sink-" + (run++);
        atLeastOnce.configure(name, Map.of(
                "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                "topics", topic, "file.path", out.toString(), "rotate.records", "100000", "format", format,
                "rotate.interval.ms", "500", "consumer.override.max.poll.records", "10000", "file.fsync.enabled", System.getProperty("bench.fsync", "true"),
                "value.converter", converter, "value.converter.schemas.enable", "false"));
        long first = -1;
        long firstNanos = 0;
        long committed;
        while ((committed = committedBySink(out, topic)) < expected) {
            if (first < 0 && committed > 0) {
                first = committed;
                firstNanos = System.nanoTime();
            }
            Thread.sleep(5);
        }
        long doneNanos = System.nanoTime();
        atLeastOnce.delete(name);
        return new Result("file sink, " + format, expected - first, (doneNanos - firstNanos) / 1e9, topic);
    }

    /** The records of a topic in the sink's committed files, from its offset markers. */
    private static long committedBySink(Path out, String topic) throws IOException {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            Path marker = out.resolve(".tributary-offsets/" + topic + "+" + p);
            if (Files.exists(marker)) {
                try {
                    total += Long.parseLong(Files.readString(marker).trim());
                } catch (NumberFormatException | IOException racingRename) {
                    return total;
                }
            }
        }
        return total;
    }

    private Map<String, String> producerOverrides() {
        return BenchTopics.producerOverrides(PRODUCER);
    }

    private String topic(String what) throws Exception {
        String topic = "bench-" + what + "-" + (run++);
        BenchTopics.create(client, topic, PARTITIONS);
        return topic;
    }

    private void awaitEndOffsets(String topic, long expected) throws Exception {
        BenchTopics.awaitEndOffsets(client, topic, PARTITIONS, expected);
    }

    /** The earliest CreateTime of a topic's first records (across partitions). */
    private long firstTimestamp(String topic) {
        return BenchTopics.firstTimestamp(client, topic, PARTITIONS);
    }
}
