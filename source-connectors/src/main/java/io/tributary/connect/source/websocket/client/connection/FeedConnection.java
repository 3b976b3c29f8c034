package io.tributary.connect.source.websocket.client.connection;

import io.tributary.connect.source.websocket.client.connection.Frame.Kind;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One feed, kept connected: opens a WebSocket to the URL (headers, bearer token, subprotocols), sends the subscribe
 * messages after every open, pings every heartbeat interval and drops a connection whose Pong is overdue, and after
 * any drop or failed attempt connects again after an exponential backoff with full jitter. Messages go whole into
 * the task's {@link FrameQueue}, in order, the next one asked for only when the queue has room.
 *
 * <p>The time between a drop and the next open is a {@link Gap}, put on the first message after the open: what the
 * feed sent meanwhile is lost, and the records say so. A handshake refused with a status retrying will not heal (a
 * 4xx other than 408, 425, 429: bad URL or credentials) makes the connection {@link #fatal()}: the task fails with
 * it, as the HTTP source does, instead of knocking forever.
 *
 * <p>The client is the JDK's {@link java.net.http.WebSocket}: it reassembles nothing, so fragments are joined here,
 * and its demand ({@code request(n)}) governs every callback, which is what makes backpressure work. Each connection
 * attempt has a {@link Session} of its own; callbacks of a session that is no longer the current one are ignored.
 */
public final class FeedConnection {

    private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);
    /** Handshake statuses that mean "later": retried like an I/O error. */
    private static final Set<Integer> RETRIED_STATUSES = Set.of(408, 425, 429);

    /** Where a feed's count stood when the task started: from the last offset Connect committed for the URL. */
    public record Resume(long sequence, long lastReceivedAtMs) {
        public static final Resume NONE = new Resume(0, -1);
    }

    private final String url;
    private final URI uri;
    private final ConnectionSettings settings;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final FrameQueue queue;
    private final ConnectionEvents events;
    private final LongSupplier clock;
    private final Backoff backoff;
    private final Resume resume;

    private final Object lock = new Object();
    private Session session;          // the current attempt; guarded by lock, like the fields below
    private boolean stopped;
    private boolean everOpened;
    private int failedAttempts;
    private long droppedAtMs = -1;    // start of the gap under way; -1 while the feed is read
    private Gap pendingGap;           // for the next message
    private long sequence;
    private volatile boolean open;
    private volatile ConnectException fatal;

    public FeedConnection(String url, ConnectionSettings settings, HttpClient client,
                          ScheduledExecutorService scheduler, FrameQueue queue, ConnectionEvents events,
                          LongSupplier clockMs, Resume resume) {
        this.url = url;
        this.uri = URI.create(url);
        this.settings = settings;
        this.client = client;
        this.scheduler = scheduler;
        this.queue = queue;
        this.events = events;
        this.clock = clockMs;
        this.backoff = new Backoff(settings.backoffInitialMs(), settings.backoffMaxMs());
        this.resume = resume;
        this.sequence = resume.sequence();
    }

    public String url() {
        return url;
    }

    /** True while a WebSocket to the feed is open. */
    public boolean isOpen() {
        return open;
    }

    /** Why the feed cannot be read at all (a refused handshake), or null. */
    public ConnectException fatal() {
        return fatal;
    }

    public void start() {
        connect();
    }

    /** Closes the connection (a Close frame, then the TCP connection) and connects no more. */
    public void stop() {
        Session current;
        synchronized (lock) {
            stopped = true;
            current = session;
            open = false;
        }
        if (current != null) {
            current.end();
            current.close();
        }
    }

    private void connect() {
        Session next;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            next = new Session();
            session = next;
        }
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(settings.connectTimeout());
        try {
            settings.headers().forEach(builder::header);
            if (!settings.subprotocols().isEmpty()) {
                builder.subprotocols(settings.subprotocols().get(0), settings.subprotocols().subList(1,
                        settings.subprotocols().size()).toArray(String[]::new));
            }
            builder.buildAsync(uri, next).whenComplete((webSocket, error) -> {
                if (error != null) {
                    connectFailed(next, unwrap(error));
                }
            });
        } catch (IllegalArgumentException e) {
            fatal = new ConnectException("WebSocket " + url + ": the client refuses the handshake: " + e.getMessage(),
                    e);
        }
    }

    private void opened(Session opened) {
        Gap gap = null;
        boolean reconnect;
        synchronized (lock) {
            if (stopped || opened != session) {
                opened.webSocket.abort();
                return;
            }
            long now = clock.getAsLong();
            open = true;
            opened.openedAtMs = now;
            reconnect = everOpened;
            if (droppedAtMs >= 0) {
                gap = new Gap(droppedAtMs, now - droppedAtMs);
                droppedAtMs = -1;
            } else if (!everOpened && resume.lastReceivedAtMs() > 0) {
                gap = new Gap(resume.lastReceivedAtMs(), Math.max(0, now - resume.lastReceivedAtMs()));
            }
            everOpened = true;
            if (gap != null) {
                pendingGap = pendingGap == null ? gap : pendingGap.merge(gap);
            }
        }
        if (reconnect) {
            log.info("WebSocket {} open again after {} ms without it", url, gap == null ? 0 : gap.durationMs());
        } else {
            log.info("WebSocket {} open{}", url, gap == null ? "" : "; " + gap.durationMs() + " ms since the last "
                    + "message whose offset was committed before the task started");
        }
        events.opened(url, gap, reconnect);
        subscribe(opened);
        opened.startHeartbeat();
        opened.requestNext();
    }

    /** Sends the subscribe messages one after the other (the client allows one text send at a time). */
    private void subscribe(Session current) {
        CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(current.webSocket);
        for (String message : settings.subscribeMessages()) {
            sent = sent.thenCompose(webSocket -> webSocket.sendText(message, true));
        }
        sent.whenComplete((webSocket, error) -> {
            if (error != null) {
                dropped(current, "a subscribe message could not be sent: " + unwrap(error));
            }
        });
    }

    private void connectFailed(Session failed, Throwable error) {
        long delay;
        synchronized (lock) {
            if (stopped || failed != session || failed.ended) {
                return;
            }
            failed.ended = true;
            Integer status = error instanceof WebSocketHandshakeException refused
                    ? refused.getResponse().statusCode() : null;
            if (status != null && status >= 400 && status < 500 && !RETRIED_STATUSES.contains(status)) {
                fatal = new ConnectException("WebSocket " + url + ": the opening handshake was answered " + status
                        + ". Retrying does not heal a " + status + ": check the URL and the credentials, then "
                        + "restart the task.");
                log.error(fatal.getMessage());
                events.connectFailed(url, error);
                return;
            }
            delay = backoff.delayMs(failedAttempts++);
        }
        events.connectFailed(url, error);
        log.warn("Cannot connect to WebSocket {} ({}); next attempt in {} ms", url, error.toString(), delay);
        reconnectIn(delay);
    }

    private void dropped(Session gone, String reason) {
        long delay;
        synchronized (lock) {
            if (gone != session || gone.ended) {
                return;
            }
            gone.ended = true;
            open = false;
            if (stopped) {
                return;
            }
            long now = clock.getAsLong();
            droppedAtMs = now;
            // A connection that carried a message, or stayed up long, proves the feed works: back to short waits.
            // One that opens and drops at once keeps backing off.
            if (gone.gotMessage || now - gone.openedAtMs >= settings.backoffMaxMs()) {
                failedAttempts = 0;
            }
            delay = backoff.delayMs(failedAttempts++);
        }
        gone.close();
        events.dropped(url, reason);
        log.warn("WebSocket {} dropped ({}); reconnecting in {} ms", url, reason, delay);
        reconnectIn(delay);
    }

    private void reconnectIn(long delayMs) {
        try {
            scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("Not reconnecting to {}: the task is stopping", url);
        }
    }

    /**
     * Puts a message received whole by {@code from} into the queue, numbered, with the gap before it if any. Under
     * the lock, so a message of a session being dropped (by the heartbeat, on another thread) cannot land after the
     * first message of the next session. (The queue never calls back while holding its own lock: no deadlock.)
     */
    private void deliver(Session from, Kind kind, String text, byte[] kept, long length, String error) {
        synchronized (lock) {
            if (from != session || from.ended) {
                return;
            }
            Gap gap = pendingGap;
            pendingGap = null;
            // Counted before it is queued: once in the queue, Connect may poll it at once, and a count still to come
            // would read one short next to the records made of it (seen in a loaded test run: 97 messages, 100 records).
            events.received(url);
            queue.add(new Frame(url, ++sequence, clock.getAsLong(), kind, text, kept, length, error, gap));
            from.gotMessage |= kind != Kind.PROTOCOL_ERROR;
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** One connection attempt and, once open, the connection: the JDK client's listener. */
    private final class Session implements WebSocket.Listener {
        private final MessageAssembler message = new MessageAssembler(settings.maxMessageBytes(), settings.keptBytes());
        private volatile WebSocket webSocket;
        private volatile boolean ended;
        private volatile boolean paused;
        private final Heartbeat heartbeat = new Heartbeat(scheduler, settings.heartbeatIntervalMs(),
                settings.heartbeatTimeoutMs(), this::ping, () -> paused, this::pongMissed);
        private long openedAtMs;          // guarded by the connection's lock
        private boolean gotMessage;       // guarded by the connection's lock

        @Override
        public void onOpen(WebSocket webSocket) {
            this.webSocket = webSocket;
            opened(this);
        }

        @Override
        public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.text(data);
            if (last) {
                MessageAssembler.Message whole = message.finish();
                deliver(this, whole.kind(), whole.text(), whole.kept(), whole.length(), null);
            }
            requestNext();
            return null;
        }

        @Override
        public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            message.binary(data);
            if (last) {
                MessageAssembler.Message whole = message.finish();
                deliver(this, whole.kind(), null, whole.kept(), whole.length(), null);
            }
            requestNext();
            return null;
        }

        /** The client answers Pings itself (RFC 6455 §5.5.2); only the demand is ours. */
        @Override
        public CompletableFuture<?> onPing(WebSocket webSocket, ByteBuffer message) {
            requestNext();
            return null;
        }

        @Override
        public CompletableFuture<?> onPong(WebSocket webSocket, ByteBuffer message) {
            heartbeat.pong();
            requestNext();
            return null;
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            dropped(this, "closed by the server with " + statusCode + (reason == null || reason.isEmpty() ? ""
                    : " '" + reason + "'"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (error instanceof ProtocolException) {
                // The client fails the connection on a message it must refuse (a text message that is not UTF-8,
                // RFC 6455 §8.1) and keeps its bytes: what is left to dead-letter is that it happened.
                String what = error.getCause() != null ? error.getCause().getMessage() : error.getMessage();
                deliver(this, Kind.PROTOCOL_ERROR, null, new byte[0], 0, what == null ? error.toString() : what);
            }
            dropped(this, error.getCause() == null ? error.toString() : error + ": " + error.getCause().getMessage());
        }

        /**
         * Asks for the next message when the queue has room; otherwise pauses until it has. Nothing is read while
         * paused, so the {@link Heartbeat} does not judge the connection then.
         */
        void requestNext() {
            if (ended) {
                return;
            }
            paused = true;
            if (queue.roomOrWait(this::resumeAfterPause)) {
                paused = false;
                request();
            } else {
                events.paused(url);
            }
        }

        private void resumeAfterPause() {
            heartbeat.resumed();
            paused = false;
            request();
        }

        private void request() {
            WebSocket current = webSocket;
            if (!ended && current != null) {
                current.request(1);
            }
        }

        void startHeartbeat() {
            heartbeat.start();
        }

        private void ping() {
            WebSocket current = webSocket;
            if (!ended && current != null) {
                current.sendPing(ByteBuffer.allocate(Long.BYTES).putLong(0, System.currentTimeMillis()))
                        .whenComplete((ws, error) -> {
                            if (error != null) {
                                log.debug("Ping to {} not sent: {}", url, error.toString());
                            }
                        });
            }
        }

        private void pongMissed() {
            events.heartbeatMissed(url);
            dropped(this, "no Pong within " + settings.heartbeatTimeoutMs() + " ms");
        }

        void end() {
            ended = true;
        }

        /** Stops the heartbeat and closes the WebSocket: a Close frame when it can, the TCP connection anyway. */
        void close() {
            heartbeat.stop();
            WebSocket current = webSocket;
            if (current != null && !current.isOutputClosed()) {
                current.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(1, TimeUnit.SECONDS)
                        .whenComplete((ws, error) -> current.abort());
            } else if (current != null) {
                current.abort();
            }
        }
    }
}
