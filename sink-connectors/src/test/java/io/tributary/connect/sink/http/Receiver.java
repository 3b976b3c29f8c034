package io.tributary.connect.sink.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers as the test scripts it: a status, headers,
 * a body, after a delay, or by closing the connection without an answer.
 */
final class Receiver implements AutoCloseable {

    record Request(int n, String method, String path, String query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Answer(int status, Map<String, String> headers, String body, long delayMs, boolean reset) {
        static Answer ok() {
            return status(200);
        }

        static Answer status(int status) {
            return new Answer(status, Map.of(), "", 0, false);
        }

        static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body, 0, false);
        }

        static Answer closeWithoutAnswer() {
            return new Answer(0, Map.of(), "", 0, true);
        }

        Answer after(long delayMs) {
            return new Answer(status, headers, body, delayMs, reset);
        }

        Answer header(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Answer(status, more, body, delayMs, reset);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile Function<Request, Answer> script = request -> Answer.ok();
    private final AtomicInteger count = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Another path answered by its own handler (a token endpoint). */
    void route(String path, Function<Request, Answer> handler) {
        server.createContext(path, exchange -> answer(exchange, handler.apply(read(exchange, false))));
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = read(exchange, true);
        answer(exchange, script.apply(request));
    }

    private Request read(HttpExchange exchange, boolean record) throws IOException {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        Request request = new Request(record ? count.incrementAndGet() : 0, exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(), headers,
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (record) {
            requests.add(request);
        }
        return request;
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        if (answer.delayMs() > 0) {
            try {
                Thread.sleep(answer.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (answer.reset()) {
            exchange.close();   // no status line: the client sees the connection closed mid-exchange
            return;
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<String> bodies() {
        return requests.stream().map(Request::body).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
