package io.tributary.launcher;

import io.tributary.generator.GenerationStats;
import io.tributary.generator.GeneratorRun;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import io.tributary.generator.sink.DirectorySink;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code tributary demo}: the whole pipeline on a fresh local stack. Generated events are written as files, read
 * by the file source into {@code events-raw} (malformed lines into {@code events-dlq}), and written back to files
 * by the file sink. The demo waits until every event is accounted for and prints a summary; it fails, naming the
 * count, when they do not reconcile.
 */
final class Demo {

    static final String RAW_TOPIC = "events-raw";
    static final String DLQ_TOPIC = "events-dlq";

    private final Path home;
    private final Path root;
    private final Path bundle;
    private final PrintStream out;

    Demo(Path home, Path root, Path bundle, PrintStream out) {
        this.home = home;
        this.root = root;
        this.bundle = bundle;
        this.out = out;
    }

    int run(long events, double rate) throws IOException, InterruptedException {
        Path demo = home.resolve("demo");
        Bundle.deleteRecursively(demo);
        Path input = Files.createDirectories(demo.resolve("input"));
        Path output = Files.createDirectories(demo.resolve("output"));
        long started = System.nanoTime();
        out.printf("Tributary demo: %,d events%s, files -> Kafka -> files%n", events,
                rate > 0 ? String.format(Locale.ROOT, " at %,.0f/s", rate) : "");
        out.println("  starting Kafka and Connect on 127.0.0.1 ...");
        // Offsets (and so the sink's time-based commits) every second, so the last files show up quickly.
        StackSettings settings = StackSettings.defaults(demo.resolve("stack"), bundle,
                root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withWorkerOverrides(java.util.Map.of("offset.flush.interval.ms", "1000"));
        try (LocalStack stack = LocalStack.start(settings, out)) {
            out.printf("  broker %s, Connect REST %s (%.1f s)%n", stack.bootstrapServers(), stack.restUrl(),
                    seconds(started));
            ConnectClient connect = new ConnectClient(stack.restUrl());
            List<String> connectors = new ArrayList<>();
            for (Path file : pipelineFiles()) {
                String name = connect.apply(file);
                connect.awaitRunning(name, Duration.ofSeconds(60));
                connectors.add(name);
                out.printf("  connector %s RUNNING (%s)%n", name, root.relativize(file));
            }
            try (TopicCounter topics = new TopicCounter(stack.bootstrapServers(), List.of(RAW_TOPIC, DLQ_TOPIC))) {
                OutputFiles sinkFiles = new OutputFiles(output);
                long generationStart = System.nanoTime();
                Progress progress = new Progress(topics, sinkFiles);
                GenerationStats stats;
                try (DirectorySink files = new DirectorySink(input, "events", 10_000)) {
                    stats = GeneratorRun.run(GeneratorSettings.defaults(events, rate), files,
                            s -> progress.print(s.total()));
                    files.close();
                    out.printf("  generated %,d events into %d files in %.1f s%n", stats.total(),
                            files.filesWritten(), seconds(generationStart));
                    return reconcile(stats, files.filesWritten(), topics, sinkFiles, progress, connect, connectors,
                            generationStart);
                }
            }
        }
    }

    private int reconcile(GenerationStats stats, int inputFiles, TopicCounter topics, OutputFiles sinkFiles,
                          Progress progress, ConnectClient connect, List<String> connectors, long generationStart)
            throws IOException, InterruptedException {
        long expectedRaw = stats.wellFormed();
        long expectedDlq = stats.count(Quality.MALFORMED);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long raw;
        long dlq;
        long written;
        while (true) {
            raw = topics.count(RAW_TOPIC);
            dlq = topics.count(DLQ_TOPIC);
            written = sinkFiles.refresh();
            if (raw >= expectedRaw && dlq >= expectedDlq && written >= expectedRaw) {
                // Everything arrived; a moment more shows whether anything arrives twice.
                Thread.sleep(1_000);
                raw = topics.count(RAW_TOPIC);
                dlq = topics.count(DLQ_TOPIC);
                written = sinkFiles.refresh();
                break;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            progress.print(stats.total());
            Thread.sleep(1_000);
        }
        double elapsed = seconds(generationStart);
        out.println();
        out.println("Summary");
        out.printf("  events generated         %,10d  (valid %,d, late %,d, duplicate %,d, malformed %,d)%n",
                stats.total(), stats.count(Quality.VALID), stats.count(Quality.LATE), stats.count(Quality.DUPLICATE),
                stats.count(Quality.MALFORMED));
        out.printf("  input files written      %,10d  (%s)%n", inputFiles, home.resolve("demo/input"));
        List<String> failures = new ArrayList<>();
        line("records in " + RAW_TOPIC, raw, expectedRaw, "well-formed events", failures);
        line("dead-lettered", dlq, expectedDlq, "malformed events, in " + DLQ_TOPIC, failures);
        line("records in output files", written, expectedRaw, sinkFiles.files() + " files in "
                + home.resolve("demo/output"), failures);
        out.printf(Locale.ROOT, "  elapsed                  %10.1f s (%,.0f events/s from first event to last file)%n",
                elapsed, stats.total() / elapsed);
        for (String connector : connectors) {
            String states = connect.taskStates(connector);
            if (!states.matches("(RUNNING,?)+")) {
                failures.add("connector " + connector + " tasks are " + states);
            }
        }
        if (failures.isEmpty()) {
            out.println("Every event is accounted for.");
            return 0;
        }
        out.println("The demo FAILED to reconcile: " + String.join("; ", failures));
        return 1;
    }

    private void line(String what, long actual, long expected, String note, List<String> failures) {
        boolean ok = actual == expected;
        out.printf("  %-24s %,10d  %s %s%n", what, actual, ok ? "= " : "!= " + String.format("%,d", expected), note);
        if (!ok) {
            failures.add(what + " is " + actual + ", expected " + expected);
        }
    }

    private List<Path> pipelineFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("connector-configs/pipelines/demo"))) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    /** One progress line a second: what went in, what came out. */
    private final class Progress {
        private final TopicCounter topics;
        private final OutputFiles sinkFiles;
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
            out.printf("  generated %,9d | %s %,9d | %s %,7d | in output files %,9d%n", generated, RAW_TOPIC,
                    topics.count(RAW_TOPIC), DLQ_TOPIC, topics.count(DLQ_TOPIC), written);
        }
    }
}
