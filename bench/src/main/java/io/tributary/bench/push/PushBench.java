package io.tributary.bench.push;

import io.tributary.bench.BenchFiles;
import io.tributary.bench.BenchTopics;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.bench.Span;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratorSettings;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ./tributary bench push}: in one run, on one machine, with the same generated events, against the local
 * stack (a KRaft broker and a Connect worker in this JVM, the bundle in plugin.path):
 * <ul>
 *   <li>the raw {@code KafkaProducer} sending the events with the settings a Connect worker gives a source task's
 *   producer (the limit);</li>
 *   <li>the HTTP listener taking them in JSON arrays of 500 from {@code concurrency} concurrent HTTP/1.1 requests,
 *   durable acks (each answer only after Kafka acknowledged all its events), with tasks.max 1 and 2;</li>
 *   <li>the WebSocket server source taking them over 10 connections in NDJSON frames of 100, a window of 8
 *   unacknowledged frames per connection;</li>
 *   <li>the HTTP listener taking single events on 64 connections, one request in flight on each, for a fixed time:
 *   requests/s and latency ({@link SingleEventLoad}).</li>
 * </ul>
 * Every rate runs from the first event sent to the last acknowledgement received. Each connector first takes a
 * warm-up pass (not counted); then each of its {@code repeat} passes follows a raw producer pass on the same events,
 * and its ratio is the median of the per-pass ratios (see {@link RawReference}). At the end of each subject the
 * topic's end offsets must hold at least what was acknowledged ({@link AckCheck}).
 */
public final class PushBench {

    private static final String LISTENER = "io.tributary.connect.source.listener.HttpListenerSourceConnector";
    private static final String WEBSOCKET = "io.tributary.connect.source.websocket.server.WebSocketSourceConnector";
    private static final String WEBSOCKET_PATH = "/events/stream";
    private static final Duration SINGLES_WARMUP = Duration.ofSeconds(5);

    private final Path work;
    private final Path root;
    private final Path bundle;
    private final PushSettings settings;
    private LocalStack stack;
    private ConnectClient connect;
    private int run;

    public PushBench(Path home, Path root, Path bundle, String[] args) {
        this.work = home.resolve("bench/push");
        this.root = root;
        this.bundle = bundle;
        this.settings = PushSettings.parse(args);
    }

    public void run() throws Exception {
        System.out.println("push benchmark: " + Machine.describe());
        BenchFiles.deleteRecursively(work);
        List<byte[]> events = events(settings.events());
        List<byte[]> warmup = events.subList(0, Math.min(events.size(),
                Math.max(settings.batch() * settings.concurrency(), events.size() / 5)));
        System.out.printf("  %,d events of %.0f B on average, %d measured passes (median), warm-up on %,d; topics of"
                        + " %d partitions%n", events.size(), events.stream().mapToInt(e -> e.length).average()
                        .orElse(0), settings.repeat(), warmup.size(), settings.partitions());
        System.out.println("  producer (raw, and the connectors' through the worker): " + settings.rawProducer()
                + "; connectors: " + settings.connectorOverrides()
                + (settings.tuned() ? "" : " (the worker's producer defaults, no producer.override.*)"));
        // The worker config users get for push sources: up's push-source worker group (no exactly-once source
        // support, producer.linger.ms=0), or with --worker main the main worker's, where every poll of a push task
        // is one transaction and every durable answer waits for its commit (docs/connectors/http-listener-source.md,
        // "Throughput and the worker group").
        String workerFile = settings.exactlyOnce() ? "connector-configs/worker/connect-distributed.properties"
                : "connector-configs/worker/connect-distributed-push.properties";
        StackSettings stackSettings = StackSettings.defaults(work.resolve("stack"), bundle, root.resolve(workerFile));
        System.out.println("  worker: " + workerFile + " as shipped " + (settings.exactlyOnce()
                ? "(exactly.once.source.support=enabled: one transaction per poll)"
                : "(the push-source worker group: exactly.once.source.support=disabled, producer.linger.ms=0)"));
        try (LocalStack local = LocalStack.start(stackSettings, System.out)) {
            stack = local;
            connect = new ConnectClient(local.restUrl());
            List<Compared> compared = new ArrayList<>();
            Result raw;
            try (RawReference reference = new RawReference(local.bootstrapServers(), topic("raw-producer"),
                    settings.partitions(), settings.rawProducer())) {
                reference.warmUp(events);
                for (int tasks : settings.tasks()) {
                    compared.add(listenerBatches(events, warmup, tasks, reference));
                }
                compared.add(webSocket(events, warmup, reference));
                raw = reference.median();
            }
            SingleEventLoad.Run singles = listenerSingles(events);
            report(raw, compared, singles);
        }
    }

    /**
     * A subject's median pass, the median of the raw producer's passes run just before each of its passes, and the
     * median of the per-pass ratios (subject pass / the raw pass before it).
     */
    private record Compared(Result subject, Result reference, double ratio, List<Result> passes) {

        /** The ratio, refused (Span) when any pass of the subject or of its reference was too short. */
        String ratioLine(double target) {
            String name = subject.subject() + " / " + reference.subject();
            String refusal = Result.refusal(name, passes.toArray(Result[]::new));
            if (refusal != null) {
                return refusal;
            }
            return String.format(Locale.ROOT, "  %-72s %5.2f   target >= %.2f: %s", name, ratio, target,
                    ratio >= target ? "met" : "MISSED");
        }
    }

    /** One pass of a subject over some events; its Result counts the events acknowledged as written. */
    private interface Pass {
        Result run(List<byte[]> events) throws Exception;
    }

    /** Warm-up, then {@code repeat} times a raw producer pass followed by a pass of the subject. */
    private Compared compare(Pass subject, List<byte[]> events, List<byte[]> warmup, RawReference reference)
            throws Exception {
        subject.run(warmup);
        List<Result> passes = new ArrayList<>();
        List<Result> references = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int pass = 0; pass < settings.repeat(); pass++) {
            Result raw = reference.pass(events);
            Result measured = subject.run(events);
            System.out.printf(Locale.ROOT, "    pass %d: %s; raw producer just before: %s%n", pass + 1,
                    passRate(measured), passRate(raw));
            passes.add(measured);
            references.add(raw);
            ratios.add(measured.rate() / raw.rate());
        }
        ratios.sort(null);
        List<Result> all = new ArrayList<>(passes);
        all.addAll(references);
        return new Compared(median(passes), median(references), ratios.get(ratios.size() / 2), all);
    }

    /** "123,456 events/s (200,000 events over 1.62 s)", or the span and "too short to measure" (noted). */
    private static String passRate(Result pass) {
        String over = Span.over(pass.records(), pass.seconds(), "events");
        if (!pass.measurable()) {
            Span.refuse(pass.subject() + ", a pass: " + over);
            return over + ", " + Span.tooShort();
        }
        return String.format(Locale.ROOT, "%,.0f events/s (%s)", pass.rate(), over);
    }

    private void report(Result raw, List<Compared> compared, SingleEventLoad.Run singles) {
        System.out.println();
        System.out.println("Rates, median of " + settings.repeat() + " passes (" + Instant.now() + ")");
        System.out.println(raw.line() + "   (all " + compared.size() * settings.repeat() + " passes)");
        for (Compared c : compared) {
            System.out.println(c.subject().line());
        }
        System.out.println(singles.line("listener, single events, " + settings.inFlight() + " conns"));
        System.out.println("Ratios: median of the per-pass ratios to the raw producer pass run just before");
        for (Compared c : compared) {
            System.out.println(c.ratioLine(0.5));
        }
        System.out.println("Single events (durable acks)");
        double p99 = singles.latencies().millisAt(0.99);
        Result answered = new Result("requests/s", singles.ok(), singles.seconds(), null);
        String refusal = Result.refusal("single events, requests/s", answered);
        System.out.println(refusal != null ? refusal : String.format(Locale.ROOT,
                "  %-72s %,7.0f   target >= 20,000: %s   (%s)", "requests/s", singles.rate(),
                singles.rate() >= 20_000 ? "met" : "MISSED", Span.over(singles.ok(), singles.seconds(), "requests")));
        System.out.printf(Locale.ROOT, "  %-72s %7.1f   target < 50 ms: %s%n", "p99 latency (ms)", p99,
                p99 < 50 ? "met" : "MISSED");
    }

    private Compared listenerBatches(List<byte[]> events, List<byte[]> warmup, int tasks, RawReference reference)
            throws Exception {
        String subject = String.format("listener, arrays of %d, %d task%s", settings.batch(), tasks,
                tasks == 1 ? "" : "s");
        System.out.println("  " + subject + ", " + settings.concurrency() + " requests in flight ...");
        String topic = topic("listener-batches");
        int port = freePort();
        String name = "push-listener-" + run;
        startConnector(name, connectorConfig(LISTENER, topic, port, tasks), port);
        BatchLoad load = new BatchLoad(port);
        LongAdder acknowledged = new LongAdder();
        Compared result;
        try {
            result = compare(part -> {
                BatchLoad.Run r = load.run(part, settings.batch(), settings.concurrency());
                acknowledged.add(r.acknowledged());
                if (r.acknowledged() < part.size() || r.resent() > 0) {
                    System.out.printf("    %,d events acknowledged of %,d; %,d requests refused (full) and sent "
                            + "again%n", r.acknowledged(), part.size(), r.resent());
                }
                return new Result(subject, r.acknowledged(), r.seconds(), topic);
            }, events, warmup, reference);
        } finally {
            System.out.print(ProducerMetrics.describe("connector-producer-" + name + "-"));
            connect.delete(name);
        }
        AckCheck.verify(stack.bootstrapServers(), topic, settings.partitions(), acknowledged.sum());
        return result;
    }

    private Compared webSocket(List<byte[]> events, List<byte[]> warmup, RawReference reference) throws Exception {
        String subject = String.format("WebSocket, %d conns, frames of %d", settings.wsConnections(),
                settings.frame());
        System.out.println("  " + subject + ", window " + settings.window() + " ...");
        String topic = topic("websocket");
        int port = freePort();
        String name = "push-websocket-" + run;
        Map<String, String> config = connectorConfig(WEBSOCKET, topic, port, 1);
        config.put("websocket.path", WEBSOCKET_PATH);
        startConnector(name, config, port);
        StreamLoad load = new StreamLoad(port, WEBSOCKET_PATH);
        LongAdder acknowledged = new LongAdder();
        Compared result;
        try {
            result = compare(part -> {
                StreamLoad.Run r = load.run(part, settings.wsConnections(), settings.frame(), settings.window());
                acknowledged.add(r.acknowledged());
                if (r.acknowledged() < part.size() || r.nacked() > 0) {
                    System.out.printf("    %,d events acknowledged of %,d; %,d nacked%n", r.acknowledged(),
                            part.size(), r.nacked());
                }
                return new Result(subject, r.acknowledged(), r.seconds(), topic);
            }, events, warmup, reference);
        } finally {
            System.out.print(ProducerMetrics.describe("connector-producer-" + name + "-"));
            connect.delete(name);
        }
        AckCheck.verify(stack.bootstrapServers(), topic, settings.partitions(), acknowledged.sum());
        return result;
    }

    private SingleEventLoad.Run listenerSingles(List<byte[]> events) throws Exception {
        System.out.printf("  listener, single events, %d connections with one request in flight each, %d s (after "
                + "%d s of warm-up) ...%n", settings.inFlight(), settings.seconds(), SINGLES_WARMUP.toSeconds());
        String topic = topic("listener-singles");
        int port = freePort();
        String name = "push-listener-singles-" + run;
        startConnector(name, connectorConfig(LISTENER, topic, port, 1), port);
        SingleEventLoad load = new SingleEventLoad(port);
        SingleEventLoad.Run warm;
        SingleEventLoad.Run measured;
        try {
            warm = load.run(events, settings.inFlight(), SINGLES_WARMUP);
            measured = load.run(events, settings.inFlight(), Duration.ofSeconds(settings.seconds()));
        } finally {
            System.out.print(ProducerMetrics.describe("connector-producer-" + name + "-"));
            connect.delete(name);
        }
        AckCheck.verify(stack.bootstrapServers(), topic, settings.partitions(), warm.ok() + measured.ok());
        return measured;
    }

    /** The fastest path: events kept as their JSON text (output=string, StringConverter), durable acks. */
    private Map<String, String> connectorConfig(String connectorClass, String topic, int port, int tasks) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topic", topic);
        config.put("listener.host", "127.0.0.1");
        config.put("listener.port", String.valueOf(port));
        config.put("ack.mode", "durable");
        config.put("output", "string");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.putAll(settings.connectorOverrides());
        return config;
    }

    private void startConnector(String name, Map<String, String> config, int port) throws Exception {
        Map<String, String> shown = new TreeMap<>(config);
        shown.keySet().removeAll(List.of("topic", "listener.port"));
        System.out.println("    connector: " + shown + " (defaults otherwise: listener.io.threads 2, "
                + "queue.max.records 20,000, queue.max.bytes 64 MiB, batch.max.records 10,000)");
        connect.configure(name, config);
        connect.awaitRunning(name, Duration.ofSeconds(60));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listening(port)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " is RUNNING but nothing listens on port " + port);
            }
            Thread.sleep(50);
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Result median(List<Result> passes) {
        return Result.medians(passes.stream().map(p -> new Result[] {p}).toList())[0];
    }

    private String topic(String what) throws Exception {
        String topic = "bench-" + what + "-" + (run++);
        BenchTopics.create(stack.bootstrapServers(), topic, settings.partitions());
        return topic;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<byte[]> events(int count) {
        List<byte[]> events = new ArrayList<>(count);
        EventGenerator generator = new EventGenerator(GeneratorSettings.clean(count, 5), Instant.now());
        while (generator.hasNext()) {
            events.add(generator.next().bytes());
        }
        return events;
    }
}
