package io.tributary.connect.source.listener;

import io.tributary.connect.source.listener.config.HttpListenerSourceConfig;
import io.tributary.connect.common.auth.AuthResult;
import io.tributary.connect.common.auth.RequestAuthenticator;
import io.tributary.connect.source.push.config.PushSourceConfig;
import io.tributary.connect.source.push.ingest.EventParser;
import io.tributary.connect.source.push.ingest.EventRecords;
import io.tributary.connect.source.push.ingest.Ingest;
import io.tributary.connect.source.push.ingest.IngestQueue;
import io.tributary.connect.source.push.ingest.Outcome;
import io.tributary.connect.source.push.ingest.Outcomes;
import io.tributary.connect.source.push.ingest.PushMetrics;
import io.tributary.connect.source.push.ingest.PushRecord;
import io.tributary.connect.source.push.server.Attachments;
import io.tributary.connect.source.push.server.ExchangeAuthRequest;
import io.tributary.connect.source.push.server.Responses;
import io.tributary.connect.source.push.server.TaskPool;
import io.undertow.io.Receiver;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.xnio.XnioExecutor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The listener's routes: {@code POST /events} (one JSON object), {@code POST /events/batch} (a JSON array or
 * NDJSON), {@code POST /topics/{topic}} (either, to an allowed topic). A request is checked (method, content type,
 * size, credentials), split into events, admitted whole into one task's queue or refused (429/503 with
 * Retry-After), and answered when Kafka acknowledged all its events ({@code durable}) or when queued
 * ({@code accepted}). Runs on the server's I/O threads and never blocks them.
 */
final class ListenerHandler implements HttpHandler {

    static final String EVENTS = "/events";
    static final String BATCH = "/events/batch";
    static final String TOPICS = "/topics/";
    private static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private final TaskPool<Ingest> pool;

    ListenerHandler(TaskPool<Ingest> pool) {
        this.pool = pool;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        List<Ingest> tasks = pool.inTurn();
        if (tasks.isEmpty()) {
            Responses.retryLater(exchange, 503, 1, "the connector is not running");
            return;
        }
        Ingest first = tasks.get(0);
        HttpListenerSourceConfig config = (HttpListenerSourceConfig) first.config();
        PushMetrics metrics = first.metrics();
        metrics.requests.increment();
        String path = exchange.getRelativePath();
        String topic = config.topic();
        EventParser.Shape shape;
        if (path.startsWith(TOPICS)) {
            String chosen = path.substring(TOPICS.length());
            if (!config.topicAllowlist().contains(chosen)) {
                bad(exchange, metrics, config.topicAllowlist().isEmpty() ? 404 : 403,
                        config.topicAllowlist().isEmpty() ? "no such path: " + path
                                : "topic '" + chosen + "' is not in this listener's topic.allowlist");
                return;
            }
            topic = chosen;
            shape = null;
        } else {
            shape = path.equals(EVENTS) ? EventParser.Shape.SINGLE : null;
        }
        if (!Methods.POST.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "POST");
            bad(exchange, metrics, 405, "use POST");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        EventParser.Shape byType = shapeOf(contentType);
        if (byType == null || shape == EventParser.Shape.SINGLE && byType == EventParser.Shape.NDJSON) {
            bad(exchange, metrics, 415, "content type " + (contentType == null ? "missing" : "'" + contentType + "'")
                    + " not accepted: send application/json" + (shape == EventParser.Shape.SINGLE ? ""
                    : " (an array of events) or application/x-ndjson"));
            return;
        }
        if (shape == null) {
            // A batch in JSON is an array, or a single object, or concatenated objects: whatever it holds.
            shape = byType == EventParser.Shape.NDJSON ? EventParser.Shape.NDJSON : EventParser.Shape.AUTO;
        }
        long announced = exchange.getRequestContentLength();
        if (announced > config.requestMaxBytes()) {
            bad(exchange, metrics, 413, "the body (" + announced + " bytes) is larger than request.max.bytes ("
                    + config.requestMaxBytes() + ")");
            return;
        }
        RequestAuthenticator auth = first.authenticator();
        if (!auth.needsBody() && !authenticated(exchange, auth, null, metrics)) {
            return;
        }
        String chosenTopic = topic;
        EventParser.Shape finalShape = shape;
        // Our own accumulation into one array of the announced size: Undertow's receiveFullBytes grows a stream.
        Body body = new Body(announced > 0 ? (int) announced : 16 * 1024, config.requestMaxBytes());
        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
            if (body.refused) {
                return;
            }
            if (!body.append(chunk)) {
                body.refused = true;
                bad(ex, metrics, 413, "the body is larger than request.max.bytes (" + config.requestMaxBytes() + ")");
                return;
            }
            if (last) {
                received(ex, body.bytes(), tasks, chosenTopic, finalShape);
            }
        }, (ex, e) -> {
            if (e instanceof RequestTooBigException || e instanceof Receiver.RequestToLargeException) {
                bad(ex, metrics, 413, "the body is larger than request.max.bytes (" + config.requestMaxBytes() + ")");
            } else {
                bad(ex, metrics, 400, "could not read the body: " + (e.getMessage() == null
                        ? e.getClass().getName() : e.getMessage()));
            }
        });
    }

    /** A request body read in chunks into one array, up to a limit. */
    private static final class Body {
        private byte[] buf;
        private int size;
        private final int max;
        boolean refused;

        Body(int expected, int max) {
            this.buf = new byte[Math.min(expected, max)];
            this.max = max;
        }

        boolean append(byte[] chunk) {
            if ((long) size + chunk.length > max) {
                return false;
            }
            if (size + chunk.length > buf.length) {
                buf = java.util.Arrays.copyOf(buf, (int) Math.min(max, Math.max((long) buf.length * 2,
                        (long) size + chunk.length)));
            }
            System.arraycopy(chunk, 0, buf, size, chunk.length);
            size += chunk.length;
            return true;
        }

        byte[] bytes() {
            return size == buf.length ? buf : java.util.Arrays.copyOf(buf, size);
        }
    }

    private void received(HttpServerExchange exchange, byte[] body, List<Ingest> tasks, String topic,
                          EventParser.Shape shape) {
        Ingest first = tasks.get(0);
        PushMetrics metrics = first.metrics();
        RequestAuthenticator auth = first.authenticator();
        if (auth.needsBody() && !authenticated(exchange, auth, body, metrics)) {
            return;
        }
        String principal = exchange.getAttachment(Attachments.PRINCIPAL);
        EventRecords.Origin origin = new EventRecords.Origin(topic, remote(exchange), principal,
                exchange.getRequestHeaders().getFirst(IDEMPOTENCY_HEADER), exchange.getRelativePath(),
                System.currentTimeMillis(), System.nanoTime());
        List<EventParser.Event> events;
        try {
            events = EventParser.parse(body, shape);
        } catch (EventParser.MalformedBodyException e) {
            metrics.badRequests.increment();
            EventRecords.Converted letter = first.records().deadLetter(body, 0, body.length, e.getMessage(),
                    "MalformedBody", 0, origin, new Outcomes(1));
            if (letter.record() != null) {
                // Kept, not waited for: the client's answer is the 400 below.
                Outcomes unwatched = new Outcomes(1);
                Taken taken = offer(tasks, List.of(letter.record()), unwatched);
                if (taken.task() == null) {
                    letter = new EventRecords.Converted(null, null, e.getMessage());
                } else {
                    taken.task().closed(unwatched);
                }
            }
            Responses.error(exchange, 400, e.getMessage() + (letter.record() != null
                    ? " (kept in the dead-letter topic)" : ""));
            return;
        }
        metrics.events.add(events.size());
        boolean indexed = shape != EventParser.Shape.SINGLE;
        Outcomes outcomes = new Outcomes(events.size());
        List<PushRecord> records = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            EventRecords.Converted c = first.records().convert(events.get(i), i, indexed, origin, outcomes);
            if (c.record() == null) {
                metrics.refused.increment();
                outcomes.settle(i, Outcome.refused(c.error()));
            } else {
                if (c.deadLetter()) {
                    outcomes.deadLetter(i, c.error());
                }
                records.add(c.record());
            }
        }
        PushSourceConfig config = first.config();
        Ingest taker = first;
        if (!records.isEmpty()) {
            Taken taken = offer(tasks, records, outcomes);
            if (taken.task() == null) {
                refuse(exchange, metrics, config, taken.admission(), records.size());
                return;
            }
            taker = taken.task();
        }
        Ingest owner = taker;
        if (config.ackMode() == PushSourceConfig.AckMode.ACCEPTED) {
            owner.closed(outcomes);
            respondAccepted(exchange, outcomes, records.size());
            return;
        }
        exchange.dispatch();
        XnioExecutor.Key timeout;
        try {
            timeout = exchange.getIoThread().executeAfter(() -> {
                if (!exchange.isResponseStarted()) {
                    first.metrics().ackTimeouts.increment();
                    first.metrics().failed.add(outcomes.abandon("Kafka did not acknowledge the event within "
                            + "ack.timeout.ms; send it again"));
                }
            }, config.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            timeout = null; // the server is stopping: the task answers every waiting client itself
        }
        XnioExecutor.Key timer = timeout;
        boolean single = shape == EventParser.Shape.SINGLE;
        int retryAfter = config.retryAfterSeconds();
        outcomes.onComplete(done -> {
            if (timer != null) {
                timer.remove();
            }
            owner.closed(done);
            try {
                exchange.getIoThread().execute(() -> respond(exchange, done, single, retryAfter));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the server stopped: the connection is gone, the client retries
            }
        });
    }

    private record Taken(Ingest task, IngestQueue.Admission admission) {
    }

    /** Puts the records into the first task with room; no task when none took them, and why. */
    private static Taken offer(List<Ingest> tasks, List<PushRecord> records, Outcomes outcomes) {
        IngestQueue.Admission last = IngestQueue.Admission.CLOSED;
        for (Ingest task : tasks) {
            last = task.offer(records, outcomes);
            if (last == IngestQueue.Admission.ADMITTED) {
                return new Taken(task, last);
            }
            if (last == IngestQueue.Admission.TOO_LARGE) {
                break;
            }
        }
        return new Taken(null, last);
    }

    private static void refuse(HttpServerExchange exchange, PushMetrics metrics, PushSourceConfig config,
                               IngestQueue.Admission admission, int events) {
        switch (admission) {
            case TOO_LARGE -> bad(exchange, metrics, 413, events + " events are more than the queue holds "
                    + "(queue.max.records / queue.max.bytes); send smaller batches");
            case CLOSED -> Responses.retryLater(exchange, 503, config.retryAfterSeconds(), "the connector is "
                    + "stopping; send again");
            default -> {
                metrics.rejectedFull.increment();
                Responses.retryLater(exchange, config.backpressureStatus(), config.retryAfterSeconds(), "the "
                        + "queue is full (Kafka is behind); send again after Retry-After");
            }
        }
    }

    private static boolean authenticated(HttpServerExchange exchange, RequestAuthenticator auth, byte[] body,
                                         PushMetrics metrics) {
        AuthResult result = auth.authenticate(new ExchangeAuthRequest(exchange, body));
        if (result.ok()) {
            if (result.principal() != null) {
                exchange.putAttachment(Attachments.PRINCIPAL, result.principal());
            }
            return true;
        }
        metrics.authFailure(result.failure() == null ? null : result.failure().code());
        if (result.outcome() == AuthResult.Outcome.UNAUTHENTICATED) {
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        }
        Responses.error(exchange, result.outcome() == AuthResult.Outcome.FORBIDDEN ? 403 : 401, result.reason());
        return false;
    }

    private static void respondAccepted(HttpServerExchange exchange, Outcomes outcomes, int queued) {
        StringBuilder b = new StringBuilder(64).append("{\"accepted\":").append(queued);
        appendProblems(b, outcomes);
        Responses.json(exchange, queued == 0 ? 422 : 202, b.append('}').toString());
    }

    private static void appendProblems(StringBuilder b, Outcomes outcomes) {
        int refused = outcomes.count(Outcome.Status.REFUSED);
        if (refused == 0) {
            return;
        }
        b.append(",\"refused\":[");
        boolean firstOne = true;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o != null && o.status() == Outcome.Status.REFUSED) {
                if (!firstOne) {
                    b.append(',');
                }
                firstOne = false;
                o.appendJson(b, "index", Integer.toString(i));
            }
        }
        b.append(']');
    }

    static void respond(HttpServerExchange exchange, Outcomes outcomes, boolean single, int retryAfter) {
        if (exchange.isResponseStarted()) {
            return;
        }
        int failed = outcomes.count(Outcome.Status.FAILED);
        if (failed > 0) {
            exchange.getResponseHeaders().put(io.undertow.util.Headers.RETRY_AFTER, Integer.toString(retryAfter));
        }
        if (single) {
            Outcome o = outcomes.get(0);
            StringBuilder b = new StringBuilder(96);
            o.appendJson(b, null, null);
            int status = switch (o.status()) {
                case WRITTEN, SKIPPED -> 200;
                case DEAD_LETTERED, REFUSED -> 422;
                case FAILED -> 503;
            };
            Responses.json(exchange, status, b.toString());
            return;
        }
        int written = outcomes.count(Outcome.Status.WRITTEN);
        int skipped = outcomes.count(Outcome.Status.SKIPPED);
        int problems = outcomes.size() - written - skipped;
        StringBuilder b = new StringBuilder(48 + 64 * outcomes.size());
        b.append("{\"written\":").append(written)
                .append(",\"deadLettered\":").append(outcomes.count(Outcome.Status.DEAD_LETTERED))
                .append(",\"refused\":").append(outcomes.count(Outcome.Status.REFUSED))
                .append(",\"skipped\":").append(skipped)
                .append(",\"failed\":").append(failed)
                .append(",\"results\":[");
        for (int i = 0; i < outcomes.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            outcomes.get(i).appendJson(b, null, null);
        }
        b.append("]}");
        Responses.json(exchange, failed > 0 ? 503 : problems > 0 ? 207 : 200, b.toString());
    }

    private static void bad(HttpServerExchange exchange, PushMetrics metrics, int status, String message) {
        metrics.badRequests.increment();
        Responses.error(exchange, status, message);
    }

    /** The shape a content type announces; null if it is not one accepted. */
    static EventParser.Shape shapeOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            String params = type.substring(semicolon + 1).replace(" ", "");
            if (params.contains("charset=") && !params.contains("charset=utf-8")) {
                return null;
            }
            type = type.substring(0, semicolon);
        }
        type = type.trim();
        if (type.equals("application/json") || type.endsWith("+json")) {
            return EventParser.Shape.AUTO;
        }
        if (type.equals("application/x-ndjson") || type.equals("application/ndjson")
                || type.equals("application/jsonl") || type.equals("application/x-jsonlines")) {
            return EventParser.Shape.NDJSON;
        }
        return null;
    }

    static String remote(HttpServerExchange exchange) {
        var address = exchange.getSourceAddress();
        return address == null ? "unknown" : address.getHostString() + ":" + address.getPort();
    }
}
