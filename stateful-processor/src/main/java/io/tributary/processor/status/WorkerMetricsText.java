package io.tributary.processor.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The per-task counters this endpoint reads from a Connect worker's Prometheus page (the JMX exporter's names, as
 * connector-configs/monitoring/jmx-exporter.yaml makes them), keyed {@code connector/task/counter}.
 * <p>
 * Written by hand: neither Micrometer nor the Prometheus Java client (both on the classpath) parse the text format —
 * they only write it — and a full parser library would be a new dependency for a dozen lines. This reads the sample
 * lines of the format ({@code name{label="value",...} value [timestamp]}, with {@code \"}, {@code \\} and
 * {@code \n} escapes in label values) and skips everything else: comments, other metrics, lines it cannot read.
 */
final class WorkerMetricsText {

    /** The counters read, by metric name, to the short names /events/stats uses. */
    static final Map<String, String> COUNTERS = Map.of(
            "kafka_connect_source_task_source_record_poll_total", "records_in",
            "kafka_connect_source_task_source_record_write_total", "records_out",
            "kafka_connect_sink_task_sink_record_read_total", "records_in",
            "kafka_connect_sink_task_sink_record_send_total", "records_out",
            "kafka_connect_task_error_total_record_errors", "record_errors",
            "kafka_connect_task_error_deadletterqueue_produce_requests", "dead_letters");
    private static final Set<String> NAMES = COUNTERS.keySet();

    private WorkerMetricsText() {
    }

    /** {@code connector/task/short name} → value, for the samples with both a connector and a task label. */
    static Map<String, Double> taskCounters(String text) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            int brace = line.indexOf('{');
            if (brace < 0 || !NAMES.contains(line.substring(0, brace))) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            int end = labels(line, brace + 1, labels);
            if (end < 0 || !labels.containsKey("connector") || !labels.containsKey("task")) {
                continue;
            }
            String[] rest = line.substring(end).trim().split("\\s+");
            double value;
            try {
                value = Double.parseDouble(rest[0]);
            } catch (NumberFormatException e) {
                continue;
            }
            out.merge(labels.get("connector") + "/" + labels.get("task") + "/"
                    + COUNTERS.get(line.substring(0, brace)), value, Double::sum);
        }
        return out;
    }

    /** Reads {@code a="x",b="y"}} from {@code at}; the index after the closing brace, or -1 if malformed. */
    private static int labels(String line, int at, Map<String, String> labels) {
        int i = at;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '}') {
                return i + 1;
            }
            if (c == ',' || c == ' ') {
                i++;
                continue;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                return -1;
            }
            String name = line.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; j < line.length() && line.charAt(j) != '"'; j++) {
                char v = line.charAt(j);
                if (v == '\\' && j + 1 < line.length()) {
                    char next = line.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(v);
                }
            }
            if (j >= line.length()) {
                return -1;
            }
            labels.put(name, value.toString());
            i = j + 1;
        }
        return -1;
    }
}
