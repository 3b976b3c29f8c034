package io.tributary.connect.sink.http.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tributary.testsupport.ConnectRest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The receiving end of the ITs on 127.0.0.1: takes JSON arrays of {@code {"id": n, ...}}, refuses with 422 the
 * requests holding an id {@code refuse} matches, and counts what it got twice over: every id received (copies
 * included), and — as a receiver using the sink's idempotency key would — records new to it. The key names the
 * partition and offsets of a request, and each partition's requests arrive in offset order, so a record at or below
 * the highest offset already accepted for its partition is a repeat.
 */
final class LoopbackEndpoint implements AutoCloseable {

    static final String KEY_HEADER = "Idempotency-Key";

    final Map<Long, Integer> copies = new ConcurrentHashMap<>();
    final Set<Long> accepted = ConcurrentHashMap.newKeySet();
    final AtomicLong repeats = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    /** The paths requests were sent to, and the partitions their idempotency keys named. */
    final Set<String> paths = ConcurrentHashMap.newKeySet();
    final Set<String> keyPartitions = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> highestOffset = new HashMap<>();
    private final Predicate<Long> refuse;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    LoopbackEndpoint(Predicate<Long> refuse) {
        this.refuse = refuse;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        paths.add(exchange.getRequestURI().getPath());
        JsonNode batch = ConnectRest.JSON.readTree(exchange.getRequestBody().readAllBytes());
        for (JsonNode record : batch) {
            if (refuse.test(record.path("id").asLong())) {
                answer(exchange, 422, "id " + record.path("id").asLong() + " is refused");
                return;
            }
        }
        for (JsonNode record : batch) {
            copies.merge(record.path("id").asLong(), 1, Integer::sum);
        }
        String key = exchange.getRequestHeaders().getFirst(KEY_HEADER);
        if (key != null) {
            deduplicate(key, batch);
        }
        answer(exchange, 200, "");
    }

    /** {@code <topic>-<partition>-<first>-<last>}: records above the partition's highest accepted offset are new. */
    private synchronized void deduplicate(String key, JsonNode batch) {
        String[] parts = key.split("-");
        long first = Long.parseLong(parts[parts.length - 2]);
        long last = Long.parseLong(parts[parts.length - 1]);
        String partition = key.substring(0, key.length() - parts[parts.length - 1].length()
                - parts[parts.length - 2].length() - 2);
        keyPartitions.add(partition);
        long highest = highestOffset.getOrDefault(partition, -1L);
        if (last - first + 1 != batch.size()) {
            throw new IllegalStateException("key " + key + " names " + (last - first + 1) + " offsets for "
                    + batch.size() + " records");
        }
        for (int i = 0; i < batch.size(); i++) {
            if (first + i > highest) {
                accepted.add(batch.get(i).path("id").asLong());
            } else {
                repeats.incrementAndGet();
            }
        }
        highestOffset.put(partition, Math.max(highest, last));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
