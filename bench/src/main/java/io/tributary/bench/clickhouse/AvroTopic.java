package io.tributary.bench.clickhouse;

import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.Headers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Avro side of the benchmark: the rows' schema registered in the real registry (Apicurio Registry, its v2 API)
 * as the topic's value artifact, each row written as Apicurio's serializers write it by default — the Avro binary
 * encoding as the value, the schema's global id in the {@code apicurio.value.globalId} header (8 bytes) — and a
 * loopback proxy to the registry that counts what the sink's converter asks it, to show that the registry is not
 * on the per-record path.
 *
 * <p>Written with Avro's own encoder, not Apicurio's serializer: the bundle (with Apicurio's converter) is in the
 * worker's plugin.path and must not be on this JVM's classpath.
 */
final class AvroTopic implements AutoCloseable {

    static final String GLOBAL_ID_HEADER = "apicurio.value.globalId";
    private static final Pattern GLOBAL_ID = Pattern.compile("\"globalId\"\\s*:\\s*(\\d+)");

    private final URI registry;
    private final Schema schema = new Schema.Parser().parse(BenchRows.AVRO_SCHEMA);
    private final GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
    private final HttpServer proxy;
    private final AtomicLong requests = new AtomicLong();
    private byte[] globalId;

    AvroTopic(URI registry) throws IOException {
        this.registry = registry;
        this.proxy = countingProxy();
    }

    /** The v2 API through the counting proxy: what the sink's converter is given. */
    String converterUrl() {
        return "http://127.0.0.1:" + proxy.getAddress().getPort() + "/apis/registry/v2";
    }

    /** Requests the proxy has forwarded so far. */
    long requests() {
        return requests.get();
    }

    /** Registers the schema as {@code <topic>-value} (or finds it), directly, not through the proxy. */
    void register(String topic) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.resolve(
                        "/apis/registry/v2/groups/default/artifacts?ifExists=RETURN_OR_UPDATE"))
                .header("Content-Type", "application/json").header("X-Registry-ArtifactId", topic + "-value")
                .header("X-Registry-ArtifactType", "AVRO").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(BenchRows.AVRO_SCHEMA)).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = GLOBAL_ID.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IOException("Registering " + topic + "-value at " + registry + " failed: "
                    + response.statusCode() + " " + response.body());
        }
        globalId = ByteBuffer.allocate(8).putLong(Long.parseLong(m.group(1))).array();
        System.out.println("  registered " + topic + "-value in the registry at " + registry + ", globalId "
                + m.group(1));
    }

    /** Row {@code i} in Avro's binary encoding, its header added to {@code headers}. */
    byte[] value(BenchRows rows, int i, Headers headers) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(rows.avro(i, schema), encoder);
            encoder.flush();
            headers.add(GLOBAL_ID_HEADER, globalId);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpServer countingProxy() throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            try (exchange; InputStream body = exchange.getRequestBody()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(registry.resolve(
                        exchange.getRequestURI().toString())).timeout(Duration.ofSeconds(30));
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type != null) {
                    request.header("Content-Type", type);
                }
                byte[] bytes = body.readAllBytes();
                request.method(exchange.getRequestMethod(), bytes.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().firstValue("Content-Type")
                        .ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1
                        : response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            } catch (IOException e) {
                byte[] message = e.toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(502, message.length);
                exchange.getResponseBody().write(message);
            }
        });
        server.start();
        return server;
    }

    @Override
    public void close() {
        proxy.stop(0);
    }
}
