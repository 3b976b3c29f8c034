package io.tributary.bench.clickhouse;

import io.tributary.bench.BenchFiles;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * {@code ./tributary bench clickhouse}: in one run, on one machine, with the same generated rows, against the
 * ClickHouse server on 127.0.0.1:8123 —
 * <ul>
 *   <li>the reference: {@code clickhouse-client} inserting the rows from a file, TabSeparated and RowBinary with
 *   blocks of 100,000 (the faster of the two is the reference), and JSONEachRow (what the sink sends for JSON);</li>
 *   <li>the subject: the ClickHouse sink moving the same rows from a topic of 4 partitions, exactly-once and
 *   at-least-once, with the values as JSON text (StringConverter), as JSON bytes (ByteArrayConverter) and as Structs
 *   (JsonConverter with schemas).</li>
 * </ul>
 * Each subject inserts into a fresh MergeTree table, checked afterwards to hold every row exactly once. A whole pass
 * runs first, not counted: with a fifth of the rows as warm-up, the JIT still compiled during the measured passes
 * (0.4-0.7 s of C2 per subject); then {@code repeat} passes, medians reported.
 */
public final class ClickHouseBench {

    private static final URI CLICKHOUSE = URI.create("http://127.0.0.1:8123/");
    private static final URI REGISTRY = URI.create(System.getenv().getOrDefault("TRIBUTARY_REGISTRY_URL",
            "http://127.0.0.1:8081"));
    private static final int PARTITIONS = 4;
    /**
     * The sink's consumer: more records per poll than Connect's 500, as a throughput-minded deployment sets; the
     * sink's own batching (batch.max.records 100,000, linger 1 s, 4 parallel inserts) stays at its defaults.
     */
    private static final Map<String, String> CONSUMER = Map.of(
            "consumer.override.max.poll.records", "10000",
            "consumer.override.max.partition.fetch.bytes", String.valueOf(8 << 20),
            "consumer.override.fetch.max.bytes", String.valueOf(64 << 20));
    /**
     * The worker's offset commit interval, 1 s as in the other connector benchmarks (the template's is 5 s). It
     * matters here: a sink task's put() is called only when its consumer's poll returns, and once the topic is read
     * to its end the poll waits until the next offset commit, so each partition's last, partial batch is inserted by
     * that commit's preCommit() rather than after batch.linger.ms: the last rows arrive up to 1 s after the rest.
     */
    private static final int OFFSET_FLUSH_MS = 1000;

    private final Path work;
    private final Path root;
    private final Path bundle;
    private final int rowCount;
    private final int repeats;
    private final int tasks;
    private final List<SinkSubject.Values> values;
    /** The sink's settings beyond its defaults: {@link #CONSUMER}, then any {@code --sink key=value}. */
    private final Map<String, String> sinkSettings = new TreeMap<>(CONSUMER);
    private AvroTopic avro;

    public ClickHouseBench(Path home, Path root, Path bundle, String[] args) {
        this.work = home.resolve("bench/clickhouse");
        this.root = root;
        this.bundle = bundle;
        int n = 1_000_000;
        int r = 3;
        int t = 2;
        // Avro through the registry only when asked (--avro, or avro among --values): it needs the registry.
        List<SinkSubject.Values> v = List.of(SinkSubject.Values.JSON_STRINGS, SinkSubject.Values.JSON_BYTES,
                SinkSubject.Values.STRUCTS);
        if (Arrays.asList(args).contains("--avro")) {
            v = List.of(SinkSubject.Values.STRUCTS, SinkSubject.Values.AVRO);
        }
        for (int i = 1; i + 1 < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> n = Integer.parseInt(args[i + 1].replace("_", ""));
                case "--repeat" -> r = Integer.parseInt(args[i + 1]);
                case "--tasks" -> t = Integer.parseInt(args[i + 1]);
                case "--values" -> v = Arrays.stream(args[i + 1].split(","))
                        .map(s -> SinkSubject.Values.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_')))
                        .toList();
                case "--sink" -> {
                    String[] pair = args[i + 1].split("=", 2);
                    sinkSettings.put(pair[0], pair[1]);
                }
                default -> {
                }
            }
        }
        this.rowCount = n;
        this.repeats = r;
        this.tasks = t;
        this.values = v;
    }

    public void run() throws Exception {
        System.out.println("clickhouse benchmark: " + Machine.describe());
        ClickHouseHttp clickhouse = new ClickHouseHttp(CLICKHOUSE);
        ensureServer(clickhouse);
        System.out.println("  ClickHouse " + clickhouse.query("SELECT version()") + " at " + CLICKHOUSE);
        BenchFiles.deleteRecursively(work);
        BenchRows rows = BenchRows.generate(rowCount);
        List<ClientReference.Input> inputs = writeInputs(rows, Files.createDirectories(work.resolve("data")));
        BenchTables tables = new BenchTables(clickhouse);
        tables.reset();
        CpuMeter cpu = CpuMeter.find();
        ClientReference reference = new ClientReference(tables, work.resolve("clickhouse-client.log"), cpu);
        printSettings();

        StackSettings settings = StackSettings.defaults(work.resolve("stack"), bundle,
                        root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withWorkerOverrides(Map.of("offset.flush.interval.ms", String.valueOf(OFFSET_FLUSH_MS)));
        try (LocalStack stack = LocalStack.start(settings, System.out)) {
            SinkSubject sink = new SinkSubject(new ConnectClient(stack.restUrl()), stack.bootstrapServers(), tables,
                    clickhouse, CLICKHOUSE, tasks, sinkSettings, cpu);
            avro = values.contains(SinkSubject.Values.AVRO) ? new AvroTopic(REGISTRY) : null;
            sink.avro(avro);
            Map<SinkSubject.Values, String> topics = produceTopics(new RowTopics(stack.bootstrapServers(),
                    PARTITIONS), rows);
            System.out.println("  warming up (a whole pass, not counted) ...");
            pass(0, reference, sink, inputs, rows, tables, topics);
            List<Result[]> passes = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                passes.add(pass(i, reference, sink, inputs, rows, tables, topics));
            }
            report(passes);
        } finally {
            if (avro != null) {
                avro.close();
            }
            tables.dropDatabase();
        }
    }

    /** Per value kind, the topic holding its values; JSON text and JSON bytes read the same topic. */
    private Map<SinkSubject.Values, String> produceTopics(RowTopics producer, BenchRows rows) throws Exception {
        Map<SinkSubject.Values, String> topics = new EnumMap<>(SinkSubject.Values.class);
        Map<String, String> produced = new HashMap<>();
        for (SinkSubject.Values v : values) {
            String kind = v == SinkSubject.Values.STRUCTS ? "structs" : v == SinkSubject.Values.AVRO ? "avro" : "json";
            if (!produced.containsKey(kind) && kind.equals("avro")) {
                String topic = "bench-clickhouse-avro";
                avro.register(topic);
                produced.put(kind, producer.produce(topic, rowCount, (i, headers) -> avro.value(rows, i, headers)));
            } else if (!produced.containsKey(kind)) {
                IntFunction<byte[]> value = kind.equals("structs") ? rows::jsonWithSchema : rows::json;
                produced.put(kind, producer.produce("bench-clickhouse-" + kind, rowCount, value));
            }
            topics.put(v, produced.get(kind));
        }
        return topics;
    }

    /**
     * One pass: every client format, then per value kind the sink exactly-once and at-least-once. The results, in
     * order: the client formats, then per value kind exactly-once and at-least-once. Pass 0 is the warm-up.
     */
    private Result[] pass(int pass, ClientReference reference, SinkSubject sink, List<ClientReference.Input> inputs,
                          BenchRows rows, BenchTables tables, Map<SinkSubject.Values, String> topics)
            throws Exception {
        List<Result> results = new ArrayList<>();
        for (ClientReference.Input input : inputs) {
            settle(tables);
            results.add(reference.insert(input, rows, rowCount));
        }
        // The order rotates between passes: each value kind comes first in one pass of three, and exactly-once and
        // at-least-once take turns going first; whatever a place in the order costs, no subject pays it every time.
        Map<SinkSubject.Values, Result[]> runs = new EnumMap<>(SinkSubject.Values.class);
        for (int k = 0; k < values.size(); k++) {
            SinkSubject.Values v = values.get((k + pass) % values.size());
            Result[] both = new Result[2];
            for (int g = 0; g < 2; g++) {
                boolean exactlyOnce = (g + pass) % 2 == 0;
                settle(tables);
                both[exactlyOnce ? 0 : 1] = sink.run(topics.get(v), v, exactlyOnce, rows, rowCount);
            }
            runs.put(v, both);
        }
        for (SinkSubject.Values v : values) {
            results.addAll(List.of(runs.get(v)));
        }
        return results.toArray(Result[]::new);
    }

    /**
     * Every subject starts from the same state: no merge left running on the server by the one before, this JVM's
     * garbage from the one before collected.
     */
    private static void settle(BenchTables tables) throws IOException, InterruptedException {
        tables.awaitIdle();
        System.gc();
        Thread.sleep(500);
    }

    /**
     * Rates (medians), then each ratio of the medians, with the same ratio in each pass after it: the machine's load
     * drifts between passes, and a subject and its reference measured minutes apart compare less well than the two
     * in the same pass.
     */
    private void report(List<Result[]> passes) {
        Result[] medians = Result.medians(passes);
        System.out.println();
        System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + ")");
        for (Result r : medians) {
            System.out.println(r.line());
        }
        int formats = medians.length - 2 * values.size();
        // The reference is the faster of TabSeparated and RowBinary: the best clickhouse-client does here.
        int best = medians[0].rate() >= medians[1].rate() ? 0 : 1;
        int jsonEachRow = 2;
        System.out.println("Reference: " + medians[best].subject() + " --max_insert_block_size="
                + ClientReference.BLOCK);
        System.out.println("Ratios of the medians, and the same ratio in each pass");
        for (int i = 0; i < values.size(); i++) {
            int eos = formats + 2 * i;
            int alos = eos + 1;
            System.out.println(Result.ratio(medians[eos], medians[best], 0.7) + perPass(passes, eos, best));
            System.out.println(Result.ratio(medians[eos], medians[alos], 0.8) + perPass(passes, eos, alos));
            System.out.println(info(medians[alos], medians[best]) + perPass(passes, alos, best));
            if (values.get(i) == SinkSubject.Values.AVRO && values.contains(SinkSubject.Values.STRUCTS)) {
                // Avro through the registry against JSON with schemas: the same Structs, the same table.
                int json = formats + 2 * values.indexOf(SinkSubject.Values.STRUCTS);
                System.out.println(info(medians[eos], medians[json]) + perPass(passes, eos, json));
                System.out.println(info(medians[alos], medians[json + 1]) + perPass(passes, alos, json + 1));
            }
            if (values.get(i) != SinkSubject.Values.STRUCTS && values.get(i) != SinkSubject.Values.AVRO) {
                System.out.println(info(medians[eos], medians[jsonEachRow]) + perPass(passes, eos, jsonEachRow));
            }
        }
    }

    private static String perPass(List<Result[]> passes, int subject, int reference) {
        StringBuilder out = new StringBuilder("   (per pass:");
        for (Result[] pass : passes) {
            out.append(' ').append(Result.ratioValue(pass[subject], pass[reference]));
        }
        return out.append(')').toString();
    }

    /** A ratio without a target; refused (Span) when either median was measured over too short a span. */
    private static String info(Result subject, Result reference) {
        String name = subject.subject() + " / " + reference.subject();
        String refusal = Result.refusal(name, subject, reference);
        return refusal != null ? refusal : String.format(Locale.ROOT, "  %-72s %5.2f", name,
                subject.rate() / reference.rate());
    }

    private void printSettings() {
        System.out.printf("  %,d rows (%s), the same in every subject; topics of %d partitions%n", rowCount,
                BenchRows.COLUMNS, PARTITIONS);
        System.out.printf("  reference: clickhouse-client --max_insert_block_size=%d < file (TabSeparated, RowBinary; "
                + "JSONEachRow for comparison), fresh MergeTree table ORDER BY (type, ts)%n", ClientReference.BLOCK);
        System.out.printf("  sink: tasks.max=%d, %s, otherwise defaults (batch.max.records=100000, "
                + "batch.linger.ms=1000, insert.parallelism=4); worker offset.flush.interval.ms=%d; exactly-once "
                + "tables add _topic, _partition, _offset and are ordered by them%n", tasks, sinkSettings,
                OFFSET_FLUSH_MS);
        System.out.println("  sink values: " + String.join(", ", values.stream().map(v -> v.label).toList())
                + "; timed from creating the connector to SELECT count() reaching the rows (polled every 200 ms)");
        System.out.printf("  %d measured passes, medians; one warm-up pass first%n", repeats);
    }

    private List<ClientReference.Input> writeInputs(BenchRows rows, Path data) throws IOException {
        List<ClientReference.Input> inputs = List.of(
                new ClientReference.Input("TabSeparated", data.resolve("rows.tsv")),
                new ClientReference.Input("RowBinary", data.resolve("rows.bin")),
                new ClientReference.Input("JSONEachRow", data.resolve("rows.json")));
        rows.writeTabSeparated(inputs.get(0).file());
        rows.writeRowBinary(inputs.get(1).file());
        rows.writeJsonEachRow(inputs.get(2).file());
        for (ClientReference.Input input : inputs) {
            System.out.printf("  %-12s file, %,d bytes%n", input.format(), Files.size(input.file()));
        }
        return inputs;
    }

    private void ensureServer(ClickHouseHttp clickhouse) throws IOException, InterruptedException {
        if (clickhouse.answers()) {
            return;
        }
        System.out.println("  ClickHouse does not answer on " + CLICKHOUSE + ": starting it (tributary services)");
        int exit = new ProcessBuilder(root.resolve("distribution/scripts/services.sh").toString(), "start",
                "clickhouse").inheritIO().start().waitFor();
        if (exit != 0 || !clickhouse.answers()) {
            throw new IOException("ClickHouse is not answering on " + CLICKHOUSE + " (./tributary services start)");
        }
    }
}
