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
 * Each subject inserts into a fresh MergeTree table, checked afterwards to hold every row exactly once. Everything
 * runs once first (the sinks on a fifth of the rows) to warm the worker's JIT; then {@code repeat} passes, medians
 * reported.
 */
public final class ClickHouseBench {

    private static final URI CLICKHOUSE = URI.create("http://127.0.0.1:8123/");
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
     * matters here: a sink task's put() is called only when its consumer's poll returns, and the poll waits up to
     * the next offset commit when no records come, so a partition's last, partial batch is inserted by the commit's
     * preCommit() rather than after batch.linger.ms.
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

    public ClickHouseBench(Path home, Path root, Path bundle, String[] args) {
        this.work = home.resolve("bench/clickhouse");
        this.root = root;
        this.bundle = bundle;
        int n = 1_000_000;
        int r = 3;
        int t = 2;
        List<SinkSubject.Values> v = List.of(SinkSubject.Values.values());
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
        int warmup = Math.max(20_000, rowCount / 5);
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
            Map<SinkSubject.Values, String[]> topics = produceTopics(new RowTopics(stack.bootstrapServers(),
                    PARTITIONS), rows, warmup);
            System.out.printf("  warming up (every subject once; the sinks on %,d rows) ...%n", warmup);
            pass(reference, sink, inputs, rows, topics, 0, warmup);
            List<Result[]> passes = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                passes.add(pass(reference, sink, inputs, rows, topics, 1, rowCount));
            }
            report(Result.medians(passes));
        } finally {
            tables.dropDatabase();
        }
    }

    /**
     * Per value kind, its warm-up topic (the first rows) and its measured topic (all rows); JSON text and JSON bytes
     * read the same topics.
     */
    private Map<SinkSubject.Values, String[]> produceTopics(RowTopics producer, BenchRows rows, int warmup)
            throws Exception {
        Map<SinkSubject.Values, String[]> topics = new EnumMap<>(SinkSubject.Values.class);
        Map<String, String[]> produced = new HashMap<>();
        for (SinkSubject.Values v : values) {
            String kind = v == SinkSubject.Values.STRUCTS ? "structs" : "json";
            if (!produced.containsKey(kind)) {
                IntFunction<byte[]> value = kind.equals("structs") ? rows::jsonWithSchema : rows::json;
                produced.put(kind, new String[] {
                    producer.produce("bench-clickhouse-warmup-" + kind, warmup, value),
                    producer.produce("bench-clickhouse-" + kind, rowCount, value)});
            }
            topics.put(v, produced.get(kind));
        }
        return topics;
    }

    /**
     * One pass: every client format, then per value kind the sink exactly-once and at-least-once. The results, in
     * order: the client formats; per value kind, exactly-once and at-least-once from the connector's creation, then
     * the same two from its first partition assignment.
     */
    private Result[] pass(ClientReference reference, SinkSubject sink, List<ClientReference.Input> inputs,
                          BenchRows rows, Map<SinkSubject.Values, String[]> topics, int topicIndex, int sinkRows)
            throws Exception {
        List<Result> results = new ArrayList<>();
        for (ClientReference.Input input : inputs) {
            results.add(reference.insert(input, rows, rowCount));
        }
        for (SinkSubject.Values v : values) {
            String topic = topics.get(v)[topicIndex];
            SinkSubject.Run eos = sink.run(topic, v, true, rows, sinkRows);
            SinkSubject.Run alos = sink.run(topic, v, false, rows, sinkRows);
            results.addAll(List.of(eos.fromCreation(), alos.fromCreation(), eos.fromAssignment(),
                    alos.fromAssignment()));
        }
        return results.toArray(Result[]::new);
    }

    private void report(Result[] medians) {
        System.out.println();
        System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + ")");
        for (Result r : medians) {
            System.out.println(r.line());
        }
        int formats = medians.length - 4 * values.size();
        // The reference is the faster of TabSeparated and RowBinary: the best clickhouse-client does here.
        Result best = medians[0].rate() >= medians[1].rate() ? medians[0] : medians[1];
        Result jsonEachRow = medians[2];
        System.out.println("Reference: " + best.subject() + " --max_insert_block_size=" + ClientReference.BLOCK);
        System.out.println("Ratios of the medians (sink rates from the connector's creation)");
        for (int i = 0; i < values.size(); i++) {
            Result eos = medians[formats + 4 * i];
            Result alos = medians[formats + 4 * i + 1];
            System.out.println(Result.ratio(eos, best, 0.7));
            System.out.println(Result.ratio(eos, alos, 0.8));
            System.out.println(info(alos, best));
            if (values.get(i) != SinkSubject.Values.STRUCTS) {
                System.out.println(info(eos, jsonEachRow) + "   (the format the sink sends)");
            }
        }
        System.out.println("Ratios without the connector's start-up (creation to first partition assignment)");
        for (int i = 0; i < values.size(); i++) {
            Result eos = medians[formats + 4 * i + 2];
            Result alos = medians[formats + 4 * i + 3];
            System.out.println(info(eos, best));
            System.out.println(info(eos, alos));
        }
    }

    private static String info(Result subject, Result reference) {
        return String.format(Locale.ROOT, "  %-72s %5.2f", subject.subject() + " / " + reference.subject(),
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
