package io.tributary.bench.file;

import com.sun.net.httpserver.HttpServer;
import io.tributary.bench.BenchFiles;
import io.tributary.bench.BenchPorts;
import io.tributary.bench.BenchTopics;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;
import io.tributary.launcher.security.Principals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./tributary bench file --avro}: the file source writing the same JSON lines as Structs ({@code output=struct},
 * schema inferred) through Apicurio's AvroConverter against the real registry, and through Kafka's JsonConverter, in
 * one run on one stack, alternating within each pass; medians, their ratio, record count and span. The converter
 * reaches the registry through a counting proxy on loopback: the requests it made during the measured passes are
 * printed, which shows whether the registry is on the per-record path (it must not be: the converter caches the
 * schema and its id).
 */
public final class FileAvroBench {

    /** The plain file bench's producer settings and partitions: the same file source, another converter. */
    private static final Map<String, String> PRODUCER = FileBench.PRODUCER;
    private static final int PARTITIONS = FileBench.PARTITIONS;

    private final Path work;
    private final Path root;
    private final Path bundle;
    private final int records;
    private final int warmup;
    private final int repeats;
    private final URI registry = URI.create(System.getenv().getOrDefault("TRIBUTARY_REGISTRY_URL",
            "http://127.0.0.1:8081"));
    private final AtomicLong registryRequests = new AtomicLong();
    private Map<String, Object> client;
    private ConnectClient connect;
    private int run;

    public FileAvroBench(Path home, Path root, Path bundle, int records, int repeats) {
        this.work = home.resolve("bench/file-avro");
        this.root = root;
        this.bundle = bundle;
        this.records = records;
        this.repeats = repeats;
        this.warmup = Math.max(10_000, records / 5);
    }

    public void run() throws Exception {
        System.out.println("file benchmark, Avro through the registry against JSON: " + Machine.describe());
        checkRegistry();
        BenchFiles.deleteRecursively(work);
        BenchFiles.EventFiles input = BenchFiles.eventFiles(work, records, warmup);
        Path full = input.full();
        Path small = input.warmup();
        HttpServer proxy = countingProxy();
        String converterUrl = "http://127.0.0.1:" + proxy.getAddress().getPort() + "/apis/registry/v2";
        StackSettings settings = StackSettings.defaults(work.resolve("stack"), bundle,
                        root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withWorkerOverrides(Map.of("exactly.once.source.support", "disabled", "offset.flush.interval.ms", "1000"))
                // Free ports rather than up's defaults, so a ./tributary up on this machine is left alone.
                .withPorts(BenchPorts.free(), BenchPorts.free(), BenchPorts.free());
        try (LocalStack local = LocalStack.start(settings, System.out)) {
            client = local.clientConfig(Principals.DEMO);
            connect = new ConnectClient(local.restUrl());
            System.out.println("  warming up ...");
            source(small, json());
            source(small, avro(converterUrl));
            List<Result[]> runs = new ArrayList<>();
            long requestsBefore = registryRequests.get();
            List<String> avroTopics = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                Result jsonRun = source(full, json());
                Result avroRun = source(full, avro(converterUrl));
                avroTopics.add(avroRun.topic());
                runs.add(new Result[] {jsonRun, avroRun});
            }
            long requests = registryRequests.get() - requestsBefore;
            Result[] medians = Result.medians(runs);
            System.out.println();
            System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + ")");
            for (Result r : medians) {
                System.out.println(r.line());
            }
            System.out.println("Ratio of the medians");
            System.out.println(Result.ratio(medians[1], medians[0], 0.7));
            System.out.printf("Registry requests during the %d measured Avro runs (%,d records each): %d "
                            + "(%.6f per record); versions registered per topic: %s%n", repeats, records, requests,
                    (double) requests / ((long) records * repeats), versions(avroTopics));
        } finally {
            proxy.stop(0);
        }
    }

    private Map<String, String> json() {
        return Map.of("value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false");
    }

    private static Map<String, String> avro(String url) {
        return Map.of("value.converter", "io.apicurio.registry.utils.converter.AvroConverter",
                "value.converter.apicurio.registry.url", url,
                "value.converter.apicurio.registry.auto-register", "true",
                "value.converter.apicurio.registry.find-latest", "true");
    }

    /** The file source reading the file into a fresh topic as Structs; span from its first record to the file done. */
    private Result source(Path file, Map<String, String> converter) throws Exception {
        boolean avro = converter.get("value.converter").contains("Avro");
        String topic = "bench-file-" + (avro ? "avro" : "json") + "-" + (run++);
        BenchTopics.create(client, topic, PARTITIONS);
        Path input = BenchFiles.spoolInput(work.resolve("in-" + run), file);
        long lines = BenchFiles.countLines(file);
        String name = "source-" + run;
        Map<String, String> config = new HashMap<>(BenchTopics.producerOverrides(PRODUCER));
        config.putAll(Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "file.path", input.toString(), "topic", topic, "format", "json", "output", "struct",
                "file.min.age.ms", "0", "batch.max.records", "20000", "poll.interval.ms", "20"));
        config.putAll(converter);
        connect.configure(name, config);
        long done = BenchFiles.awaitSpooled(input);
        connect.delete(name);
        return new Result("file source, struct, " + (avro ? "Apicurio AvroConverter" : "JsonConverter"), lines,
                (done - BenchTopics.firstTimestamp(client, topic, PARTITIONS)) / 1000.0, topic);
    }

    private void checkRegistry() throws IOException, InterruptedException {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    registry.resolve("/apis/registry/v2/system/info")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("the schema registry is not answering at " + registry
                + ": ./tributary services start registry");
    }

    /** Versions registered for each topic's value subject, read from the registry itself (not through the proxy). */
    private String versions(List<String> topics) throws IOException, InterruptedException {
        List<String> counts = new ArrayList<>();
        for (String topic : topics) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.resolve(
                    "/apis/registry/v2/groups/default/artifacts/" + topic + "-value/versions")).build(),
                    HttpResponse.BodyHandlers.ofString());
            counts.add(r.statusCode() == 200 ? r.body().replaceAll(".*\"count\"\\s*:\\s*(\\d+).*", "$1")
                    : "none (" + r.statusCode() + ")");
        }
        return String.join(", ", counts);
    }

    /** A loopback HTTP proxy to the registry that counts the requests it forwards. */
    private HttpServer countingProxy() throws IOException {
        HttpClient upstream = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        Set<String> hopByHop = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade",
                "expect", "keep-alive");
        server.createContext("/", exchange -> {
            registryRequests.incrementAndGet();
            try {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(registry.resolve(
                        exchange.getRequestURI().toString())).method(exchange.getRequestMethod(),
                        body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!hopByHop.contains(name.toLowerCase())) {
                        values.forEach(v -> request.header(name, v));
                    }
                });
                HttpResponse<byte[]> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().map().forEach((name, values) -> {
                    if (!hopByHop.contains(name.toLowerCase()) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                byte[] answer = response.body();
                exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
                if (answer.length > 0) {
                    exchange.getResponseBody().write(answer);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
        return server;
    }
}
