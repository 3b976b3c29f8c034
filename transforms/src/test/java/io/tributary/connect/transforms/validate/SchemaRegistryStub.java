package io.tributary.connect.transforms.validate;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 speaking the Confluent Schema Registry's subject-version endpoint, serving schemas
 * the test registers. (Confluent's registry itself is not available from Maven Central and would need Kafka of its
 * own; the protocol peer is what the validator talks to.)
 */
final class SchemaRegistryStub implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Map<Integer, String>> subjects = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile boolean down;

    SchemaRegistryStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/subjects/", exchange -> {
            requests.incrementAndGet();
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String subject = parts[2];
            String version = parts[4];
            Map<Integer, String> versions = subjects.getOrDefault(subject, Map.of());
            int number = version.equals("latest") ? versions.keySet().stream().max(Integer::compare).orElse(-1)
                    : Integer.parseInt(version);
            String schema = versions.get(number);
            int status = down ? 503 : schema == null ? 404 : 200;
            String body = status != 200 ? "{\"error_code\": " + status + "}" : "{\"subject\": \"" + subject + "\", \"version\": "
                    + number + ", \"id\": " + (100 + number) + ", \"schemaType\": \"JSON\", \"schema\": "
                    + quote(schema) + "}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    void register(String subject, int version, String schema) {
        subjects.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(version, schema);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
