package io.tributary.connect.source.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.connect.common.data.JsonData;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A real HTTP API on 127.0.0.1 serving a growing list of records ({@code {"id", "updated_at", "name"}}) in each
 * pagination style the source supports, with an OAuth2 token endpoint, an optional credentials check, and faults
 * queued for the next requests (a status, 429 with Retry-After, a connection closed without an answer, a slow answer,
 * a body that is not JSON).
 */
final class FakeApi implements AutoCloseable {

    /** What the next request meets instead of its answer. */
    sealed interface Fault permits Status, CloseWithoutAnswer, Slow, Garbage {
    }

    record Status(int status, Map<String, String> headers) implements Fault {
    }

    record CloseWithoutAnswer() implements Fault {
    }

    record Slow(long millis) implements Fault {
    }

    record Garbage(String body) implements Fault {
    }

    static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final HttpServer server;
    private final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final AtomicInteger tokensIssued = new AtomicInteger();
    final AtomicReference<String> validToken = new AtomicReference<>();
    volatile long tokenLifetimeSeconds = 3_600;
    /** Added to every answer, so a run lasts long enough to be interrupted. */
    volatile long delayMillis;
    volatile Predicate<HttpExchange> authorized = exchange -> true;

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY each small answer waits out the
        // client's delayed ACK (~40 ms), which only slows the tests down.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/token", this::token);
        server.createContext("/", this::serve);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Adds records {@code id} from the current count, {@code updated_at} one second apart (or as given). */
    void add(int count) {
        for (int i = 0; i < count; i++) {
            int id = records.size();
            addRecord(id, EPOCH.plusSeconds(id).toString());
        }
    }

    void addRecord(int id, String updatedAt) {
        ObjectNode record = JsonData.MAPPER.createObjectNode();
        record.put("id", id);
        record.put("updated_at", updatedAt);
        record.put("name", "record " + id);
        records.add(record);
    }

    int size() {
        return records.size();
    }

    void fault(Fault fault) {
        faults.add(fault);
    }

    private void token(HttpExchange exchange) throws IOException {
        String token = "token-" + tokensIssued.incrementAndGet();
        validToken.set(token);
        send(exchange, 200, Map.of(), "{\"access_token\": \"" + token + "\", \"token_type\": \"Bearer\", "
                + "\"expires_in\": " + tokenLifetimeSeconds + "}");
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestURI().toString());
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        if (delayMillis > 0) {
            sleep(delayMillis);
        }
        Fault fault = faults.poll();
        if (fault instanceof CloseWithoutAnswer) {
            exchange.close();   // the connection ends with no status line: an I/O error at the client
            return;
        }
        if (fault instanceof Slow slow) {
            sleep(slow.millis());
        }
        if (fault instanceof Status status) {
            send(exchange, status.status(), status.headers(), "{\"error\": \"injected\"}");
            return;
        }
        if (fault instanceof Garbage garbage) {
            send(exchange, 200, Map.of(), garbage.body());
            return;
        }
        if (!authorized.test(exchange)) {
            send(exchange, 401, Map.of(), "{\"error\": \"unauthorized\"}");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int limit = Integer.parseInt(query.getOrDefault("limit", query.getOrDefault("per_page", "100")));
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/cursor" -> {
                // An opaque cursor: the index of the next record, base64-encoded.
                String cursor = query.get("cursor");
                int from = cursor == null || cursor.isEmpty() ? 0 : Integer.parseInt(new String(
                        Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
                int to = Math.min(records.size(), from + limit);
                ObjectNode body = JsonData.MAPPER.createObjectNode();
                body.set("data", array(from, to));
                body.putObject("meta").put("next_cursor", to < records.size() ? Base64.getUrlEncoder()
                        .encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)) : null);
                send(exchange, 200, Map.of(), body.toString());
            }
            case "/link" -> {
                int from = Integer.parseInt(query.getOrDefault("after", "0"));
                int to = Math.min(records.size(), from + limit);
                Map<String, String> headers = new HashMap<>();
                if (to < records.size()) {
                    headers.put("Link", "</link?after=" + to + "&limit=" + limit + ">; rel=\"next\", "
                            + "</link?after=0&limit=" + limit + ">; rel=\"first\"");
                }
                send(exchange, 200, headers, array(from, to).toString());
            }
            case "/pages" -> {
                int page = Integer.parseInt(query.getOrDefault("page", "1"));
                int from = Math.min(records.size(), (page - 1) * limit);
                send(exchange, 200, Map.of(), "{\"items\": " + array(from, Math.min(records.size(), from + limit))
                        + "}");
            }
            case "/offset" -> {
                int from = Math.min(records.size(), Integer.parseInt(query.getOrDefault("offset", "0")));
                send(exchange, 200, Map.of(), "{\"items\": " + array(from, Math.min(records.size(), from + limit))
                        + "}");
            }
            case "/since" -> {
                // Inclusive 'since', as many APIs answer: the records at the watermark come again.
                String since = query.getOrDefault("since", "");
                ArrayNode out = JsonData.MAPPER.createArrayNode();
                records.stream().filter(r -> r.get("updated_at").asText().compareTo(since) >= 0)
                        .sorted((a, b) -> a.get("updated_at").asText().compareTo(b.get("updated_at").asText()))
                        .limit(limit).forEach(out::add);
                send(exchange, 200, Map.of(), out.toString());
            }
            case "/ndjson" -> {
                StringBuilder body = new StringBuilder();
                records.forEach(r -> body.append(r).append('\n'));
                send(exchange, 200, Map.of(), body.toString());
            }
            default -> send(exchange, 404, Map.of(), "{\"error\": \"no such path " + path + "\"}");
        }
    }

    private ArrayNode array(int from, int to) {
        ArrayNode out = JsonData.MAPPER.createArrayNode();
        for (int i = from; i < to; i++) {
            out.add(records.get(i));
        }
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The ids of records, in order, for assertions. */
    static List<Integer> ids(List<org.apache.kafka.connect.source.SourceRecord> records) {
        List<Integer> ids = new ArrayList<>();
        for (var r : records) {
            Object v = r.value();
            if (v instanceof org.apache.kafka.connect.data.Struct s) {
                ids.add(s.getInt64("id").intValue());
            } else if (v instanceof Map<?, ?> m) {
                ids.add(((Number) m.get("id")).intValue());
            } else {
                try {
                    ids.add(JsonData.MAPPER.readTree((String) v).path("id").asInt());
                } catch (IOException e) {
                    throw new AssertionError("not a JSON record: " + v, e);
                }
            }
        }
        return ids;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
