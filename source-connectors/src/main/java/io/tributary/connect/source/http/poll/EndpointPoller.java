package io.tributary.connect.source.http.poll;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.tributary.connect.common.data.StableSchema;
import io.tributary.connect.common.registry.LatestRegisteredSchema;
import io.tributary.connect.common.dlq.DeadLetter;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.common.http.ResilientHttp;
import io.tributary.connect.source.http.HttpSourceMetrics;
import io.tributary.connect.source.http.config.EndpointSpec;
import io.tributary.connect.source.http.config.HttpSourceConfig.Method;
import io.tributary.connect.source.http.config.HttpSourceConfig.Output;
import io.tributary.connect.source.http.config.HttpSourceConfig.PaginationType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Polls one endpoint, a page per call: builds the request from the {@link Position} (cursor, watermark), reads the
 * response into records, and moves on — to the next page at once, or, at the end of a pass, to rest for the poll
 * interval. Each record carries the position after it as its source offset, so a restart resumes exactly there.
 *
 * <p>Failures: I/O errors and retried statuses that outlast their retries, or an open circuit breaker, make the
 * endpoint rest and try the same page again later (logged, counted). A response that is not what the config says
 * (not JSON, no records array) goes to the dead-letter topic, and the page is tried again after the interval. Any
 * other status — a 4xx such as 401, 403, 404 that retrying will not heal — fails the task with the endpoint named,
 * so the connector's status shows it.
 */
public final class EndpointPoller {

    private static final Logger log = LoggerFactory.getLogger(EndpointPoller.class);
    private static final int ERROR_BODY_CHARS = 500;

    private final EndpointSpec spec;
    private final ResilientHttp http;
    private final HttpSourceMetrics metrics;
    private final RecordConverter converter;
    private final Page.ValueReader reader;
    private final Map<String, String> partition;
    private final String connector;
    private final int task;
    private final LongSupplier clock;
    private final ExecutorService prefetcher;
    private Position position;
    private long dueAtMs;
    private Prefetch prefetch;
    private boolean goesOn;
    private long requestsCounted;
    private long waitsCounted;

    /** A request sent ahead, for the page at {@code uri}. */
    private record Prefetch(URI uri, Future<HttpResponse<byte[]>> response) {
    }

    public EndpointPoller(EndpointSpec spec, ResilientHttp http, Position position, HttpSourceMetrics metrics,
                          String connector, int task, LongSupplier clockMs) {
        this.spec = spec;
        this.http = http;
        this.position = position;
        this.metrics = metrics;
        this.converter = new RecordConverter(spec, initialSchema(spec));
        this.reader = converter.reader();
        this.partition = partition(spec.name());
        this.connector = connector;
        this.task = task;
        this.clock = clockMs;
        http.retry().getEventPublisher().onRetry(event -> metrics.retries.increment());
        this.prefetcher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "http-source-" + connector + "-" + spec.name() + "-prefetch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Where an inferred schema starts: the latest one registered for the topic, when a registry is known. */
    private static Schema initialSchema(EndpointSpec spec) {
        if (spec.output() != Output.STRUCT || spec.schema() != null || spec.schemaRegistryUrl() == null) {
            return null;
        }
        Schema latest = LatestRegisteredSchema.fetch(spec.schemaRegistryUrl(), spec.schemaSubject());
        if (latest != null) {
            log.info("Endpoint '{}' starts from the latest schema registered for subject '{}' ({} fields)",
                    spec.name(), spec.schemaSubject(), latest.fields().size());
        }
        return latest;
    }

    /** The source partition of an endpoint: offsets are kept per endpoint name. */
    public static Map<String, String> partition(String endpoint) {
        return Map.of("endpoint", endpoint);
    }

    public String name() {
        return spec.name();
    }

    public long dueAtMs() {
        return dueAtMs;
    }

    public Position position() {
        return position;
    }

    /** True when the last poll read a page with another to follow at once. */
    public boolean passGoesOn() {
        return goesOn;
    }

    /** Reads the next page; returns its records (and dead letters), possibly none. */
    public List<SourceRecord> poll() throws InterruptedException {
        goesOn = false;
        URI uri = requestUri();
        Future<HttpResponse<byte[]>> pending = null;
        if (prefetch != null) {
            if (prefetch.uri().equals(uri)) {
                pending = prefetch.response();
            } else {
                prefetch.response().cancel(true);
            }
            prefetch = null;
        }
        HttpResponse<byte[]> response;
        try {
            response = pending != null ? pending.get() : fetch(uri, describe(position));
        } catch (ExecutionException e) {
            return failed(uri, e.getCause());
        } catch (CancellationException | CallNotPermittedException | IOException e) {
            return failed(uri, e);
        } finally {
            countRequests();
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            metrics.status2xx.increment();
            List<SourceRecord> records = page(uri, response);
            if (goesOn) {
                prefetchNext();
            }
            return records;
        }
        (status / 100 == 4 ? metrics.status4xx : metrics.status5xx).increment();
        if (status >= 500 || http.retried(status)) {
            log.warn("Endpoint '{}': {} {} still answered {} after its retries; the same page is asked for again "
                    + "in {} ms", spec.name(), spec.method(), uri, status, spec.pollIntervalMs());
            return rest();
        }
        throw new ConnectException("Endpoint '" + spec.name() + "': " + spec.method() + " " + uri + " answered "
                + status + " (" + bodyExcerpt(response) + "). Retrying does not heal a " + status + ": check the "
                + "endpoint's URL and credentials, then restart the task.");
    }

    /**
     * The next page of a pass is asked for while Connect converts and sends this one: the request depends only on
     * the position, which nothing else moves before the next {@link #poll}.
     */
    private void prefetchNext() {
        URI next = requestUri();
        Consumer<HttpRequest.Builder> request = describe(position);
        prefetch = new Prefetch(next, prefetcher.submit(() -> fetch(next, request)));
    }

    private HttpResponse<byte[]> fetch(URI uri, Consumer<HttpRequest.Builder> request)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<byte[]> response = http.send(uri, request);
        metrics.latencyMs.add((System.nanoTime() - started) / 1_000_000);
        return response;
    }

    private List<SourceRecord> failed(URI uri, Throwable error) throws InterruptedException {
        if (error instanceof InterruptedException interrupted) {
            throw interrupted;
        }
        if (error instanceof CallNotPermittedException) {
            metrics.breakerRejections.increment();
            log.warn("Endpoint '{}': the circuit breaker is open after repeated failures; next try in {} ms",
                    spec.name(), spec.pollIntervalMs());
            return rest();
        }
        if (error instanceof IOException || error instanceof CancellationException) {
            metrics.ioErrors.increment();
            log.warn("Endpoint '{}': {} {} failed after its retries ({}); the same page is asked for again in {} ms",
                    spec.name(), spec.method(), uri, error.toString(), spec.pollIntervalMs());
            return rest();
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new ConnectException("Endpoint '" + spec.name() + "': " + uri + " failed", error);
    }

    private void countRequests() {
        long requests = http.requests();
        long waits = http.rateLimitWaits();
        metrics.requests.add(requests - requestsCounted);
        metrics.rateLimitWaits.add(waits - waitsCounted);
        requestsCounted = requests;
        waitsCounted = waits;
    }

    /** Stops a prefetch under way. */
    public void close() {
        prefetcher.shutdownNow();
    }

    private List<SourceRecord> page(URI uri, HttpResponse<byte[]> response) {
        Page page;
        try {
            page = Page.read(spec, response, uri, position.cursor(), reader);
        } catch (Page.BadResponse e) {
            log.warn("Endpoint '{}': the response of {} {} cannot be read ({}); it goes to {} and the page is asked "
                    + "for again in {} ms", spec.name(), spec.method(), uri, e.getMessage(), spec.dlqTopic(),
                    spec.pollIntervalMs());
            byte[] body = response.body();
            List<SourceRecord> out = new ArrayList<>(rest());
            out.add(deadLetter(uri, response.statusCode(), "response", e.getMessage(), body, 0, body.length)
                    .build(partition, position.toOffset()));
            metrics.deadLettered.increment();
            return out;
        }
        metrics.pages.increment();
        List<Page.Slice> slices = page.records();
        List<Object> read = page.values();
        Position at = position;
        StableSchema.Fit fit = converter.schemaFor(read, at.index() + 1);
        Schema schema = fit == null ? null : fit.schema();
        if (fit != null && fit.changed()) {
            log.info("Endpoint '{}': the records of {} need a wider schema; it grows compatibly to fields {}",
                    spec.name(), uri, schema.fields().stream().map(f -> f.name() + ":" + f.schema().type()).toList());
        }
        List<SourceRecord> out = new ArrayList<>(slices.size());
        for (int i = at.index() + 1; i < slices.size(); i++) {
            Page.Slice slice = slices.get(i);
            Object record = read.get(i);
            String text = spec.output() == Output.STRING || spec.incremental() != null && spec.incrementalId() == null
                    ? RecordConverter.text(page, slice) : null;
            String value = RecordConverter.text(record, spec.incremental());
            String id = spec.incremental() == null ? null
                    : spec.incrementalId() == null ? text : RecordConverter.text(record, spec.incrementalId());
            if (at.sentBefore(value, id)) {
                metrics.overlapSkipped.increment();
                at = at.took(i, null, null);
                continue;
            }
            at = at.took(i, value, id);
            try {
                String misfit = fit == null ? null : fit.problem(i);
                if (misfit != null) {
                    throw new DataException(misfit);
                }
                out.add(converter.convert(record, text, schema, partition, at.toOffset()));
                metrics.records.increment();
            } catch (DataException e) {
                out.add(deadLetter(uri, response.statusCode(), "record", e.getMessage(), page.body(), slice.offset(),
                        slice.length()).build(partition, at.toOffset()));
                metrics.deadLettered.increment();
            }
        }
        String next = page.next();
        if (!slices.isEmpty() && next != null) {
            position = at.nextPage(next);   // the pass goes on at once
            dueAtMs = clock.getAsLong();
            goesOn = true;
        } else {
            if (spec.incremental() != null) {
                position = at.nextPass();
            } else if (slices.isEmpty() && next != null) {
                position = at.nextPage(next);   // a feed's fresh cursor: asked for after the interval
            } else {
                position = at;   // stay on the last page: later records on it are read next time
            }
            dueAtMs = clock.getAsLong() + spec.pollIntervalMs();
        }
        return out;
    }

    private List<SourceRecord> rest() {
        dueAtMs = clock.getAsLong() + spec.pollIntervalMs();
        return List.of();
    }

    private DeadLetter deadLetter(URI uri, int status, String stage, String message, byte[] body, int offset,
                                  int length) {
        return DeadLetter.to(spec.dlqTopic()).value(body, offset, length, spec.dlqMaxValueBytes())
                .error(stage, DataException.class.getName(), message).origin(connector, task)
                .header(ErrorHeaders.SOURCE_ENDPOINT, spec.name()).header(ErrorHeaders.SOURCE_URL, uri.toString())
                .header(ErrorHeaders.SOURCE_STATUS, status);
    }

    private static String bodyExcerpt(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8).strip();
        if (body.isEmpty()) {
            return "no body";
        }
        return "body: " + (body.length() <= ERROR_BODY_CHARS ? body : body.substring(0, ERROR_BODY_CHARS) + "...");
    }

    /** What the templates may use: {@code ${offset.cursor}} and {@code ${offset.timestamp}}. */
    private Map<String, Object> templateValues(Position at) {
        Map<String, Object> offset = new HashMap<>();
        offset.put("cursor", cursorValue(at));
        offset.put("timestamp", at.since() == null ? "" : at.since());
        return Map.of("offset", offset);
    }

    private String cursorValue(Position at) {
        if (spec.pagination() == PaginationType.PAGE || spec.pagination() == PaginationType.OFFSET) {
            return at.cursor() == null ? String.valueOf(spec.start()) : at.cursor();
        }
        return at.cursor() == null ? "" : at.cursor();
    }

    URI requestUri() {
        if (spec.pagination() == PaginationType.LINK && position.cursor() != null) {
            return URI.create(position.cursor());   // a next link carries its query whole
        }
        Map<String, Object> values = templateValues(position);
        StringBuilder url = new StringBuilder(spec.url().render(values, spec.topic()));
        List<String[]> query = new ArrayList<>();
        for (EndpointSpec.NamedTemplate param : spec.params()) {
            query.add(new String[] {param.name(), param.value().render(values, spec.topic())});
        }
        boolean cursorParam = !spec.paginationParam().isEmpty() && switch (spec.pagination()) {
            case CURSOR -> position.cursor() != null;
            case PAGE, OFFSET -> true;
            default -> false;
        };
        if (cursorParam) {
            query.add(new String[] {spec.paginationParam(), cursorValue(position)});
        }
        if (!spec.limitParam().isEmpty() && spec.limit() > 0) {
            query.add(new String[] {spec.limitParam(), String.valueOf(spec.limit())});
        }
        char separator = url.indexOf("?") < 0 ? '?' : '&';
        for (String[] parameter : query) {
            url.append(separator).append(URLEncoder.encode(parameter[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter[1] == null ? "" : parameter[1], StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(url.toString());
    }

    /** Method, headers and body of the request for a position, rendered now. */
    private Consumer<HttpRequest.Builder> describe(Position at) {
        Map<String, Object> values = templateValues(at);
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("Accept", "application/json");
        for (EndpointSpec.NamedTemplate header : spec.headers()) {
            String value = header.value().render(values, spec.topic());
            headers.put(header.name(), value == null ? "" : value);
        }
        String body = spec.method() == Method.POST ? spec.body().render(values, spec.topic()) : null;
        return request -> {
            headers.forEach(request::setHeader);
            if (body != null) {
                request.setHeader("Content-Type", "application/json");
                request.POST(HttpRequest.BodyPublishers.ofString(body));
            } else if (spec.method() == Method.POST) {
                request.POST(HttpRequest.BodyPublishers.noBody());
            } else {
                request.GET();
            }
        };
    }
}
