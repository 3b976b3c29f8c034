package io.tributary.generator.sink;

import io.tributary.generator.GeneratedEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs lines to an HTTP endpoint as NDJSON batches of {@code batchSize} lines (one line a request when 1).
 * Answers 429 and 503 are retried after their {@code Retry-After} (or a second); other non-2xx answers fail the run.
 */
public final class HttpSink implements EventSink {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final int batchSize;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    private int inBatch;
    private long requests;

    public HttpSink(URI uri, int batchSize) {
        this.uri = uri;
        this.batchSize = Math.max(1, batchSize);
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException, InterruptedException {
        body.write(event.bytes());
        body.write('\n');
        if (++inBatch >= batchSize) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException, InterruptedException {
        if (inBatch == 0) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", batchSize == 1 ? "application/json" : "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        while (true) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            requests++;
            int status = response.statusCode();
            if (status / 100 == 2) {
                break;
            }
            if (status == 429 || status == 503) {
                long seconds = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                Thread.sleep(seconds * 1000L);
                continue;
            }
            throw new IOException("POST " + uri + " answered " + status);
        }
        body.reset();
        inBatch = 0;
    }

    public long requests() {
        return requests;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        flush();
    }
}
