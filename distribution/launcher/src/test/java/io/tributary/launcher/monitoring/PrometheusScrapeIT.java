package io.tributary.launcher.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tributary.generator.cli.GenerateCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both metrics endpoints during a pipeline run, read by a real Prometheus server (issue 14, Must 6).
 *
 * <p>Runs {@code ./tributary up} in a child JVM as the script starts it (the JMX exporter's agent on the worker),
 * posts the demo pipeline (files, HTTP and WebSocket in; validate, time, enrich, route; files out), the ClickHouse
 * sink of the demo, and four connectors of the plugins the demo does not use (an HTTP sink and an HTTP source against
 * a loopback server here, a WebSocket client reading the demo's WebSocket source, a listener with API keys), feeds
 * them twice, and has Debian's {@code prometheus} scrape the worker's agent and the processor's /metrics every 2 s.
 * Then, through Prometheus' HTTP API: every metric in docs/operations/metrics.md's tables and docs/processor.md's
 * exists with its labels and declared type, the counters this run exercises grew between the two feeds, and every
 * metric name the alert rules and dashboards in connector-configs/monitoring/ use is among the scraped ones.
 *
 * <p>Needs {@code prometheus} and ClickHouse (./tributary services start installs and starts them; ./tributary test
 * runs it first) and Redis is optional (the demo's enrichment passes events through when it does not answer).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusScrapeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String CONNECT_JOB = "tributary-connect";
    private static final String PROCESSOR_JOB = "tributary-processor";
    private static final String CLICKHOUSE = "http://127.0.0.1:8123/";
    private static final String CLICKHOUSE_DATABASE = "tributary_scrape_it";
    private static final String API_KEY = "scrape-it-key";

    /**
     * Counters that this run must move between its two feeds, each for a reason the feed provides: every way in gets
     * events in both rounds (files, HTTP batches, WebSocket frames), the generator's events include malformed,
     * invalid and repeated ones, each round sends a request with a wrong API key and opens a new WebSocket connection,
     * the HTTP source polls every second and the sinks deliver what the sources wrote. Counters of faults this run
     * does not cause (retries, timeouts, refusals, failures) are only checked to exist.
     */
    private static final List<String> MUST_MOVE = List.of(
            // Connect's own
            "kafka_connect_source_task_source_record_poll_total",
            "kafka_connect_source_task_source_record_write_total",
            "kafka_connect_sink_task_sink_record_read_total",
            "kafka_connect_sink_task_sink_record_send_total",
            "kafka_consumer_fetch_manager_records_consumed_total",
            "kafka_producer_record_send_total",
            "kafka_producer_topic_record_send_total",
            // every transformation
            "tributary_records_in_total", "tributary_records_out_total", "tributary_records_routed_total",
            // ValidateSchema, Rules
            "tributary_records_valid_total", "tributary_records_invalid_total", "tributary_rule_matches_total",
            // file source
            "tributary_records_read_total", "tributary_bytes_read_total", "tributary_files_completed_total",
            "tributary_directory_scans_total", "tributary_records_dead_lettered_total",
            // HTTP listener and WebSocket source
            "tributary_requests_total", "tributary_events_total", "tributary_events_written_total",
            "tributary_events_dead_lettered_total", "tributary_connections_opened_total",
            "tributary_auth_failures_total", "tributary_auth_failures_by_code_total",
            // file sink, HTTP sink, HTTP source, ClickHouse sink
            "tributary_records_written_total", "tributary_files_committed_total",
            "tributary_records_sent_total", "tributary_batches_sent_total", "tributary_responses_2xx_total",
            "tributary_pages_total", "tributary_records_total",
            "tributary_rows_inserted_total", "tributary_inserts_total",
            // the processor
            "processor_duplicates_dropped_total", "kafka_stream_thread_process_total");

    private final Path root = Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
    private final Path work;
    private UpProcess up;
    private PrometheusServer prometheus;
    private HttpServer api;
    private int metricsPort;
    private int listenerPort;
    private int websocketPort;
    private int authListenerPort;
    private URI rest;
    private Map<String, Double> firstReading;

    /** Under target/, kept after the run for its logs (up's in home/logs, Prometheus' and its data). */
    PrometheusScrapeIT() throws IOException {
        work = Path.of(System.getProperty("tributary.launcher.dir"), "prometheus-scrape-it");
        if (Files.exists(work)) {
            try (Stream<Path> files = Files.walk(work)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(work);
    }

    @BeforeAll
    void runPipelineAndScrape() throws Exception {
        PrometheusServer.program(); // fails at once, saying how to install it, before anything starts
        assertThat(clickHouse("SELECT 1")).as("ClickHouse must answer on " + CLICKHOUSE
                + ": run ./tributary services start").isEqualTo("1");
        metricsPort = freePort();
        listenerPort = freePort();
        websocketPort = freePort();
        authListenerPort = freePort();
        Path home = work.resolve("home");
        Files.createDirectories(home.resolve("demo/input"));
        up = UpProcess.start(root, home, Path.of(System.getProperty("tributary.bundle.zip")),
                Path.of(System.getProperty("tributary.launcher.dir")), metricsPort);
        up.awaitRunning(300);
        rest = URI.create(up.restUrl());

        api = loopbackApi();
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put(CONNECT_JOB, "127.0.0.1:" + metricsPort);
        jobs.put(PROCESSOR_JOB, "127.0.0.1:" + up.processorPort());
        prometheus = PrometheusServer.start(work.resolve("prometheus"), jobs);

        // A fresh database: the exactly-once sink skips rows whose topic, partition and offset a table already holds,
        // and a new broker numbers its offsets from 0 again, so an earlier run's rows would hide this run's inserts.
        clickHouse("DROP DATABASE IF EXISTS " + CLICKHOUSE_DATABASE);
        clickHouse("CREATE DATABASE " + CLICKHOUSE_DATABASE);
        List<ObjectNode> connectors = connectors();
        for (ObjectNode connector : connectors) {
            post(connector);
        }
        awaitRunning(connectors);

        feed(home, 1);
        awaitScraped();
        firstReading = firstReading();
        feed(home, 2);
    }

    @AfterAll
    void stop() throws Exception {
        try (AutoCloseable p = prometheus; AutoCloseable u = up) {
            if (api != null) {
                api.stop(0);
            }
        }
    }

    @Test
    void upPrintsTheWorkerMetricsUrlAndTheAgentListensOnLoopbackOnly() throws IOException {
        assertThat(up.printedMetricsPort()).isEqualTo(metricsPort);
        HttpResponse<String> metrics = get(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"));
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kafka_connect_worker_connector_count ");
        List<InetAddress> others = nonLoopbackAddresses();
        for (InetAddress address : others) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, metricsPort), 2_000);
                throw new AssertionError("the agent answers on " + address + ":" + metricsPort + ", beyond loopback");
            } catch (IOException refused) {
                // as it must be: nothing listens there
            }
        }
    }

    @Test
    void everyDocumentedMetricIsScrapedWithItsLabels() throws IOException {
        List<String> problems = new ArrayList<>();
        for (DocumentedMetrics.Metric metric : documented()) {
            String job = jobOf(metric);
            JsonNode series = prometheus.api("series",
                    "match[]={__name__=\"" + metric.seriesName() + "\",job=\"" + job + "\"}");
            if (series.isEmpty()) {
                problems.add(metric + ": no series from " + job);
                continue;
            }
            for (JsonNode one : series) {
                Set<String> labels = new TreeSet<>();
                one.fieldNames().forEachRemaining(labels::add);
                if (!labels.containsAll(metric.labels())) {
                    problems.add(metric + ": a series lacks labels: " + one);
                    break;
                }
            }
        }
        assertThat(problems).as("documented metrics missing or without their labels").isEmpty();
    }

    @Test
    void everyDocumentedMetricHasTheTypeItsEndpointDeclares() throws IOException {
        JsonNode metadata = prometheus.metadata();
        List<String> problems = new ArrayList<>();
        for (DocumentedMetrics.Metric metric : documented()) {
            // Prometheus scrapes OpenMetrics where the target offers it, and keeps a counter's type under the
            // family's name, without _total.
            Set<String> declared = new TreeSet<>();
            metadata.path(metric.name()).forEach(m -> declared.add(m.path("type").asText()));
            metadata.path(metric.name().replaceFirst("_total$", "")).forEach(m -> declared.add(m.path("type").asText()));
            if (!declared.contains(metric.type())) {
                problems.add(metric + ": declared " + declared);
            }
        }
        assertThat(problems).as("documented types that the endpoints do not declare").isEmpty();
    }

    @Test
    void theCountersThisRunExercisesMovedBetweenTheTwoFeeds() throws Exception {
        Set<String> documentedCounters = new TreeSet<>();
        documented().stream().filter(DocumentedMetrics.Metric::isCounter).forEach(m -> documentedCounters.add(m.name()));
        assertThat(documentedCounters).as("MUST_MOVE names only documented counters").containsAll(MUST_MOVE);

        Map<String, Double> second = Map.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        List<String> still = new ArrayList<>(MUST_MOVE);
        while (!still.isEmpty() && System.nanoTime() < deadline) {
            second = counterSums();
            Map<String, Double> now = second;
            still.removeIf(name -> now.getOrDefault(name, Double.NaN) > firstReading.getOrDefault(name, Double.NaN));
            if (!still.isEmpty()) {
                Thread.sleep(2_000);
            }
        }
        Map<String, String> unmoved = new TreeMap<>();
        for (String name : still) {
            unmoved.put(name, firstReading.get(name) + " -> " + second.get(name));
        }
        assertThat(unmoved).as("counters that did not grow between the two feeds (first -> last reading)").isEmpty();
    }

    @Test
    void everyMetricOfTheAlertRulesAndDashboardsIsScraped() {
        Set<String> used = MonitoringAssets.metricNames();
        assertThat(used).as("metric names in connector-configs/monitoring/ alerts and dashboards").isNotEmpty();
        TreeSet<String> scraped = prometheus.names();
        Map<String, List<String>> missing = new TreeMap<>();
        for (MonitoringAssets.Expr expr : MonitoringAssets.expressions()) {
            for (String name : expr.metricNames()) {
                if (!scraped.contains(name)) {
                    missing.computeIfAbsent(name, k -> new ArrayList<>()).add(expr.toString());
                }
            }
        }
        assertThat(missing).as("metric names the alert rules and dashboards use that no scrape produced").isEmpty();
    }

    // ---- the documented metrics ----

    private List<DocumentedMetrics.Metric> documented() throws IOException {
        List<DocumentedMetrics.Metric> all = new ArrayList<>(DocumentedMetrics.read(root.resolve("docs/operations/metrics.md")));
        List<DocumentedMetrics.Metric> processor = DocumentedMetrics.read(root.resolve("docs/processor.md"));
        assertThat(all).as("docs/operations/metrics.md's metric tables").hasSizeGreaterThan(100);
        all.addAll(processor);
        return all;
    }

    /** The processor's metrics: docs/processor.md's table and metrics.md's processor section; the rest is the worker's. */
    private static String jobOf(DocumentedMetrics.Metric metric) {
        return metric.file().getFileName().toString().equals("processor.md") || metric.section().contains("processor")
                ? PROCESSOR_JOB : CONNECT_JOB;
    }

    /** The sum over all series of every documented counter, by name (NaN for a name without series). */
    private Map<String, Double> counterSums() throws IOException {
        Map<String, Double> sums = new TreeMap<>();
        for (DocumentedMetrics.Metric metric : documented()) {
            if (metric.isCounter()) {
                sums.put(metric.name(), prometheus.scalar("sum(" + metric.name() + "{job=\"" + jobOf(metric) + "\"})"));
            }
        }
        return sums;
    }

    /**
     * The counters after the first feed, from a scrape that reached both targets. A scrape that fails (the worker's
     * agent not answering within the 2 s scrape timeout, seen on a loaded machine) makes Prometheus mark that target's
     * series stale, and a reading then finds no counter of it at all (every Connect counter NaN in one clean-clone run):
     * such a reading is taken again, for up to a minute.
     */
    private Map<String, Double> firstReading() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Map<String, Double> reading = counterSums();
            List<String> absent = MUST_MOVE.stream().filter(name -> reading.getOrDefault(name, Double.NaN).isNaN())
                    .toList();
            if (absent.isEmpty()) {
                return reading;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reading after the first feed had every counter that must move; absent: "
                        + absent + "; targets: " + prometheus.targets());
            }
            Thread.sleep(1_000);
        }
    }

    /**
     * Waits until both targets are up and Prometheus holds the first feed's output at the ends of the pipeline: the
     * file sink's and the ClickHouse sink's writes, and the processor's dedup.
     */
    private void awaitScraped() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Map<String, Double> ends = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            boolean bothUp = true;
            for (JsonNode target : prometheus.targets()) {
                bothUp &= "up".equals(target.path("health").asText());
            }
            for (String end : List.of("tributary_records_written_total", "tributary_rows_inserted_total",
                    "processor_duplicates_dropped_total")) {
                ends.put(end, prometheus.scalar("sum(" + end + ")"));
            }
            if (bothUp && ends.values().stream().allMatch(v -> v > 0)) {
                Thread.sleep(5_000); // two more scrapes before the first reading
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("Prometheus did not see the first feed arrive within 180 s: " + ends + "; targets: "
                + prometheus.targets() + "; up's output:\n" + String.join("\n", up.output()));
    }

    // ---- the pipeline ----

    private List<ObjectNode> connectors() throws IOException {
        List<ObjectNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("connector-configs/pipelines/demo"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                all.add((ObjectNode) JSON.readTree(file.toFile()));
            }
        }
        all.add((ObjectNode) JSON.readTree(root.resolve("connector-configs/pipelines/demo/with-clickhouse/30-clickhouse-sink.json").toFile()));
        for (ObjectNode connector : all) {
            ObjectNode config = (ObjectNode) connector.get("config");
            switch (connector.get("name").asText()) {
                // free ports instead of the demo's 8088/8089, which another run may hold
                case "demo-http-listener" -> config.put("listener.port", String.valueOf(listenerPort));
                case "demo-websocket-source" -> config.put("listener.port", String.valueOf(websocketPort));
                case "demo-clickhouse-sink" -> config.put("clickhouse.database", CLICKHOUSE_DATABASE);
                default -> { }
            }
        }
        String apiUrl = "http://127.0.0.1:" + api.getAddress().getPort();
        all.add(connector("scrape-http-sink", Map.of(
                "connector.class", "io.tributary.connect.sink.http.HttpSinkConnector",
                "topics", "events-clicks", "http.url", apiUrl + "/ingest", "batch.linger.ms", "200")));
        all.add(connector("scrape-http-source", Map.of(
                "connector.class", "io.tributary.connect.source.http.HttpSourceConnector",
                "topic", "scrape-api-items", "http.url", apiUrl + "/items", "poll.interval.ms", "1000", "output", "map")));
        all.add(connector("scrape-websocket-client", Map.of(
                "connector.class", "io.tributary.connect.source.websocket.client.WebSocketClientSourceConnector",
                "topic", "scrape-websocket-client", "output", "map",
                "websocket.urls", "ws://127.0.0.1:" + websocketPort + "/events/stream")));
        all.add(connector("scrape-authenticated-listener", Map.of(
                "connector.class", "io.tributary.connect.source.listener.HttpListenerSourceConnector",
                "topic", "scrape-authenticated-events", "listener.host", "127.0.0.1",
                "listener.port", String.valueOf(authListenerPort), "output", "map",
                "auth.type", "api-key", "auth.api.keys", API_KEY)));
        return all;
    }

    private static ObjectNode connector(String name, Map<String, String> settings) {
        ObjectNode connector = JSON.createObjectNode().put("name", name);
        ObjectNode config = connector.putObject("config");
        config.put("tasks.max", "1");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        settings.forEach(config::put);
        return connector;
    }

    private void post(ObjectNode connector) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rest.resolve("connectors"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(connector))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST " + connector.get("name") + ": " + response.body()).isEqualTo(201);
    }

    private void awaitRunning(List<ObjectNode> connectors) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean all = true;
            StringBuilder states = new StringBuilder();
            for (ObjectNode connector : connectors) {
                String name = connector.get("name").asText();
                JsonNode status = JSON.readTree(get(rest.resolve("connectors/" + name + "/status")).body());
                boolean running = "RUNNING".equals(status.path("connector").path("state").asText())
                        && !status.path("tasks").isEmpty();
                for (JsonNode task : status.path("tasks")) {
                    running &= "RUNNING".equals(task.path("state").asText());
                }
                all &= running;
                states.append(name).append(": ").append(status).append('\n');
            }
            if (all) {
                return;
            }
            last = states.toString();
            Thread.sleep(500);
        }
        throw new AssertionError("connectors not running within 120 s:\n" + last);
    }

    /**
     * One round of input: generated files for the file source, HTTP batches to the listener, WebSocket frames over a
     * new connection to the WebSocket source, and one request with a wrong API key to the authenticated listener.
     */
    private void feed(Path home, int round) throws Exception {
        assertThat(GenerateCommand.run(new String[]{"generate", "--events", "2000", "--seed", String.valueOf(round),
                "--prefix", "round-" + round, "--to-dir", home.resolve("demo/input").toString()}, 1)).isZero();
        assertThat(GenerateCommand.run(new String[]{"generate", "--events", "1000", "--seed", String.valueOf(10 + round),
                "--batch", "200", "--to-url", "http://127.0.0.1:" + listenerPort + "/events/batch"}, 1)).isZero();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + websocketPort + "/events/stream"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            socket.sendText("{\"event_id\":\"00000000-0000-4000-8000-0000000" + round + String.format("%04d", i)
                    + "\",\"event_type\":\"click\",\"ts\":\"2026-01-01T00:00:00Z\",\"user_id\":\"u-000001\"}", true)
                    .get(10, TimeUnit.SECONDS);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + authListenerPort + "/events"))
                .header("Content-Type", "application/json").header("X-API-Key", "not-" + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("a wrong API key: " + refused.body()).isEqualTo(401);
    }

    /**
     * The loopback API the HTTP sink posts to (200 to everything) and the HTTP source polls: an append-only list
     * that has two more items at every request. Without pagination the source stays on that one page and reads the
     * items after the last it sent, so its record count grows with every poll.
     */
    private static HttpServer loopbackApi() throws IOException {
        AtomicLong ids = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ingest", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/items", exchange -> {
            long items = ids.addAndGet(2);
            StringBuilder list = new StringBuilder("[");
            for (long id = 1; id <= items; id++) {
                list.append(id == 1 ? "" : ",").append("{\"id\":\"").append(id).append("\"}");
            }
            byte[] body = list.append(']').toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    // ---- plumbing ----

    private static String clickHouse(String sql) throws IOException, InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(CLICKHOUSE))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(sql)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body().trim();
        } catch (IOException e) {
            return "no answer: " + e;
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * A free loopback port below the kernel's ephemeral range (32768 up, where ServerSocket(0) picks): the listener
     * binds it seconds later, and in between an outgoing connection of the stack was once given the same ephemeral
     * port ("Address already in use" on 127.0.0.1:37613). test-support's LoopbackPorts does the same for the modules
     * that depend on it; the launcher does not.
     */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000, 32_768);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free loopback port between 10000 and 32767 after 200 tries");
    }

    /** This machine's addresses other than loopback (IPv4), to show the agent does not answer on them. */
    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(addresses::add);
            }
        }
        return addresses;
    }
}
