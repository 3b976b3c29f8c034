package io.tributary.bench.http;

import com.sun.net.httpserver.HttpServer;
import io.tributary.bench.BenchTopics;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratorSettings;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./tributary bench http}: in one run, on one machine, against a local HTTP server on 127.0.0.1 serving the
 * same generated events — the HTTP polling source reading cursor-paged responses of 1,000 records (output as maps and
 * as JSON strings, at-least-once and exactly-once) against the raw Kafka producer sending those events (the limit),
 * with the same producer settings. Each subject first runs once on fewer records to warm the JIT. Rates run from the
 * first record's timestamp to the moment all are in Kafka, so task start-up is excluded.
 */
public final class HttpBench {

    private static final Map<String, String> PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "262144",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    private static final int PARTITIONS = 1;
    private static final int PAGE = 1_000;

    private final Path work;
    private final Path root;
    private final Path bundle;
    private final int records;
    private final int repeats;
    private LocalStack stack;
    private ConnectClient atLeastOnce;
    private ConnectClient exactlyOnce;
    private HttpServer server;
    private int run;

    public HttpBench(Path home, Path root, Path bundle, String[] args) {
        this.work = home.resolve("bench/http");
        this.root = root;
        this.bundle = bundle;
        int n = 1_000_000;
        int r = 3;
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals("--records")) {
                n = Integer.parseInt(args[i + 1].replace("_", ""));
            } else if (args[i].equals("--repeat")) {
                r = Integer.parseInt(args[i + 1]);
            }
        }
        this.records = n;
        this.repeats = r;
    }

    public void run() throws Exception {
        System.out.println("http benchmark: " + Machine.describe());
        List<byte[]> events = events(records);
        Pages pages = new Pages(events, PAGE);
        int warmup = Math.max(PAGE * 10, records / 5);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/events", pages::serve);
        server.start();
        System.out.printf("  %,d events of %.0f B on average, pages of %,d; warm-up on %,d%n", records,
                events.stream().mapToInt(e -> e.length).average().orElse(0), PAGE, warmup);
        StackSettings settings = StackSettings.defaults(work.resolve("stack"), bundle,
                        root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withWorkerOverrides(Map.of("exactly.once.source.support", "disabled", "offset.flush.interval.ms",
                        "1000"));
        try (LocalStack local = LocalStack.start(settings, System.out)) {
            stack = local;
            atLeastOnce = new ConnectClient(local.restUrl());
            exactlyOnce = new ConnectClient(local.startSeparateCluster("eos", Map.of("exactly.once.source.support",
                    "enabled")));
            System.out.println("  warming up ...");
            sources(events.subList(0, warmup), warmup);
            List<Result[]> runs = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                runs.add(sources(events, records));
            }
            Result[] measured = Result.medians(runs);
            System.out.println();
            System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + ")");
            for (Result r : measured) {
                System.out.println(r.line());
            }
            System.out.println("Ratios of the medians");
            for (int i = 1; i < measured.length; i++) {
                System.out.println(Result.ratio(measured[i], measured[0], 0.5));
            }
        } finally {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private Result[] sources(List<byte[]> events, int count) throws Exception {
        return new Result[] {
            rawProducer(events),
            ourSource(count, "map", "org.apache.kafka.connect.json.JsonConverter", atLeastOnce, "at-least-once"),
            ourSource(count, "string", "org.apache.kafka.connect.storage.StringConverter", atLeastOnce,
                    "at-least-once"),
            ourSource(count, "map", "org.apache.kafka.connect.json.JsonConverter", exactlyOnce, "exactly-once")
        };
    }

    private Result rawProducer(List<byte[]> events) throws Exception {
        String topic = topic("raw-producer");
        Map<String, Object> config = new HashMap<>(PRODUCER);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (byte[] event : events) {
                producer.send(new ProducerRecord<>(topic, event));
            }
            producer.flush();
        }
        long done = System.currentTimeMillis();
        return new Result("raw KafkaProducer", events.size(), (done - first(topic)) / 1000.0, topic);
    }

    private Result ourSource(int count, String output, String converter, ConnectClient connect, String guarantee)
            throws Exception {
        String topic = topic("http-source-" + output + "-" + guarantee);
        String name = "http-source-" + run;
        Map<String, String> config = new HashMap<>(BenchTopics.producerOverrides(PRODUCER));
        config.putAll(Map.of(
                "connector.class", "io.tributary.connect.source.http.HttpSourceConnector",
                "topic", topic,
                "http.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/events?limit=" + count,
                "pagination.type", "cursor", "pagination.cursor.pointer", "/next", "pagination.param", "cursor",
                "response.records.pointer", "/data", "output", output, "poll.interval.ms", "600000",
                "value.converter", converter, "value.converter.schemas.enable", "false"));
        if (connect == exactlyOnce) {
            config.put("exactly.once.support", "required");
        }
        connect.configure(name, config);
        BenchTopics.awaitEndOffsets(stack.bootstrapServers(), topic, PARTITIONS, count);
        long done = System.currentTimeMillis();
        connect.delete(name);
        return new Result("HTTP source, " + output + ", " + guarantee, count, (done - first(topic)) / 1000.0, topic);
    }

    private long first(String topic) {
        return BenchTopics.firstTimestamp(stack.bootstrapServers(), topic, PARTITIONS);
    }

    private String topic(String what) throws Exception {
        String topic = "bench-" + what + "-" + (run++);
        BenchTopics.create(stack.bootstrapServers(), topic, PARTITIONS);
        return topic;
    }

    private static List<byte[]> events(int count) {
        List<byte[]> events = new ArrayList<>(count);
        EventGenerator generator = new EventGenerator(GeneratorSettings.clean(count, 5), Instant.now());
        while (generator.hasNext()) {
            events.add(generator.next().bytes());
        }
        return events;
    }

    /**
     * The API: {@code /events?cursor=K&limit=N} answers page K of the first N events, {@code {"data": [...],
     * "next": "K+1"}}, the last page without "next". Pages are built once, so the server costs a copy per request.
     */
    private static final class Pages {
        private final List<byte[]> events;
        private final int size;
        private final Map<String, byte[]> built = new java.util.concurrent.ConcurrentHashMap<>();

        Pages(List<byte[]> events, int size) {
            this.events = events;
            this.size = size;
        }

        void serve(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            int limit = Integer.parseInt(query.get("limit"));
            int page = Integer.parseInt(query.getOrDefault("cursor", "0"));
            byte[] body = built.computeIfAbsent(limit + "/" + page, k -> build(limit, page));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        private byte[] build(int limit, int page) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(size * 220);
            out.writeBytes("{\"data\": [".getBytes());
            int from = page * size;
            int to = Math.min(limit, from + size);
            for (int i = from; i < to; i++) {
                if (i > from) {
                    out.write(',');
                }
                out.writeBytes(events.get(i));
            }
            out.writeBytes("]".getBytes());
            if (to < limit) {
                out.writeBytes((", \"next\": \"" + (page + 1) + "\"").getBytes());
            }
            out.writeBytes("}".getBytes());
            return out.toByteArray();
        }
    }
}
