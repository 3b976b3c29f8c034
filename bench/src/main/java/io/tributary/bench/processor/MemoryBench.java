package io.tributary.bench.processor;

import io.tributary.bench.BenchPorts;
import io.tributary.processor.ops.ProcessMemory;
import io.tributary.processor.state.BoundedRocksDb;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Heap and resident memory of the processor holding 100,000 open windows: an aggregate job (count, sum, avg, p95,
 * distinct users, final results) grouped by a field with 100,000 values, whose events all fall into one 1-hour
 * tumbling window that stream time never closes. The processor runs alone in a child JVM with {@code -Xmx256m}
 * ({@code ProcessorMain}, as deployed), at-least-once with a 1 s commit interval so that its committed offsets show
 * when it has read everything; its memory is then read from {@code /proc} and, after a full GC ({@code jcmd}), from
 * its {@code /metrics}.
 */
final class MemoryBench {

    private static final int GROUPS = 100_000;
    private static final int EVENTS = 1_000_000;
    private static final long HEAP_TARGET = 256L << 20;
    private static final String APP = "bench-memory";
    private static final String INPUT = "bench-memory-in";

    private final String bootstrap;
    private final Path work;
    private final HttpClient http = HttpClient.newHttpClient();

    MemoryBench(String bootstrap, Path work) {
        this.bootstrap = bootstrap;
        this.work = work;
    }

    void run() throws Exception {
        Files.createDirectories(work);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(INPUT, 3, (short) 1))).all().get();
            produce();
            int port = BenchPorts.free();
            Path config = work.resolve("processor.yaml");
            Files.writeString(config, config(port));
            // Its log goes to one file or to its output, whichever log4j2.xml of the classpath comes first.
            Path log = work.resolve("processor.log");
            Path out = work.resolve("processor.out");
            Path gcLog = work.resolve("gc.log");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Xlog:gc:file=" + gcLog, "-XX:NativeMemoryTracking=summary",
                    "-Dtributary.log.file=" + log,
                    "-cp", System.getProperty("java.class.path"),
                    "io.tributary.processor.ProcessorMain", "--config", config.toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try {
                long started = System.nanoTime();
                String dead = "the processor exited; see " + out + " and " + log;
                Progress.awaitCommitted(admin, APP, Progress.ends(admin, List.of(INPUT)), Duration.ofMinutes(10),
                        () -> child.isAlive() ? null : dead);
                // At-least-once, the repartitioned events were all written before the input offsets were committed.
                List<String> repartition = admin.listTopics().names().get().stream()
                        .filter(t -> t.startsWith(APP + "-") && t.endsWith("-repartition")).toList();
                Progress.awaitCommitted(admin, APP, Progress.ends(admin, repartition), Duration.ofMinutes(10),
                        () -> child.isAlive() ? null : dead);
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "  the child processor read %,d events into %,d windows in %.1f s, "
                        + "%.1f s of it in GC pauses%n", EVENTS, GROUPS, seconds, gcPauseSeconds(gcLog));
                String base = "http://127.0.0.1:" + port;
                String window = get(base + "/jobs/agg/windows?key=s-" + (GROUPS - 1));
                long emitted = Progress.total(Progress.ends(admin, List.of("bench-memory-out")));
                if (!window.contains("\"events\":" + EVENTS / GROUPS) || emitted != 0) {
                    throw new IllegalStateException("the windows are not all open: " + emitted + " emitted; the last "
                            + "group's windows: " + window);
                }
                long heapBefore = heapUsed(get(base + "/metrics"));
                long rssBefore = ProcessMemory.residentBytes(child.pid());
                jcmd(child.pid(), "GC.run");
                long heap = heapUsed(get(base + "/metrics"));
                String heapInfo = jcmd(child.pid(), "GC.heap_info").lines().skip(1).findFirst().orElse("").strip();
                long rss = ProcessMemory.residentBytes(child.pid());
                long peak = ProcessMemory.peakResidentBytes(child.pid());
                System.out.printf(Locale.ROOT, "  before a full GC: heap used %d MB, RSS %d MB; after: %s%n",
                        heapBefore >> 20, rssBefore >> 20, heapInfo);
                System.out.println("  the JVM's own memory, committed (jcmd VM.native_memory; RocksDB's is not in it): "
                        + nativeMemory(jcmd(child.pid(), "VM.native_memory summary")));
                System.out.println("  largest classes on the heap (jcmd GC.class_histogram):");
                jcmd(child.pid(), "GC.class_histogram").lines().skip(1).limit(14)
                        .forEach(line -> System.out.println("    " + line.strip()));
                System.out.println();
                System.out.printf(Locale.ROOT, "  %-58s %,d MB   target < 256 MB with -Xmx256m: %s%n",
                        "heap used after a full GC, 100,000 open windows", heap >> 20,
                        heap < HEAP_TARGET && child.isAlive() ? "met" : "MISSED");
                System.out.printf(Locale.ROOT, "  %-58s %,d MB (peak %,d MB); RocksDB bounded to %d MB "
                        + "(state.memory)%n", "resident set (VmRSS)", rss >> 20, peak >> 20,
                        BoundedRocksDb.DEFAULT_MEMORY >> 20);
            } finally {
                child.destroy();
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            for (Path file : List.of(log, out)) {
                if (Files.exists(file) && Files.readString(file).contains("OutOfMemoryError")) {
                    throw new IllegalStateException("the processor ran out of heap; see " + file);
                }
            }
        }
    }

    private String config(int port) {
        return """
                application.id: %s
                bootstrap.servers: %s
                processing.guarantee: at_least_once
                state.dir: %s
                http.listen: 127.0.0.1:%d
                streams: {replication.factor: 1, commit.interval.ms: 1000}
                jobs:
                  - name: agg
                    kind: aggregate
                    input: %s
                    output: bench-memory-out
                    group.by: session
                    time.field: ts
                    window: {type: tumbling, size: 1h, grace: 10m}
                    aggregations:
                """.formatted(APP, bootstrap, work.resolve("state"), port, INPUT) + ProcessorBench.aggregations(true);
    }

    /**
     * Ten events for each of 100,000 sessions, in the previous hour of event time (its first 50 minutes): stream
     * time stays inside the hour's window, so none closes and every group's window stays open.
     */
    private void produce() {
        long hour = (System.currentTimeMillis() / 3_600_000 - 1) * 3_600_000;
        Random random = new Random(3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                long ts = hour + i * 3_000_000L / EVENTS;
                String session = "s-" + i % GROUPS;
                producer.send(new ProducerRecord<>(INPUT, null, ts, session, ProcessorBench.event("m-" + i,
                        "page_view", "u-" + random.nextInt(50_000), random.nextInt(100_000) / 100.0, ts, session)));
            }
        }
    }

    /** The pauses in a unified GC log ({@code -Xlog:gc}): "... Pause Young (Normal) ... 12.345ms". */
    private static double gcPauseSeconds(Path gcLog) throws IOException {
        return Files.readAllLines(gcLog).stream().filter(line -> line.contains(" Pause ") && line.endsWith("ms"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1,
                        line.length() - 2))).sum() / 1000;
    }

    /** "total 300 MB: Java Heap 256, Class 20, ..." from native memory tracking's summary, largest first. */
    private static String nativeMemory(String summary) {
        Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
        Matcher area = Pattern.compile("(?m)^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB").matcher(summary);
        Map<String, Long> areas = new LinkedHashMap<>();
        while (area.find()) {
            areas.put(area.group(1).strip(), Long.parseLong(area.group(2)) >> 10);
        }
        return (total.find() ? "total " + (Long.parseLong(total.group(1)) >> 10) + " MB" : "total unknown") + ": "
                + areas.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(7)
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    /** The heap in use: Micrometer's {@code jvm_memory_used_bytes} summed over the pools labelled area="heap". */
    private static long heapUsed(String metrics) {
        double[] heap = metrics.lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).toArray();
        if (heap.length == 0) {
            throw new IllegalStateException("jvm_memory_used_bytes{area=\"heap\"} is not in /metrics");
        }
        return (long) java.util.Arrays.stream(heap).sum();
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + ": " + out);
        }
        return out;
    }
}
