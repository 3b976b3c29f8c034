package io.tributary.connect.sink.http.client;

import io.tributary.connect.common.http.ResilientHttp;
import io.tributary.connect.sink.http.config.HttpSinkConfig.BatchFormat;
import io.tributary.connect.sink.http.render.BodyFormat;
import io.tributary.connect.sink.http.render.RenderedRecord;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The endpoint records are sent to: one request per batch, through {@link ResilientHttp} (credentials, retries
 * with backoff and Retry-After, rate limit, circuit breaker). Every attempt of a batch carries the same idempotency
 * key, so a server that saw a request whose answer was lost can tell the retry apart.
 */
public final class HttpEndpoint {

    /** How much of a response body an error message quotes. */
    static final int EXCERPT_CHARS = 256;

    private final ResilientHttp http;
    private final String method;
    private final BatchFormat format;
    private final String idempotencyHeader;

    public HttpEndpoint(ResilientHttp http, String method, BatchFormat format, String idempotencyHeader) {
        this.http = http;
        this.method = method;
        this.format = format;
        this.idempotencyHeader = idempotencyHeader;
    }

    /**
     * Sends {@code batch} (records with one route) and returns the final response after retries; throws the I/O
     * error that outlasted them, or {@code CallNotPermittedException} while the circuit breaker is open.
     */
    public HttpResponse<byte[]> send(List<RenderedRecord> batch) throws IOException, InterruptedException {
        RenderedRecord first = batch.get(0);
        byte[] body = BodyFormat.join(format, batch);
        String key = idempotencyKey(batch);
        return http.send(first.uri(), request -> {
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            for (RenderedRecord.Header header : first.headers()) {
                request.setHeader(header.name(), header.value());
            }
            if (!idempotencyHeader.isEmpty()) {
                request.setHeader(idempotencyHeader, key);
            }
        });
    }

    /**
     * {@code <topic>-<partition>-<first offset>-<last offset>} of a batch, by the topic-partition the records were
     * read from (before transforms): the same records get the same key however the connector's transforms rename
     * them, and two topics routed to one name never share a key.
     */
    public static String idempotencyKey(List<RenderedRecord> batch) {
        RenderedRecord first = batch.get(0);
        return first.record().originalTopic() + "-" + first.record().originalKafkaPartition() + "-" + first.offset()
                + "-" + batch.get(batch.size() - 1).offset();
    }

    /** {@code POST http://host/path}: the request, for messages. */
    public String describe(URI uri) {
        return method + " " + uri;
    }

    /** The start of a response body, for error messages: servers explain a refusal there. */
    public static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(no body)";
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= EXCERPT_CHARS ? text
                : text.substring(0, EXCERPT_CHARS) + "... (" + body.length + " bytes)";
    }

    /** Requests sent, every attempt counted. */
    public long requests() {
        return http.requests();
    }

    public ResilientHttp http() {
        return http;
    }
}
