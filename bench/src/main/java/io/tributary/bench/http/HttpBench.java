package io.tributary.bench.http;

import com.sun.net.httpserver.HttpServer;
import io.tributary.bench.BenchFiles;
import io.tributary.bench.BenchTopics;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratorSettings;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./tributary bench http}: in one run, on one machine, against a local HTTP server on 127.0.0.1, with the
 * same generated events:
 * <ul>
 *   <li>the HTTP polling source reading cursor-paged responses of 1,000 records (output as maps and as JSON strings,
 *   at-least-once and exactly-once) against the raw Kafka producer sending those events (the limit), with the same
 *   producer settings. Rates run from the first record's timestamp to the moment all are in Kafka, so task start-up
 *   is excluded;</li>
 *   <li>the HTTP sink posting the topic's records as JSON arrays of 500 against the raw HTTP client (the JDK's) posting
 *   the same records in the same arrays, read from the topic by a plain consumer, one request at a time. Rates run
 *   from the first request the server receives to the last record, counted by the server.</li>
 * </ul>
 * Each subject first runs once on fewer records to warm the JIT.
 */
public final class HttpBench {

    private static final Map<String, String> PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "262144",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    private static final int PARTITIONS = 1;
    private static final int PAGE = 1_000;
    private static final int BATCH = 500;

    private final Path work;
    private final Path root;
    private final Path bundle;
    private final int records;
    private final int repeats;
    private LocalStack stack;
    private ConnectClient atLeastOnce;
    private ConnectClient exactlyOnce;
    private HttpServer server;
    private final Receiver receiver = new Receiver();
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
        BenchFiles.deleteRecursively(work);
        List<byte[]> events = events(records);
        Pages pages = new Pages(events, PAGE);
        int warmup = Math.max(PAGE * 10, records / 5);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        server.setExecutor(threads);
        server.createContext("/events", pages::serve);
        server.createContext("/ingest", receiver::serve);
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
            Result[] warm = sources(events.subList(0, warmup), warmup);
            sinks(warm[0].topic(), warmup);
            List<Result[]> runs = new ArrayList<>();
            List<Result[]> sinkRuns = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                Result[] measured = sources(events, records);
                runs.add(measured);
                sinkRuns.add(sinks(measured[0].topic(), records));
            }
            Result[] measured = Result.medians(runs);
            Result[] sinks = Result.medians(sinkRuns);
            System.out.println();
            System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + ")");
            for (Result r : measured) {
                System.out.println(r.line());
            }
            for (Result r : sinks) {
                System.out.println(r.line());
            }
            System.out.println("Ratios of the medians");
            for (int i = 1; i < measured.length; i++) {
                System.out.println(Result.ratio(measured[i], measured[0], 0.5));
            }
            System.out.println(Result.ratio(sinks[1], sinks[0], 0.7));
            System.out.println(Result.ratio(sinks[2], sinks[0], 0.7));
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
        config.put("connector.class", "io.tributary.connect.source.http.HttpSourceConnector");
        config.put("topic", topic);
        config.put("http.url", "http://127.0.0.1:" + server.getAddress().getPort() + "/events?limit=" + count);
        config.putAll(Map.of("pagination.type", "cursor", "pagination.cursor.pointer", "/next",
                "pagination.param", "cursor", "response.records.pointer", "/data", "output", output,
                "poll.interval.ms", "600000", "value.converter", converter, "value.converter.schemas.enable", "false"));
        if (connect == exactlyOnce) {
            config.put("exactly.once.support", "required");
        }
        connect.configure(name, config);
        BenchTopics.awaitEndOffsets(stack.bootstrapServers(), topic, PARTITIONS, count);
        long done = System.currentTimeMillis();
        connect.delete(name);
        return new Result("HTTP source, " + output + ", " + guarantee, count, (done - first(topic)) / 1000.0, topic);
    }

    /** The raw client and our sink, each posting the topic's records in JSON arrays of 500. */
    private Result[] sinks(String topic, int count) throws Exception {
        return new Result[] {rawClient(topic, count), ourSink(topic, count, true), ourSink(topic, count, false)};
    }

    private Result rawClient(String topic, int count) throws Exception {
        String path = "/ingest/raw-" + (run++);
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        HttpClient client = HttpClient.newHttpClient();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "raw-client-" + run, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        Receiver.Count counted = receiver.expect(path, count);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH * 256);
            int inBatch = 0;
            int read = 0;
            while (read < count) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    batch.write(inBatch == 0 ? '[' : ',');
                    batch.writeBytes(record.value());
                    read++;
                    if (++inBatch == BATCH || read == count) {
                        batch.write(']');
                        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.toByteArray())).build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException("the receiver answered " + response.statusCode());
                        }
                        batch.reset();
                        inBatch = 0;
                    }
                }
            }
        }
        counted.await();
        return new Result("raw HTTP client, arrays of " + BATCH, count, counted.seconds(), topic);
    }

    /**
     * Our sink posting the records as they are in the topic ({@code http.body.raw.enabled}, ByteArrayConverter: what
     * the raw client does), or converted (JsonConverter to maps, then written as JSON again).
     */
    private Result ourSink(String topic, int count, boolean raw) throws Exception {
        String path = "/ingest/sink-" + (run++);
        String name = "http-sink-" + run;
        Receiver.Count counted = receiver.expect(path, count);
        atLeastOnce.configure(name, Map.ofEntries(
                Map.entry("connector.class", "io.tributary.connect.sink.http.HttpSinkConnector"),
                Map.entry("topics", topic),
                Map.entry("http.url", "http://127.0.0.1:" + server.getAddress().getPort() + path),
                Map.entry("batch.format", "json-array"), Map.entry("batch.max.records", String.valueOf(BATCH)),
                Map.entry("batch.max.bytes", "4194304"), Map.entry("batch.linger.ms", "100"),
                Map.entry("consumer.override.max.poll.records", "5000"),
                Map.entry("http.body.raw.enabled", String.valueOf(raw)),
                Map.entry("value.converter", raw ? "org.apache.kafka.connect.converters.ByteArrayConverter"
                        : "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "false")));
        counted.await();
        atLeastOnce.delete(name);
        return new Result("HTTP sink, arrays of " + BATCH + (raw ? ", raw values" : ", JsonConverter"), count,
                counted.seconds(), topic);
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
     * The receiving end: counts the records of each path's requests (by their "event_id" fields, without parsing)
     * and when the first request and the last expected record arrived.
     */
    private static final class Receiver {
        private static final byte[] FIELD = "\"event_id\"".getBytes(StandardCharsets.UTF_8);
        private final Map<String, Count> counts = new java.util.concurrent.ConcurrentHashMap<>();

        static final class Count {
            private final long expected;
            private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
            private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            private volatile long firstNanos;
            private volatile long lastNanos;

            Count(long expected) {
                this.expected = expected;
            }

            synchronized void add(long records) {
                long now = System.nanoTime();
                if (firstNanos == 0) {
                    firstNanos = now;
                }
                if (received.addAndGet(records) >= expected && lastNanos == 0) {
                    lastNanos = now;
                    done.countDown();
                }
            }

            void await() throws InterruptedException {
                done.await();
            }

            double seconds() {
                return (lastNanos - firstNanos) / 1e9;
            }
        }

        Count expect(String path, long records) {
            Count count = new Count(records);
            counts.put(path, count);
            return count;
        }

        void serve(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Count count = counts.get(exchange.getRequestURI().getPath());
            if (count != null) {
                count.add(occurrences(body));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        }

        private static long occurrences(byte[] body) {
            long n = 0;
            outer:
            for (int i = 0; i <= body.length - FIELD.length; i++) {
                for (int j = 0; j < FIELD.length; j++) {
                    if (body[i + j] != FIELD[j]) {
                        continue outer;
                    }
                }
                n++;
                i += FIELD.length - 1;
            }
            return n;
        }
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
