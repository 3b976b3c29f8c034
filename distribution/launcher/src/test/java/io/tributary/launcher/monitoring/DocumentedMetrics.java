package io.tributary.launcher.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics a docs page names in its metric tables: every Markdown table whose header's first cell is
 * {@code metric} and that has {@code type} and {@code labels} columns (docs/operations/metrics.md, and the processor's
 * table in docs/processor.md). A row's first cell names the metric in backticks, its type cell says
 * counter/gauge/summary/histogram, its labels cell lists the labels in backticks (empty: none). Each metric keeps the
 * {@code ## } heading it stands under, which says whose endpoint serves it.
 */
public final class DocumentedMetrics {

    /** One documented metric, where it is documented, with its type and labels. */
    public record Metric(String name, String type, Set<String> labels, Path file, int line, String section) {

        public boolean isCounter() {
            return type.equals("counter");
        }

        /**
         * The series name to look for: a summary or histogram is exposed as {@code <name>_count}, {@code _sum} (and
         * buckets); the others as themselves.
         */
        public String seriesName() {
            return type.equals("summary") || type.equals("histogram") ? name + "_count" : name;
        }

        @Override
        public String toString() {
            return name + " (" + type + ", labels " + labels + ", " + file.getFileName() + ":" + line + ")";
        }
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "summary", "histogram");

    private DocumentedMetrics() {
    }

    public static List<Metric> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Metric> metrics = new ArrayList<>();
        int typeColumn = -1;
        int labelsColumn = -1;
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("## ")) {
                section = line.substring(3).trim();
            }
            if (!line.startsWith("|")) {
                typeColumn = -1;
                labelsColumn = -1;
                continue;
            }
            List<String> cells = cells(line);
            if (typeColumn < 0) {
                if (cells.get(0).equalsIgnoreCase("metric")) {
                    typeColumn = index(cells, "type");
                    labelsColumn = index(cells, "labels");
                    if (typeColumn < 0 || labelsColumn < 0) {
                        throw new IllegalStateException(file + ":" + (i + 1) + ": a metric table needs 'type' and "
                                + "'labels' columns: " + line);
                    }
                    i++; // the |---| line
                }
                continue;
            }
            Matcher name = CODE.matcher(cells.get(0));
            String type = cells.get(typeColumn).toLowerCase(Locale.ROOT);
            if (!name.find() || !TYPES.contains(type)) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": a metric row needs `name` and a type of "
                        + TYPES + ": " + line);
            }
            Set<String> labels = new LinkedHashSet<>();
            Matcher label = CODE.matcher(cells.get(labelsColumn));
            while (label.find()) {
                labels.add(label.group(1));
            }
            metrics.add(new Metric(name.group(1), type, labels, file, i + 1, section));
        }
        return metrics;
    }

    private static int index(List<String> header, String column) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).equalsIgnoreCase(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The cells of a table row; {@code \|} inside a cell is a literal bar. */
    private static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") && row.length() > 1 ? row.length() - 1 : row.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }
}
