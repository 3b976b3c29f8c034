package io.tributary.launcher.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, installed by {@code ./tributary services start}) on
 * 127.0.0.1, scraping the given targets every 2 seconds, and its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final URI api;
    private final Path log;

    private PrometheusServer(Process process, URI api, Path log) {
        this.process = process;
        this.api = api;
        this.log = log;
    }

    /** The prometheus program, or an error saying how to get it. Never a skip: the suite installs it. */
    static Path program() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("the prometheus program is not installed (Debian's prometheus package): run "
                + "./tributary services start, which installs it (./tributary test does so before the tests)");
    }

    /**
     * Starts Prometheus scraping each job's target ({@code job name -> host:port}) at /metrics every 2 seconds.
     */
    static PrometheusServer start(Path dir, Map<String, String> jobs) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        // Every 2 s, each scrape allowed 2 s: the worker's agent reads thousands of MBean attributes, which took up to
        // 0.75 s on a loaded 2-core machine, and a timeout marks the target down.
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\n"
                + "  evaluation_interval: 2s\nscrape_configs:\n");
        jobs.forEach((job, target) -> config.append("  - job_name: ").append(job).append('\n')
                .append("    static_configs:\n      - targets: ['").append(target).append("']\n"));
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(program().toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h",
                "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port + "/"), log);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(api.resolve("-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("prometheus did not become ready within 60 s: " + Files.readString(log));
    }

    URI url() {
        return api;
    }

    /** GET /api/v1/{path}?{query parameters, each 'name=value' encoded here}; the answer's {@code data}. */
    JsonNode api(String path, String... parameters) {
        StringBuilder query = new StringBuilder();
        for (String parameter : parameters) {
            int eq = parameter.indexOf('=');
            query.append(query.length() == 0 ? "?" : "&").append(parameter, 0, eq + 1)
                    .append(URLEncoder.encode(parameter.substring(eq + 1), StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(api.resolve("api/v1/" + path + query))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("Prometheus " + path + query + " answered " + response.statusCode()
                        + ": " + response.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An instant query's vector result. */
    JsonNode query(String promql) {
        return api("query", "query=" + promql).path("result");
    }

    /** A single-number instant query (e.g. a sum); NaN when the result is empty. */
    double scalar(String promql) {
        JsonNode result = query(promql);
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    /** Every metric name Prometheus holds. */
    TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        api("label/__name__/values").forEach(n -> names.add(n.asText()));
        return names;
    }

    /** The series of one metric name, each as its label map (with __name__, job, instance). */
    JsonNode series(String name) {
        return api("series", "match[]={__name__=\"" + name + "\"}");
    }

    /** The metric types the targets declared, name to type (counter, gauge, summary, ...). */
    JsonNode metadata() {
        return api("metadata");
    }

    /** The scrape targets' health, job to "up"/"down"/"unknown", and their last errors. */
    JsonNode targets() {
        return api("targets").path("activeTargets");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
