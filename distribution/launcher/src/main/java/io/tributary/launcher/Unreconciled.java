package io.tributary.launcher;

import io.tributary.processor.config.JobSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names the events behind the demo's summary lines whose counts are off: for each such line, the expected event ids
 * it did not find and the ids it found without expecting them (the first {@value #SHOWN} of each printed, all of them
 * in {@code unreconciled-<line>.txt} in the demo's directory). Ids are read from the topics, the output files and
 * ClickHouse only here, after a count failed, so a run that reconciles pays nothing for it.
 *
 * <p>The processor's windows hold counts, not ids: an aggregate line that is off is explained by the unique events'
 * line (the events the windows read) or not at all.
 */
final class Unreconciled {

    static final int SHOWN = 20;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final PrintStream out;
    private final Map<String, Object> client;
    private int named;

    Unreconciled(Path directory, PrintStream out, Map<String, Object> client) {
        this.directory = directory;
        this.out = out;
        this.client = client;
    }

    /** Checks every line that has ids; {@code clickHouse} null when the run had no ClickHouse sink. */
    void explain(DemoExpectations expected, TopicCounter topics, OutputFiles sinkFiles, JobSpec.Dedup dedup,
                 String processorDeadLetters, ClickHouseCheck clickHouse) {
        out.println("Unreconciled events (by event id; every id in " + directory.resolve("unreconciled-<line>.txt") + ")");
        List<String> lines = new ArrayList<>(List.of("events-dlq", "events-invalid"));
        lines.addAll(Demo.ROUTED);
        for (String topic : lines) {
            if (topics.count(topic) != expected.expected(topic)) {
                name(topic, () -> expected.ids(topic), () -> topic(topic));
            }
        }
        if (topics.count("events-raw") != 0) {
            name("events-raw", List::of, () -> topic("events-raw"));
        }
        List<String> routed = new ArrayList<>();
        Demo.ROUTED.forEach(t -> routed.addAll(expected.ids(t)));
        if (sinkFiles.lines() != routed.size()) {
            name("output-files", () -> routed, sinkFiles::eventIds);
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        dedup.inputs().forEach(t -> unique.addAll(expected.ids(t)));
        if (topics.count(dedup.output()) != unique.size()) {
            name(dedup.output(), () -> unique, () -> topic(dedup.output()));
        }
        if (topics.count(processorDeadLetters) != 0) {
            name(processorDeadLetters, List::of, () -> topic(processorDeadLetters));
        }
        if (clickHouse != null) {
            for (Map.Entry<String, String> e : Demo.CLICKHOUSE_TABLES.entrySet()) {
                if (Demo.ROUTED.contains(e.getKey())
                        && clickHouse.count(Demo.CLICKHOUSE_DATABASE, e.getValue()) != topics.count(e.getKey())) {
                    name("clickhouse-" + e.getValue(), () -> topic(e.getKey()), () -> clickHouseIds(clickHouse, e.getValue()));
                }
            }
        }
        if (named == 0) {
            out.println("  none of the lines with event ids is off: only the processor's windows (counts, not ids), "
                    + "the enrichment count or the connectors' states");
        }
    }

    /** Where a line's ids come from; reading them may fail without failing the summary. */
    interface Ids {
        Collection<String> read() throws IOException;
    }

    /** Prints and writes the difference of one line's ids: expected and missing, there unexpectedly. */
    void name(String line, Ids expected, Ids found) {
        try {
            report(line, expected.read(), found.read());
        } catch (IOException | RuntimeException e) {
            named++;
            out.printf("  %s: the ids could not be read: %s%n", line, e.getMessage());
        }
    }

    /** The event ids of a topic's records (the first UUID in each value). */
    List<String> topic(String topic) throws IOException {
        return TopicIds.read(client, topic, READ_TIMEOUT);
    }

    private static List<String> clickHouseIds(ClickHouseCheck clickHouse, String table) throws IOException {
        return clickHouseIds(clickHouse, Demo.CLICKHOUSE_DATABASE + "." + table, "event_id");
    }

    /**
     * The event ids in a column of a table: the first UUID of each row's value (a column holding the id, or a raw
     * event or dead letter holding it); a row without one is listed as {@code (no event id)}.
     */
    static List<String> clickHouseIds(ClickHouseCheck clickHouse, String table, String column) throws IOException {
        try {
            String rows = clickHouse.query("SELECT " + column + " FROM " + table + " FORMAT TabSeparated");
            List<String> ids = new java.util.ArrayList<>();
            if (!rows.isEmpty()) {
                rows.lines().forEach(row -> {
                    String id = EventIds.find(row.getBytes(StandardCharsets.UTF_8));
                    ids.add(id == null ? "(no event id)" : id);
                });
            }
            return ids;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + table, e);
        }
    }

    /** Prints and writes one line's difference. */
    void report(String line, Iterable<String> expected, Iterable<String> found) throws IOException {
        EventIdDiff diff = EventIdDiff.of(expected, found);
        named++;
        Path file = directory.resolve("unreconciled-" + fileName(line) + ".txt");
        out.printf(Locale.ROOT, "  %s: %,d expected and missing, %,d there unexpectedly%s%n", line,
                diff.missing().size(), diff.unexpected().size(),
                diff.isEmpty() ? " (the ids agree now: the count was taken earlier)" : ", all in " + file);
        print("missing", diff.missing());
        print("unexpected", diff.unexpected());
        Files.createDirectories(directory);
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# " + line + ": event ids expected and missing, then those there unexpectedly\n");
            for (String id : diff.missing()) {
                w.write("missing " + id + "\n");
            }
            for (String id : diff.unexpected()) {
                w.write("unexpected " + id + "\n");
            }
        }
    }

    private void print(String what, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> shown = ids.subList(0, Math.min(SHOWN, ids.size()));
        for (int i = 0; i < shown.size(); i += 3) {
            out.printf("    %-10s %s%n", i == 0 ? what : "", String.join(" ", shown.subList(i, Math.min(i + 3,
                    shown.size()))));
        }
        if (ids.size() > SHOWN) {
            out.printf(Locale.ROOT, "    %-10s ... and %,d more%n", "", ids.size() - SHOWN);
        }
    }

    static String fileName(String line) {
        return line.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
