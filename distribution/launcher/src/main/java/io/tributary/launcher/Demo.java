package io.tributary.launcher;

import io.tributary.generator.GenerationStats;
import io.tributary.generator.GeneratorRun;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import io.tributary.generator.sink.DirectorySink;
import io.tributary.generator.sink.HttpSink;
import io.tributary.generator.sink.WebSocketSink;
import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;
import io.tributary.processor.config.JobSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code tributary demo}: the whole pipeline on a fresh local stack. Generated events come in three ways, dealt in
 * turn: written as files and read by the file source, posted as NDJSON batches to the HTTP listener, and streamed
 * over a few WebSocket connections to the WebSocket source (both answer once Kafka has the events); inside the worker they are validated against the event schema, timestamped by event time,
 * enriched with user profiles (from Redis when it answers, from a file otherwise) and routed by rules into a topic
 * per event type; malformed lines and invalid events go to their dead-letter topics. The file sink writes the routed
 * topics back to files, masking card numbers. The demo waits until every event is accounted for and prints a
 * summary; it fails, naming the count and the events (ids, {@link Unreconciled}), when they do not reconcile.
 *
 * <p>With {@code --avro} the same runs with Avro on every topic through the schema registry
 * (connector-configs/pipelines/demo-avro/, demo-avro.yaml; {@link AvroRun}): events become Structs of event.avsc at
 * the sources, so an invalid event that does not fit it is dead-lettered there, told apart by its headers
 * ({@link DeadLetterKinds}); the summary also lists the schema versions the run registered.
 */
final class Demo {

    static final List<String> ROUTED = List.of("events-payments", "events-iot", "events-clicks", "events-unroutable");
    static final List<String> TOPICS = List.of("events-raw", "events-dlq", "events-invalid", "events-payments",
            "events-iot", "events-clicks", "events-unroutable");
    private static final String PROFILE_PREFIX = "tributary-demo:user_profile:";
    private static final int USERS = 1_000;
    private static final int USERS_WITH_PROFILE = 950;
    /** The push sources' ports, as in connector-configs/pipelines/demo/11-* and 12-*. */
    static final int LISTENER_PORT = 8088;
    static final int WEBSOCKET_PORT = 8089;
    private static final int WEBSOCKET_CONNECTIONS = 3;
    /** Topics the ClickHouse sink writes (connector-configs/pipelines/demo/with-clickhouse), and their tables. */
    static final String CLICKHOUSE_DATABASE = "tributary_demo";
    static final Map<String, String> CLICKHOUSE_TABLES = clickHouseTables();

    private static Map<String, String> clickHouseTables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("events-payments", "payments");
        tables.put("events-iot", "iot");
        tables.put("events-clicks", "clicks");
        tables.put("agg-per-type-1m", "per_type_1m");
        tables.put("agg-per-user-5m", "per_user_5m");
        tables.put("agg-user-sessions", "user_sessions");
        return tables;
    }

    private final DemoSteps steps;
    private final Path home;
    private final Path root;
    private final PrintStream out;
    /** {@code --avro}: Avro through the schema registry (connector-configs/pipelines/demo-avro/, demo-avro.yaml). */
    private final boolean avro;

    /** The subject the Avro demo's push sources fetch the event schema from (registered by the demo). */
    static final String EVENT_SUBJECT = "tributary-demo-event";
    static final String EVENT_SCHEMA = "connector-configs/schemas/event.avsc";

    Demo(Path home, Path root, Path bundle, PrintStream out, SecureKafka security, StopSequence stops) {
        this(home, root, bundle, out, security, stops, false);
    }

    Demo(Path home, Path root, Path bundle, PrintStream out, SecureKafka security, StopSequence stops, boolean avro) {
        this.steps = new DemoSteps(home, root, bundle, out, security, stops);
        this.avro = avro;
        this.home = home;
        this.root = root;
        this.out = out;
    }

    int run(long events, double rate) throws IOException, InterruptedException {
        Path demo = steps.freshDirectory();
        Path input = Files.createDirectories(demo.resolve("input"));
        Path output = Files.createDirectories(demo.resolve("output"));
        long started = System.nanoTime();
        out.printf("Tributary demo: %,d events%s: files, HTTP and WebSocket -> validate, enrich, route -> Kafka -> files; "
                        + "dedup and windows%s%n",
                events,
                rate > 0 ? String.format(Locale.ROOT, " at %,.0f/s", rate) : "",
                avro ? "; Avro through the schema registry" : "");
        AvroRun registry = avro ? AvroRun.prepare(root, out) : null;
        Set<String> profiles = users(USERS_WITH_PROFILE);
        boolean redis = RedisSeed.answers("127.0.0.1", 6379);
        List<Path> pipeline = pipelineFiles();
        if (redis) {
            RedisSeed.set("127.0.0.1", 6379, profileEntries(profiles, PROFILE_PREFIX));
            out.printf("  user profiles: %d in Redis on 127.0.0.1:6379 (EnrichFromRedis)%n", profiles.size());
        } else {
            writeProfileFile(demo.resolve("user-profiles.json"), profiles);
            pipeline.replaceAll(p -> Files.exists(p.resolveSibling("without-redis").resolve(p.getFileName()))
                    ? p.resolveSibling("without-redis").resolve(p.getFileName()) : p);
            out.printf("  user profiles: %d in %s (Redis is not answering on 127.0.0.1:6379: EnrichFromFile)%n",
                    profiles.size(), demo.resolve("user-profiles.json"));
        }
        steps.requireFree(LISTENER_PORT, "HTTP listener");
        steps.requireFree(WEBSOCKET_PORT, "WebSocket source");
        if (registry != null) {
            registry.registerEventSchema();
        }
        ClickHouseCheck clickHouse = new ClickHouseCheck();
        boolean withClickHouse = steps.freshClickHouseDatabase(clickHouse, CLICKHOUSE_DATABASE,
                "processed and aggregated topics");
        try (LocalStack stack = steps.startStack(demo, started)) {
            DemoSteps.createTopics(stack.clientConfig(Principals.DEMO), TOPICS);
            ConnectClient connect = new ConnectClient(stack.restUrl());
            List<String> connectors = new ArrayList<>();
            for (Path file : pipeline) {
                connectors.add(steps.applyConnector(connect, file));
            }
            long processorStart = System.nanoTime();
            DeadLetterKinds deadLetters = new DeadLetterKinds("events-dlq");
            try (DemoProcessor processor = registry == null
                    ? DemoProcessor.start(root, demo.resolve("processor-state"), stack.clientConfig(Principals.PROCESSOR), 0)
                    : DemoProcessor.startAvro(root, registry.apiUrl(), registry.values(), demo.resolve("processor-state"),
                            stack.clientConfig(Principals.PROCESSOR), 0);
                 TopicCounter topics = new TopicCounter(stack.clientConfig(Principals.DEMO), allTopics(processor),
                         registry == null ? TopicCounter.containing("\"user\":{") : registry.enriched(ROUTED),
                         record -> {
                             processor.observe(record);
                             deadLetters.observe(record);
                             if (registry != null) {
                                 registry.observe(record);
                             }
                         })) {
                steps.stops().add(DemoProcessor.STOP_STEP, processor::close);
                out.printf("  stateful processor %s (%s), ops http://127.0.0.1:%d/metrics (%.1f s)%n", processor.state(),
                        processor.configFile(), processor.httpPort(), seconds(processorStart));
                if (withClickHouse) {
                    // After the processor, which creates its output topics with their partitions.
                    connectors.add(steps.applyConnector(connect, root.resolve("connector-configs/pipelines/"
                            + pipelineDirectory() + "/with-clickhouse/30-clickhouse-sink.json")));
                }
                OutputFiles sinkFiles = new OutputFiles(output);
                long generationStart = System.nanoTime();
                Progress progress = new Progress(topics, sinkFiles);
                try (DirectorySink files = new DirectorySink(input, "events", 2_500);
                     HttpSink http = new HttpSink(URI.create("http://127.0.0.1:" + LISTENER_PORT + "/events/batch"), 500);
                     WebSocketSink ws = new WebSocketSink(URI.create("ws://127.0.0.1:" + WEBSOCKET_PORT + "/events/stream"),
                             WEBSOCKET_CONNECTIONS, 100, 4)) {
                    DealingSink dealt = new DealingSink(List.of(files, http, ws));
                    DemoExpectations expected = new DemoExpectations(dealt, profiles,
                            registry == null ? null : EventSchemaFit.of(root.resolve(EVENT_SCHEMA)));
                    GeneratorSettings generation = new GeneratorSettings(events, rate, 0.02, 0.01, 0.005, 0.01, 0.05,
                            USERS, 42L, null);
                    GenerationStats stats = GeneratorRun.run(generation, expected, s -> progress.print(s.total()));
                    dealt.flush();
                    out.printf("  generated %,d events in %.1f s: %,d into %d files, %,d to the HTTP listener in %,d "
                                    + "requests, %,d over %d WebSocket connections (all acknowledged)%n", stats.total(),
                            seconds(generationStart), dealt.dealt(0), files.filesWritten(), dealt.dealt(1),
                            http.requests(), dealt.dealt(2), WEBSOCKET_CONNECTIONS);
                    return reconcile(stats, expected, files.filesWritten(), topics, sinkFiles, connect,
                            connectors, generationStart, redis, processor, withClickHouse ? clickHouse : null,
                            deadLetters, registry, new Unreconciled(demo, out, stack.clientConfig(Principals.DEMO)));
                }
            }
        }
    }

    private int reconcile(GenerationStats stats, DemoExpectations expected, int inputFiles, TopicCounter topics,
                          OutputFiles sinkFiles, ConnectClient connect, List<String> connectors,
                          long generationStart, boolean redis, DemoProcessor processor,
                          ClickHouseCheck clickHouse, DeadLetterKinds deadLetters, AvroRun registry,
                          Unreconciled unreconciled)
            throws IOException, InterruptedException {
        long expectedRouted = ROUTED.stream().mapToLong(expected::expected).sum();
        JobSpec.Dedup dedup = processor.dedup();
        long expectedUnique = dedup.inputs().stream().mapToLong(t -> expected.expected(t) - expected.repeats(t)).sum();
        // Final windows come out once the processor's partitions have been idle for the jobs' idle.close.
        steps.awaitStages(stats.total(), () -> {
            List<Stage> stages = new ArrayList<>();
            stages.add(new Stage("malformed", topics.count("events-dlq"), expected.expected("events-dlq")));
            stages.add(new Stage("invalid", topics.count("events-invalid"), expected.expected("events-invalid")));
            for (String topic : ROUTED) {
                stages.add(new Stage(topic.substring("events-".length()), topics.count(topic),
                        expected.expected(topic)));
            }
            stages.add(new Stage("in files", refreshed(sinkFiles), expectedRouted));
            stages.add(new Stage("unique", topics.count(dedup.output()), expectedUnique));
            for (JobSpec.Aggregate job : processor.aggregates()) {
                if (DemoProcessor.reconciles(job)) {
                    stages.add(new Stage(job.name(), processor.eventsInWindows(job.name())
                            + processor.late(job.name()), expectedUnique));
                }
            }
            if (clickHouse != null) {
                for (Map.Entry<String, String> e : CLICKHOUSE_TABLES.entrySet()) {
                    stages.add(new Stage("ClickHouse " + e.getValue(),
                            clickHouse.count(CLICKHOUSE_DATABASE, e.getValue()), topics.count(e.getKey())));
                }
            }
            return stages;
        });
        sinkFiles.refresh();
        double elapsed = seconds(generationStart);
        long routed = ROUTED.stream().mapToLong(topics::count).sum();
        long enriched = ROUTED.stream().mapToLong(topics::marked).sum();
        out.println();
        out.println("Summary");
        out.printf("  events generated         %,10d  (valid %,d, late %,d, duplicate %,d, invalid %,d, malformed %,d)%n",
                stats.total(), stats.count(Quality.VALID), stats.count(Quality.LATE), stats.count(Quality.DUPLICATE),
                stats.count(Quality.INVALID), stats.count(Quality.MALFORMED));
        out.printf("  input files written      %,10d  (%s)%n", inputFiles, home.resolve("demo/input"));
        DemoSummary summary = new DemoSummary(out);
        if (registry == null) {
            summary.line("dead-lettered, malformed", topics.count("events-dlq"), expected.expected("events-dlq"),
                    "in events-dlq (dead letters of the file, HTTP and WebSocket sources)");
            summary.line("dead-lettered, invalid", topics.count("events-invalid"), expected.expected("events-invalid"),
                    "in events-invalid (ValidateSchema)");
        } else {
            // An invalid event that does not fit the sources' schema (event.avsc) never reaches ValidateSchema: its
            // source dead-letters it. Which dead letters those are is read from their error headers.
            long mismatches = deadLetters.schemaMismatches();
            long malformed = topics.count("events-dlq") - mismatches;
            summary.line("dead-lettered, malformed", malformed, stats.count(Quality.MALFORMED),
                    "in events-dlq (parse errors at the file, HTTP and WebSocket sources)");
            long invalid = topics.count("events-invalid") + mismatches;
            summary.line("dead-lettered, invalid", invalid, stats.count(Quality.INVALID), String.format(Locale.ROOT,
                    "in events-invalid (ValidateSchema) %,d + in events-dlq (schema mismatch at the source) %,d",
                    topics.count("events-invalid"), mismatches));
            summary.line("  in events-invalid", topics.count("events-invalid"), expected.expected("events-invalid"),
                    "failed the JSON Schema (event-struct.schema.json)");
            summary.line("  in events-dlq", mismatches, expected.sourceMismatches(),
                    "did not fit event.avsc (headers: " + deadLetters.describe() + ")");
            if (topics.count("events-dlq") != expected.expected("events-dlq")) {
                summary.fail("events-dlq holds " + topics.count("events-dlq") + ", expected "
                        + expected.expected("events-dlq"));
            }
        }
        summary.line("validated and routed", routed, expectedRouted, "");
        for (String topic : ROUTED) {
            summary.line("  in " + topic, topics.count(topic), expected.expected(topic), "");
        }
        summary.line("enriched", enriched, expected.enriched(), redis ? "with a Redis profile"
                : "with a profile from the file");
        if (enriched != expected.enriched()) {
            out.println("    (a lookup that fails or times out passes its record on unenriched; the worker log counts them: "
                    + "grep 'lookup(s) failed' " + home.resolve("logs/demo.log") + ")");
        }
        summary.line("records in output files", sinkFiles.lines(), expectedRouted, sinkFiles.files() + (registry == null
                ? " files in " : " Avro files (records read with Avro's reader) in ") + home.resolve("demo/output"));
        summary.line("left in events-raw", topics.count("events-raw"), 0, "every record was routed");
        long repeats = dedup.inputs().stream().mapToLong(expected::repeats).sum();
        long read = dedup.inputs().stream().mapToLong(topics::count).sum();
        out.printf("  stateful processor (%s)%n", processor.configFile());
        summary.line("  repeats dropped", read - topics.count(dedup.output()), repeats, "by job '" + dedup.name()
                + "' (of " + String.format("%,d", read) + " events in " + String.join(", ", dedup.inputs()) + ")");
        summary.line("  unique events", topics.count(dedup.output()), expectedUnique, "in " + dedup.output());
        for (JobSpec.Aggregate job : processor.aggregates()) {
            long windows = processor.windows(job.name());
            long inWindows = processor.eventsInWindows(job.name());
            long late = processor.late(job.name());
            String what = String.format("%,d windows emitted to %s, %,d late events", windows, job.output(), late);
            if (DemoProcessor.reconciles(job)) {
                summary.line("  " + job.name(), inWindows + late, expectedUnique, "events in windows + late: " + what);
            } else {
                out.printf("  %-24s %,10d  events in windows (each in several): %s%n", "  " + job.name(), inWindows,
                        what);
            }
        }
        summary.line("  processor dead letters", topics.count(processor.dedup().deadLetterTopic()), 0, "");
        if (clickHouse != null) {
            out.printf("  ClickHouse (database %s, exactly-once sink)%n", CLICKHOUSE_DATABASE);
            for (Map.Entry<String, String> e : CLICKHOUSE_TABLES.entrySet()) {
                summary.line("  rows in " + e.getValue(), clickHouse.count(CLICKHOUSE_DATABASE, e.getValue()),
                        topics.count(e.getKey()), "records in " + e.getKey());
            }
        }
        if (registry != null) {
            registry.summarize(allTopics(processor), summary);
        }
        out.printf(Locale.ROOT, "  elapsed                  %10.1f s (%,.0f events/s from first event to last result)%n",
                elapsed, stats.total() / elapsed);
        summary.checkTasks(connect, connectors);
        if (!summary.reconciled()) {
            unreconciled.explain(expected, topics, sinkFiles, dedup, processor.dedup().deadLetterTopic(), clickHouse);
        }
        return summary.verdict();
    }

    /** The output files' count now (for a wait stage; an unreadable directory counts as nothing yet). */
    private static long refreshed(OutputFiles files) {
        try {
            return files.refresh();
        } catch (IOException e) {
            return -1;
        }
    }

    private static List<String> allTopics(DemoProcessor processor) {
        Set<String> all = new LinkedHashSet<>(TOPICS);
        all.addAll(processor.outputTopics());
        return new ArrayList<>(all);
    }

    static Set<String> users(int count) {
        Set<String> users = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            users.add(String.format("u-%06d", i));
        }
        return users;
    }

    /** The demo's made-up profile of a user, as JSON (the same in both demos' Redis and file). */
    static String profile(String user) {
        int n = Integer.parseInt(user.substring(2));
        String[] tiers = {"bronze", "silver", "gold", "platinum"};
        String[] countries = {"DE", "FR", "US", "GB", "JP", "NL"};
        return "{\"tier\":\"" + tiers[n % 4] + "\",\"country\":\"" + countries[n % 6] + "\",\"signup_year\":"
                + (2015 + n % 10) + ",\"email\":\"user" + n + "@example.com\"}";
    }

    static Map<String, String> profileEntries(Set<String> users, String prefix) {
        Map<String, String> entries = new LinkedHashMap<>();
        users.forEach(u -> entries.put(prefix + u, profile(u)));
        return entries;
    }

    private static void writeProfileFile(Path file, Set<String> users) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        int i = 0;
        for (String user : users) {
            json.append(i++ == 0 ? "" : ",\n").append("  \"user_profile:").append(user).append("\": ").append(profile(user));
        }
        Files.writeString(file, json.append("\n}\n"));
    }

    private List<Path> pipelineFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("connector-configs/pipelines/" + pipelineDirectory()))) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".json")).sorted().toList());
        }
    }

    private String pipelineDirectory() {
        return avro ? "demo-avro" : "demo";
    }

    private static double seconds(long sinceNanos) {
        return DemoSteps.seconds(sinceNanos);
    }

    /** How far one stage of the pipeline is: what it holds of what it should end with. */
    record Stage(String name, long has, long expected) {
        boolean arrived() {
            return has >= expected;
        }
    }

    /**
     * Waiting for the pipeline to finish after the last event went in. It waits as long as something moves: it gives up
     * when no stage moved for {@link #STALL}, or after a bound that grows with the number of events (a million
     * events unpaced take minutes to go through the processor on 2 cores; a fixed two minutes failed such a run while
     * it was still progressing). Every few seconds it prints the stages still short of their count.
     */
    static final class Wait {
        static final Duration STALL = Duration.ofSeconds(120);
        private static final long REPORT_NANOS = Duration.ofSeconds(5).toNanos();

        private final PrintStream out;
        private final java.util.function.LongSupplier clock;
        private final long start;
        private final long limitNanos;
        private long lastMove;
        private long lastReport;
        private List<Long> last = List.of();

        Wait(long events, PrintStream out, java.util.function.LongSupplier nanoClock) {
            this.out = out;
            this.clock = nanoClock;
            start = nanoClock.getAsLong();
            lastMove = start;
            lastReport = start;
            limitNanos = limit(events).toNanos();
        }

        /** Two minutes, and a second more for each 1,000 events beyond the first 100,000. */
        static Duration limit(long events) {
            return STALL.plusSeconds(Math.max(0, events - 100_000) / 1_000);
        }

        /** Notes what the stages hold now; prints the laggards now and then; the reason to stop waiting, or null. */
        String observe(List<Stage> stages) {
            long now = clock.getAsLong();
            List<Long> counts = stages.stream().map(Stage::has).toList();
            if (!counts.equals(last)) {
                last = counts;
                lastMove = now;
            }
            if (now - lastReport >= REPORT_NANOS) {
                lastReport = now;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  waiting %5.1f s:", (now - start) / 1e9));
                stages.stream().filter(s -> !s.arrived()).forEach(s -> line.append(String.format(Locale.ROOT,
                        " %s %,d/%,d", s.name(), s.has(), s.expected())));
                out.println(line);
            }
            if (now - lastMove > STALL.toNanos()) {
                return String.format(Locale.ROOT, "Nothing moved for %d s; giving up waiting.", STALL.toSeconds());
            }
            if (now - start > limitNanos) {
                return String.format(Locale.ROOT, "Still short after %d s (the bound for this many events); giving up "
                        + "waiting.", limitNanos / 1_000_000_000L);
            }
            return null;
        }
    }

    /** One progress line a second: what went in, what came out. */
    private final class Progress {
        private final TopicCounter topics;
        private final OutputFiles sinkFiles;
        private final long start = System.nanoTime();
        private long lastPrint;

        Progress(TopicCounter topics, OutputFiles sinkFiles) {
            this.topics = topics;
            this.sinkFiles = sinkFiles;
        }

        void print(long generated) {
            if (System.nanoTime() - lastPrint < 900_000_000L) {
                return;
            }
            lastPrint = System.nanoTime();
            long written;
            try {
                written = sinkFiles.refresh();
            } catch (IOException e) {
                written = -1;
            }
            out.printf(Locale.ROOT, "  %5.1f s  generated %,9d | routed %,9d | invalid %,6d | malformed %,6d | in output "
                    + "files %,9d%n", seconds(start), generated, ROUTED.stream().mapToLong(topics::count).sum(),
                    topics.count("events-invalid"), topics.count("events-dlq"), written);
        }
    }
}
