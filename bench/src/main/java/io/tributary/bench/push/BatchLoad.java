package io.tributary.bench.push;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Batches for the HTTP listener on loopback, posted with the JDK {@link HttpClient} over HTTP/1.1 (one kept-alive
 * connection per request in flight): what a Java service posting its events would use.
 */
final class BatchLoad {

    private static final byte[] WRITTEN = "{\"written\":".getBytes(StandardCharsets.UTF_8);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    BatchLoad(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/events/batch");
    }

    /** A run: events Kafka acknowledged (the responses' "written"), requests, requests refused and sent again. */
    record Run(long acknowledged, long requests, long resent, double seconds) {
    }

    /**
     * Posts {@code events} as JSON arrays of {@code batch} to {@code /events/batch}, {@code concurrency} requests in
     * flight (a thread each, sending synchronously). A request refused for a full queue (429/503) is sent again
     * after its Retry-After, as a client must. The bodies are built before the clock starts (the raw producer's
     * events, too, are in memory); the time runs from the first request to the last response.
     */
    Run run(List<byte[]> events, int batch, int concurrency) throws Exception {
        int requests = (events.size() + batch - 1) / batch;
        List<byte[]> bodies = new ArrayList<>(requests);
        for (int r = 0; r < requests; r++) {
            bodies.add(jsonArray(events.subList(r * batch, Math.min(events.size(), (r + 1) * batch))));
        }
        AtomicInteger next = new AtomicInteger();
        LongAdder acknowledged = new LongAdder();
        LongAdder resent = new LongAdder();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                running.add(threads.submit(() -> {
                    for (int r = next.getAndIncrement(); r < requests; r = next.getAndIncrement()) {
                        int size = Math.min(batch, events.size() - r * batch);
                        acknowledged.add(post(bodies.get(r), size, resent));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Run(acknowledged.sum(), requests, resent.sum(), seconds);
    }

    /** One batch until it is answered 200 (or 207: some events unreadable); the events written. */
    private long post(byte[] body, int events, LongAdder resent) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        while (true) {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 200 || status == 207) {
                return written(response.body(), events);
            }
            if (status != 429 && status != 503) {
                throw new IOException("the listener answered " + status + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            resent.increment();
            long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        }
    }

    /** The count of {@code {"written":N,...}}, which the listener puts first. */
    private static long written(byte[] body, int events) throws IOException {
        for (int i = 0; i < WRITTEN.length; i++) {
            if (i >= body.length || body[i] != WRITTEN[i]) {
                throw new IOException("not a batch answer: " + new String(body, 0, Math.min(body.length, 200),
                        StandardCharsets.UTF_8));
            }
        }
        long n = 0;
        for (int i = WRITTEN.length; i < body.length && body[i] >= '0' && body[i] <= '9'; i++) {
            n = n * 10 + body[i] - '0';
        }
        if (n > events) {
            throw new IOException(n + " written of " + events + " sent");
        }
        return n;
    }

    private static byte[] jsonArray(List<byte[]> events) {
        int size = 2 + events.size();
        for (byte[] e : events) {
            size += e.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.write('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(events.get(i));
        }
        out.write(']');
        return out.toByteArray();
    }
}
