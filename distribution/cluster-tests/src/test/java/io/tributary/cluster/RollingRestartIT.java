package io.tributary.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pipeline on a 3-worker Connect cluster (child JVMs with only Connect's runtime on their classpath and the
 * bundle ZIP unpacked in plugin.path, as users install it) and 2 stateful processor instances (the processor tarball
 * unpacked, {@code bin/tributary-processor config/demo.yaml} with settings from the environment), rolled under load:
 * every worker in turn is stopped with SIGTERM and started again on its port, then the one the WebSocket client is
 * connected to is SIGKILLed and started again, then every processor instance is stopped and started again. Meanwhile
 * a generator writes files into the watched directory and an HTTP client and a WebSocket client push events, each
 * moving to the next worker when its own goes away. Afterwards: every acknowledged or written event is in Kafka, the file source's exactly once;
 * the dedup output holds each event once; the file and ClickHouse sinks hold exactly the records of their topics,
 * offset by offset; the tumbling and session windows reconcile with the unique events; no task was ever FAILED;
 * every processor instance exited 0 on SIGTERM. Timings, gaps (with what happened during each client's longest)
 * and memory go to target/rolling-restart-report.txt (never asserted); every stop, start and client failure with
 * its time to target/rolling-restart/timeline.log.
 */
class RollingRestartIT {

    private static final Path ROOT = Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
    private static final Path ZIP = Path.of(System.getProperty("tributary.bundle.zip"));
    private static final Path PROCESSOR_TARBALL = Path.of(System.getProperty("tributary.processor.tarball"));
    private static final Path RUNTIME = Path.of(System.getProperty("tributary.connect.runtime.dir"));
    private static final Path REPORT = Path.of(System.getProperty("tributary.report"));
    private static final String DATABASE = "tributary_rolling";
    private static final Duration RUNNING = Duration.ofSeconds(120);

    private static final List<String> ROUTED = List.of("events-payments", "events-iot", "events-clicks",
            "events-unroutable");
    private static final List<String> DEDUP_INPUTS = List.of("events-payments", "events-iot", "events-clicks");
    /** The demo's ClickHouse sink: topic → table (with-clickhouse/30-clickhouse-sink.json). */
    private static final Map<String, String> CLICKHOUSE_TABLES = Map.of("events-payments", "payments",
            "events-iot", "iot", "events-clicks", "clicks", "agg-per-type-1m", "per_type_1m",
            "agg-per-user-5m", "per_user_5m", "agg-user-sessions", "user_sessions");
    /** Connector name → tasks: the demo's, the push sources at one task per worker. */
    private static final Map<String, Integer> TASKS = Map.of("demo-file-source", 2, "demo-http-listener", 3,
            "demo-websocket-source", 3, "demo-file-sink", 2, "demo-clickhouse-sink", 2);

    private final List<String> report = new ArrayList<>();
    private final Map<String, Long> peakRss = new TreeMap<>();

    @Test
    void theDemoPipelineKeepsEveryGuaranteeThroughRollingRestartsUnderLoad() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "rolling-restart").toAbsolutePath());
        deleteTree(work);
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        unzip(ZIP, plugins);
        Path processorHome = untar(PROCESSOR_TARBALL, Files.createDirectories(work.resolve("processor-dist")));
        Timeline timeline = new Timeline(work.resolve("timeline.log"));
        Path input = Files.createDirectories(work.resolve("demo/input"));
        ClickHouse clickHouse = new ClickHouse();
        clickHouse.query("DROP DATABASE IF EXISTS " + DATABASE);
        clickHouse.query("CREATE DATABASE " + DATABASE);

        try (ConnectCluster broker = ConnectCluster.builder("rolling").workers(0).start();
             Cluster cluster = new Cluster(broker.bootstrapServers(), work, plugins, processorHome, timeline)) {
            String bootstrap = broker.bootstrapServers();
            long began = System.nanoTime();
            for (String topic : List.of("events-raw", "events-payments", "events-iot", "events-clicks",
                    "events-unroutable", "events-dlq", "events-invalid")) {
                broker.createTopic(topic, 3);
            }
            cluster.startProcessors();
            cluster.startWorkers();
            postPipeline(cluster.rest());
            cluster.awaitBalanced(null);
            StatusWatch watch = new StatusWatch(cluster).start();
            report.add(String.format("cluster up (2 processors, 3 workers, 5 connectors RUNNING) in %,d ms",
                    (System.nanoTime() - began) / 1_000_000));

            FileLoad files = new FileLoad(input, 101).start();
            PushClient http = new HttpPushClient(cluster.listenerPorts(), 202, timeline).start();
            PushClient ws = new WebSocketPushClient(cluster.webSocketPorts(), 303, timeline).start();
            Await.until(RUNNING, "events acknowledged by both clients and a file read",
                    () -> http.acked().size() >= 200 && ws.acked().size() >= 200
                            && !TopicReader.endOffsets(bootstrap, "events-unique").values().stream()
                            .allMatch(o -> o == 0));

            for (int i = 0; i < Cluster.WORKERS; i++) {
                cluster.restartWorker(i, false, report, peakRss);
                Await.sleep(3_000); // load on the full cluster between restarts
            }
            // The worker the WebSocket client is connected to: a killed worker must show up at the client as a closed
            // connection, at once (the kernel closes its sockets), not after the client's answer timeout.
            cluster.restartWorker(ws.currentWorker(), true, report, peakRss);
            Await.sleep(3_000);
            Map<String, Integer> processorExits = new TreeMap<>();
            for (int i = 0; i < Cluster.PROCESSORS; i++) {
                processorExits.put("processor-" + i + " restart", cluster.restartProcessor(i, report, peakRss));
                Await.sleep(3_000);
            }

            report.add(String.format("load ran %,d s through the restarts", (System.nanoTime() - began) / 1_000_000_000));
            http.close();
            ws.close();
            files.close();
            cluster.recordPeakRss(peakRss);
            watch.close();

            Set<String> fileIds = files.written();
            Set<String> pushed = new HashSet<>(http.acked());
            pushed.addAll(ws.acked());
            long draining = System.nanoTime();
            drainAndCheck(cluster, bootstrap, clickHouse, fileIds, pushed, watch);
            report.add(String.format("drained and checked in %,d ms", (System.nanoTime() - draining) / 1_000_000));

            report.add(String.format("events: file source %,d (%d files), HTTP listener %,d acknowledged (%d failovers),"
                    + " WebSocket %,d acknowledged (%d failovers)", fileIds.size(), files.files(), http.acked().size(),
                    http.failovers(), ws.acked().size(), ws.failovers()));
            report.add(String.format("longest ingestion gap: HTTP client %,d ms, WebSocket client %,d ms",
                    http.longestGap().toMillis(), ws.longestGap().toMillis()));
            for (PushClient client : List.of(http, ws)) {
                reportLongestGap(client, timeline);
            }
            peakRss.forEach((jvm, kb) -> report.add(String.format("peak RSS (VmHWM) %-14s %,d MB", jvm, kb / 1024)));
            for (int i = 0; i < Cluster.PROCESSORS; i++) {
                report.add(String.format("processor-%d state dir %,d KB", i, size(cluster.stateDir(i)) / 1024));
            }
            report.add("after the checks, every processor instance stopped:");
            for (int i = 0; i < Cluster.PROCESSORS; i++) {
                processorExits.put("processor-" + i + " final stop", cluster.stopProcessor(i, report, peakRss));
            }
            assertThat(watch.failures()).as("tasks or connectors seen FAILED during the run").isEmpty();
            assertThat(processorExits).as("exit status of each processor instance on SIGTERM (0: stopped cleanly)")
                    .allSatisfy((instance, status) -> assertThat(status).as(instance).isZero());
        } finally {
            writeReport();
        }
    }

    private void drainAndCheck(Cluster cluster, String bootstrap, ClickHouse clickHouse, Set<String> fileIds,
                               Set<String> pushed, StatusWatch watch) {
        // Every written and acknowledged event reaches the routed topics.
        Map<String, Integer> routedCopies = new HashMap<>();
        Await.until(Duration.ofSeconds(180), "every written and acknowledged event in the routed topics", () -> {
            routedCopies.clear();
            for (String topic : ROUTED) {
                TopicRecords.read(bootstrap, topic).records().forEach(r -> routedCopies.merge(r.eventId(), 1, Integer::sum));
            }
            return routedCopies.keySet().containsAll(fileIds) && routedCopies.keySet().containsAll(pushed);
        }, () -> missing(routedCopies.keySet(), fileIds) + " file events and " + missing(routedCopies.keySet(), pushed)
                + " pushed events missing");

        // The dedup job's output: each event of its inputs once.
        Set<String> dedupInputs = new HashSet<>();
        DEDUP_INPUTS.forEach(t -> TopicRecords.read(bootstrap, t).records().forEach(r -> dedupInputs.add(r.eventId())));
        List<String> unique = new ArrayList<>();
        Await.until(Duration.ofSeconds(120), "the dedup output to hold every distinct input event", () -> {
            unique.clear();
            TopicRecords.read(bootstrap, "events-unique").records().forEach(r -> unique.add(r.eventId()));
            return new HashSet<>(unique).containsAll(dedupInputs);
        }, () -> unique.size() + " of " + dedupInputs.size());

        // Final windows come out once the processor's partitions idle (the jobs' idle.close): each event is in one
        // tumbling window and one session, or late.
        Map<String, Long> inWindows = new TreeMap<>();
        Await.until(Duration.ofSeconds(120), "tumbling windows and sessions to hold every unique event",
                () -> {
                    inWindows.clear();
                    inWindows.putAll(windowed(bootstrap));
                    return inWindows.values().stream().allMatch(n -> n >= dedupInputs.size());
                }, () -> inWindows + " of " + dedupInputs.size());

        // The sinks reach the last record of every partition they read. (Not the end offset: a transactional
        // topic's last offset is a commit marker, and Connect commits a sink's position as its last record + 1.)
        String[] last = {""};
        Await.until(Duration.ofSeconds(180), "the file and ClickHouse sinks' offsets past their topics' last records",
                () -> {
                    Map<TopicPartition, Long> fileSink = cluster.rest().sinkOffsets("demo-file-sink");
                    Map<TopicPartition, Long> clickHouseSink = cluster.rest().sinkOffsets("demo-clickhouse-sink");
                    last[0] = "file sink " + fileSink + "; ClickHouse sink " + clickHouseSink;
                    return pastLastRecords(fileSink, bootstrap, ROUTED)
                            && pastLastRecords(clickHouseSink, bootstrap, List.copyOf(CLICKHOUSE_TABLES.keySet()));
                }, () -> last[0]);

        assertThat(missing(routedCopies.keySet(), pushed)).as("acknowledged events missing").isZero();
        assertThat(fileIds.stream().filter(id -> routedCopies.getOrDefault(id, 0) != 1).toList())
                .as("file events not exactly once in the routed topics (exactly-once source)").isEmpty();
        assertThat(unique).as("the dedup output").doesNotHaveDuplicates();
        assertThat(new HashSet<>(unique)).as("the dedup output").isEqualTo(dedupInputs);
        assertThat(windowed(bootstrap)).as("events in tumbling windows and sessions (+ late)")
                .containsOnlyKeys("per-type-1m", "user-sessions")
                .allSatisfy((job, n) -> assertThat(n).as(job).isEqualTo(unique.size()));
        for (String topic : ROUTED) {
            SinkChecks.fileSinkHoldsExactly(cluster.work().resolve("demo/output"), TopicRecords.read(bootstrap, topic));
        }
        for (Map.Entry<String, String> e : CLICKHOUSE_TABLES.entrySet()) {
            SinkChecks.clickHouseHoldsExactly(clickHouse, DATABASE + "." + e.getValue(),
                    TopicRecords.read(bootstrap, e.getKey()));
        }
        report.add(String.format("unique events %,d; routed records %,d (repeats from resends %,d)", unique.size(),
                routedCopies.values().stream().mapToLong(Integer::longValue).sum(),
                routedCopies.values().stream().mapToLong(n -> n - 1).sum()));
        report.add("status polls " + watch.polls() + ", FAILED seen: " + watch.failures());
    }

    /**
     * The client's longest gap: from the acknowledgement before it to the one ending it, and what happened (the
     * cluster's stops and starts from 5 s before).
     */
    private void reportLongestGap(PushClient client, Timeline timeline) {
        long[] span = client.longestGapSpan();
        report.add(String.format("%s client's longest gap, %,d ms, from %s to %s:", client.name(),
                client.longestGap().toMillis(), Timeline.at(span[0]), Timeline.at(span[1])));
        timeline.between(span[0], span[1], 5_000, client.name()).forEach(e -> report.add("    " + e));
    }

    /** Per reconciling job (tumbling, session): the events counted in its emitted windows plus its late events. */
    private static Map<String, Long> windowed(String bootstrap) {
        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> outputs = Map.of("per-type-1m", "agg-per-type-1m", "user-sessions", "agg-user-sessions");
        List<TopicRecords.Rec> late = TopicRecords.read(bootstrap, "events-late").records();
        outputs.forEach((job, topic) -> counts.put(job,
                TopicRecords.read(bootstrap, topic).records().stream().mapToLong(r -> r.value().path("events").asLong())
                        .sum() + late.stream().filter(r -> job.equals(r.job())).count()));
        return counts;
    }

    private static boolean pastLastRecords(Map<TopicPartition, Long> committed, String bootstrap, List<String> topics) {
        for (String topic : topics) {
            for (Map.Entry<Integer, List<TopicRecords.Rec>> p : TopicRecords.read(bootstrap, topic).byPartition()
                    .entrySet()) {
                long next = p.getValue().get(p.getValue().size() - 1).offset() + 1;
                if (!Long.valueOf(next).equals(committed.get(new TopicPartition(topic, p.getKey())))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long missing(Set<String> present, Set<String> expected) {
        return expected.stream().filter(id -> !present.contains(id)).count();
    }

    private static void postPipeline(ConnectRest rest) throws IOException {
        Path demo = ROOT.resolve("connector-configs/pipelines/demo");
        List<Path> files = List.of(demo.resolve("10-file-source.json"), demo.resolve("11-http-listener.json"),
                demo.resolve("12-websocket-source.json"), demo.resolve("20-file-sink.json"),
                demo.resolve("with-clickhouse/30-clickhouse-sink.json"));
        for (Path file : files) {
            JsonNode json = ConnectRest.JSON.readTree(file.toFile());
            String name = json.path("name").asText();
            Map<String, String> config = new LinkedHashMap<>();
            json.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            // Only what a cluster on one machine needs: a port per worker (each worker's env), a task per worker
            // for the push sources, the test's own ClickHouse database.
            switch (name) {
                case "demo-http-listener" -> {
                    config.put("listener.port", "${env:LISTENER_PORT}");
                    config.put("tasks.max", "3");
                }
                case "demo-websocket-source" -> {
                    config.put("listener.port", "${env:WEBSOCKET_PORT}");
                    config.put("tasks.max", "3");
                }
                case "demo-clickhouse-sink" -> config.put("clickhouse.database", DATABASE);
                default -> { }
            }
            assertThat(TASKS).containsKey(name);
            rest.configure(name, config);
        }
    }

    private void writeReport() throws IOException {
        String text = String.join(System.lineSeparator(), report) + System.lineSeparator();
        System.out.println("Rolling restart report\n" + text);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, text);
    }

    static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** VmHWM of a live process, in kB (0 when it cannot be read). */
    static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or not Linux: no figure
        }
        return 0;
    }

    /**
     * A free loopback port below Linux's ephemeral range (32768-60999). The ports are chosen before the JVMs start and
     * kept through restarts; an ephemeral port can meanwhile become some process's outgoing connection or another
     * test's port 0, which once made a worker's start fail with "Address already in use".
     */
    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port in 20000-31999 on 127.0.0.1");
    }

    static String classpath(Path dir) throws IOException {
        try (Stream<Path> jars = Files.list(dir)) {
            return String.join(File.pathSeparator, jars.map(Path::toString).filter(p -> p.endsWith(".jar")).sorted()
                    .toList());
        }
    }

    static Properties shippedWorkerConfig() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(ROOT.resolve("connector-configs/worker/connect-distributed.properties"))) {
            props.load(in);
        }
        return props;
    }

    static Path root() {
        return ROOT;
    }

    static Path runtime() {
        return RUNTIME;
    }

    static Map<String, Integer> tasks() {
        return TASKS;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Unpacks the processor tarball into {@code into}: the distribution's top folder. */
    private static Path untar(Path tarball, Path into) throws IOException, InterruptedException {
        assertThat(tarball).as("the processor tarball, built by the stateful-processor module's package").exists();
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", into.toString())
                .redirectErrorStream(true).start();
        String printed = new String(tar.getInputStream().readAllBytes());
        assertThat(tar.waitFor()).as(printed).isZero();
        try (Stream<Path> top = Files.list(into)) {
            return top.filter(p -> p.getFileName().toString().startsWith("tributary-processor-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no tributary-processor-* folder in " + tarball));
        }
    }

    private static void unzip(Path zip, Path into) throws IOException {
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(Files.newInputStream(zip))) {
            java.util.zip.ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }
}
