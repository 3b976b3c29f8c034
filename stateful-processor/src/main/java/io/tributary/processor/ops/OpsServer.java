package io.tributary.processor.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.processor.event.Events;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The processor's operations endpoint, on 127.0.0.1 unless configured otherwise:
 * <ul>
 *   <li>{@code /health}: 200 while the application is alive (created, rebalancing or running), 503 once it has
 *       failed or stopped — for liveness probes;</li>
 *   <li>{@code /ready}: 200 when running and no store is restoring — for readiness probes;</li>
 *   <li>{@code /metrics}: Prometheus text — Kafka Streams' own metrics (throughput, end-to-end latency, dropped
 *       records, restore progress, RocksDB), the processor's counts per job, and its heap and resident memory;</li>
 *   <li>{@code /jobs/{job}/windows?key=...}: the current aggregates of a group's windows held by this instance.</li>
 * </ul>
 * The JDK's HTTP server is enough for a handful of small, rare requests and adds no dependency.
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;
    private final KafkaStreams streams;
    private final AtomicInteger restoring;
    private final BiFunction<String, String, List<Map<String, Object>>> windows;

    /**
     * @param restoring the number of stores restoring now (kept by a restore listener)
     * @param windows   (job, group key) → that group's windows, or null for an unknown job
     */
    public OpsServer(String host, int port, KafkaStreams streams, AtomicInteger restoring,
                     BiFunction<String, String, List<Map<String, Object>>> windows) throws IOException {
        this.streams = streams;
        this.restoring = restoring;
        this.windows = windows;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "processor-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/health", ex -> respond(ex, alive() ? 200 : 503, "text/plain", streams.state().name()));
        server.createContext("/ready", ex -> {
            boolean ready = streams.state() == KafkaStreams.State.RUNNING && restoring.get() == 0;
            respond(ex, ready ? 200 : 503, "text/plain", streams.state().name()
                    + (restoring.get() > 0 ? " (restoring " + restoring.get() + " stores)" : ""));
        });
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4", prometheus()));
        server.createContext("/jobs/", this::windows);
        server.start();
        log.info("Operations endpoint on http://{}:{}/ (health, ready, metrics, jobs/<job>/windows?key=)", host, port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private boolean alive() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.CREATED || state == KafkaStreams.State.REBALANCING
                || state == KafkaStreams.State.RUNNING;
    }

    private void windows(HttpExchange ex) throws IOException {
        String[] parts = ex.getRequestURI().getPath().split("/");
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (parts.length != 4 || !parts[3].equals("windows") || !query.containsKey("key")) {
            respond(ex, 400, "text/plain", "use /jobs/<job>/windows?key=<group values joined by |>");
            return;
        }
        List<Map<String, Object>> found;
        try {
            found = windows.apply(parts[2], query.get("key"));
        } catch (RuntimeException e) {
            respond(ex, 503, "text/plain", "the job's windows cannot be queried now: " + e.getMessage());
            return;
        }
        if (found == null) {
            respond(ex, 404, "text/plain", "no aggregate job named '" + parts[2] + "'");
            return;
        }
        respond(ex, 200, "application/json", Events.MAPPER.writeValueAsString(found));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    /**
     * Kafka Streams' numeric metrics as {@code kafka_streams_<group>_<name>{tags}}, then the processor's counts and
     * its memory.
     */
    String prometheus() {
        StringBuilder out = new StringBuilder(16_384);
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            if (!(e.getValue().metricValue() instanceof Number number)) {
                continue;
            }
            double v = number.doubleValue();
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            MetricName name = e.getKey();
            out.append(sanitize("kafka_streams_" + name.group().replace("-metrics", "") + "_" + name.name()));
            if (!name.tags().isEmpty()) {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, String> tag : name.tags().entrySet()) {
                    out.append(first ? "" : ",").append(sanitize(tag.getKey())).append("=\"")
                            .append(tag.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                    first = false;
                }
                out.append('}');
            }
            out.append(' ').append(v).append('\n');
        }
        for (JobMetrics.Count count : JobMetrics.Count.values()) {
            out.append("# HELP ").append(count.metric).append(' ').append(count.help).append('\n');
            out.append("# TYPE ").append(count.metric).append(" counter\n");
            JobMetrics.byJob(count).forEach((job, n) -> out.append(count.metric).append("{job=\"").append(job)
                    .append("\"} ").append(n).append('\n'));
        }
        out.append("processor_restoring_stores ").append(restoring.get()).append('\n');
        gauge(out, "jvm_memory_heap_used_bytes", "heap in use, live objects and garbage not yet collected",
                ProcessMemory.heapUsedBytes());
        long resident = ProcessMemory.residentBytes();
        if (resident >= 0) {
            gauge(out, "process_resident_memory_bytes", "resident set size: the heap, RocksDB's native memory and the "
                    + "rest of the JVM", resident);
        }
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String sanitize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
