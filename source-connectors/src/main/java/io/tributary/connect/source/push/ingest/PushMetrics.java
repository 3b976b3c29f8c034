package io.tributary.connect.source.push.ingest;

import io.tributary.connect.common.metrics.TaskMetrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The push sources' metrics, one set per task, exported through Connect's plugin metrics. */
public final class PushMetrics {

    private final TaskMetrics metrics;
    public final TaskMetrics.Counter requests;
    public final TaskMetrics.Counter events;
    public final TaskMetrics.Counter written;
    public final TaskMetrics.Counter deadLettered;
    public final TaskMetrics.Counter refused;
    public final TaskMetrics.Counter failed;
    public final TaskMetrics.Counter rejectedFull;
    public final TaskMetrics.Counter badRequests;
    public final TaskMetrics.Counter authFailures;
    public final TaskMetrics.Counter ackTimeouts;
    public final TaskMetrics.Counter ackLatencyMs;
    public final TaskMetrics.Counter connectionsOpened;
    public final TaskMetrics.Counter connectionsClosed;
    private final Map<String, TaskMetrics.Counter> authFailuresByCode = new ConcurrentHashMap<>();

    public PushMetrics(TaskMetrics metrics) {
        this.metrics = metrics;
        requests = metrics.counter("requests", "HTTP requests and WebSocket frames received");
        events = metrics.counter("events", "events received");
        written = metrics.counter("events-written", "events Kafka acknowledged");
        deadLettered = metrics.counter("events-dead-lettered", "events sent to the dead-letter topic");
        refused = metrics.counter("events-refused", "unreadable events refused to the client with no dead-letter "
                + "topic configured");
        failed = metrics.counter("events-failed", "events the client was told to send again (task stopping, "
                + "acknowledgement timeout, connector stopping)");
        rejectedFull = metrics.counter("requests-rejected-full", "requests refused because the queue was full "
                + "(429/503 with Retry-After)");
        badRequests = metrics.counter("requests-bad", "requests refused as malformed, too large or of the wrong "
                + "content type (4xx)");
        authFailures = metrics.counter("auth-failures", "requests and handshakes refused for their credentials "
                + "(401/403)");
        ackTimeouts = metrics.counter("ack-timeouts", "requests answered 503 because Kafka had not acknowledged "
                + "their events in ack.timeout.ms");
        ackLatencyMs = metrics.measure("ack-latency-ms", "time from receiving an event to Kafka's acknowledgement, "
                + "in ms");
        connectionsOpened = metrics.counter("connections-opened", "WebSocket connections opened");
        connectionsClosed = metrics.counter("connections-closed", "WebSocket connections closed (either side, idle "
                + "timeouts included)");
    }

    /**
     * Counts a refused credential, in total ({@code auth-failures-total}) and per reason code
     * ({@code auth-failures-by-code-total} with tag {@code code=expired}, ...).
     */
    public void authFailure(String code) {
        authFailures.increment();
        authFailuresByCode.computeIfAbsent(code == null ? "other" : code, c -> {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("code", c);
            return metrics.counter("auth-failures-by-code", "refused credentials of one reason", tags);
        }).increment();
    }

    public void gauge(String name, String description, java.util.function.Supplier<? extends Number> value) {
        metrics.gauge(name, description, value);
    }
}
