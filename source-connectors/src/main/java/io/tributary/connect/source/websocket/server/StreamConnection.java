package io.tributary.connect.source.websocket.server;

import io.tributary.connect.source.push.config.PushSourceConfig;
import io.tributary.connect.source.push.ingest.EventParser;
import io.tributary.connect.source.push.ingest.EventRecords;
import io.tributary.connect.source.push.ingest.Ingest;
import io.tributary.connect.source.push.ingest.IngestQueue;
import io.tributary.connect.source.push.ingest.Outcome;
import io.tributary.connect.source.push.ingest.Outcomes;
import io.tributary.connect.source.push.ingest.PushRecord;
import io.tributary.connect.source.push.server.Responses;
import io.tributary.connect.source.push.server.TaskPool;
import io.tributary.connect.source.websocket.server.config.WebSocketSourceConfig;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import org.xnio.XnioExecutor;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: each text frame holds one event, a JSON array or NDJSON; each event is answered with an
 * ack frame once Kafka has it ({@code {"ack": id, "status": "written", "topic", "partition", "offset"}}) or a nack
 * with the reason. A frame of several events is answered with one {@code {"acks": [...]}} frame. The id is the
 * event's id ({@code event.id.pointer}) or its number on this connection, counting from 1.
 *
 * <p>Flow control: when the queues are full the connection stops reading (TCP pushes back on the client) and
 * starts again when Kafka caught up. Keep-alive: pings every {@code websocket.ping.interval.ms}; a connection
 * silent for {@code websocket.idle.timeout.ms} (no frame, no pong) is closed.
 */
final class StreamConnection extends AbstractReceiveListener {

    /** RFC 6455's "going away": the server is leaving; the client should connect again. */
    static final int GOING_AWAY = 1001;
    private static final String STOPPING = "the connector is stopping here; send again";

    private final TaskPool<Ingest> pool;
    private final WebSocketSourceConfig config;
    private final WebSocketChannel channel;
    private final String principal;
    private final String id;
    private final String remote;
    private long events;
    private volatile long lastHeard = System.nanoTime();
    private XnioExecutor.Key pinger;
    private Frame waiting;
    private boolean left;

    /** A frame's records waiting for room, with what its acks need. */
    private record Frame(List<Ingest> tasks, List<PushRecord> records, Outcomes outcomes, String[] ids) {
    }

    StreamConnection(TaskPool<Ingest> pool, WebSocketSourceConfig config, WebSocketChannel channel, String principal,
                     String id) {
        this.pool = pool;
        this.config = config;
        this.channel = channel;
        this.principal = principal;
        this.id = id;
        InetSocketAddress address = channel.getSourceAddress();
        this.remote = address == null ? "unknown" : address.getHostString() + ":" + address.getPort();
    }

    void start() {
        List<Ingest> tasks = pool.inTurn();
        if (!tasks.isEmpty()) {
            tasks.get(0).metrics().connectionsOpened.increment();
        }
        channel.getReceiveSetter().set(this);
        channel.resumeReceives();
        schedulePing();
    }

    void closed() {
        if (pinger != null) {
            pinger.remove();
        }
        List<Ingest> tasks = pool.inTurn();
        if (!tasks.isEmpty()) {
            tasks.get(0).metrics().connectionsClosed.increment();
        }
    }

    private void schedulePing() {
        pinger = channel.getIoThread().executeAfter(() -> {
            if (!channel.isOpen()) {
                return;
            }
            if (waiting != null) {
                // Reads are suspended for backpressure, so the client's pongs wait unread: not idle.
                lastHeard = System.nanoTime();
            } else if (System.nanoTime() - lastHeard > TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMs())) {
                WebSockets.sendClose(GOING_AWAY, "idle for longer than websocket.idle.timeout.ms", channel, null);
                return;
            }
            WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
            schedulePing();
        }, config.pingIntervalMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected long getMaxTextBufferSize() {
        return config.maxFrameBytes();
    }

    @Override
    protected long getMaxBinaryBufferSize() {
        return config.maxFrameBytes();
    }

    @Override
    protected void onFullPongMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        lastHeard = System.nanoTime();
        message.getData().free();
    }

    @Override
    protected void onFullPingMessage(WebSocketChannel channel, BufferedBinaryMessage message) throws java.io.IOException {
        lastHeard = System.nanoTime();
        super.onFullPingMessage(channel, message);
    }

    @Override
    protected void onCloseMessage(CloseMessage message, WebSocketChannel channel) {
        lastHeard = System.nanoTime();
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
        lastHeard = System.nanoTime();
        byte[] bytes;
        try {
            ByteBuffer[] buffers = message.getData().getResource();
            int size = 0;
            for (ByteBuffer b : buffers) {
                size += b.remaining();
            }
            bytes = new byte[size];
            int at = 0;
            for (ByteBuffer b : buffers) {
                int n = b.remaining();
                b.get(bytes, at, n);
                at += n;
            }
        } finally {
            message.getData().free();
        }
        unreadable(bytes, "binary frames are not accepted: send events as JSON text frames", "BinaryFrame");
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
        lastHeard = System.nanoTime();
        byte[] frame = message.getData().getBytes(StandardCharsets.UTF_8);
        List<Ingest> tasks = pool.inTurn();
        if (tasks.isEmpty()) {
            WebSockets.sendClose(GOING_AWAY, "the connector is stopping", channel, null);
            return;
        }
        Ingest first = tasks.get(0);
        first.metrics().requests.increment();
        List<EventParser.Event> parsed;
        try {
            parsed = EventParser.parse(frame, EventParser.Shape.AUTO);
        } catch (EventParser.MalformedBodyException e) {
            unreadable(frame, e.getMessage(), "MalformedFrame");
            return;
        }
        first.metrics().events.add(parsed.size());
        EventRecords.Origin origin = origin();
        Outcomes outcomes = new Outcomes(parsed.size());
        String[] ids = new String[parsed.size()];
        List<PushRecord> records = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            EventRecords.Converted c = first.records().convert(parsed.get(i), i, false, origin, outcomes);
            events++;
            ids[i] = c.eventId() != null ? Responses.quote(c.eventId()) : Long.toString(events);
            if (c.record() == null) {
                first.metrics().refused.increment();
                outcomes.settle(i, Outcome.refused(c.error()));
            } else {
                if (c.deadLetter()) {
                    outcomes.deadLetter(i, c.error());
                }
                records.add(c.record());
            }
        }
        admit(new Frame(tasks, records, outcomes, ids));
    }

    /** A frame that holds no event at all: one nack, and its dead letter if there is a topic for them. */
    private void unreadable(byte[] bytes, String error, String errorClass) {
        List<Ingest> tasks = pool.inTurn();
        if (tasks.isEmpty()) {
            return;
        }
        Ingest first = tasks.get(0);
        first.metrics().requests.increment();
        first.metrics().badRequests.increment();
        Outcomes outcomes = new Outcomes(1);
        EventRecords.Converted c = first.records().deadLetter(bytes, 0, bytes.length, error, errorClass, 0, origin(),
                outcomes);
        if (c.record() == null) {
            first.metrics().refused.increment();
            outcomes.settle(0, Outcome.refused(error));
            admit(new Frame(tasks, List.of(), outcomes, new String[]{"null"}));
        } else {
            outcomes.deadLetter(0, error);
            admit(new Frame(tasks, List.of(c.record()), outcomes, new String[]{"null"}));
        }
    }

    private EventRecords.Origin origin() {
        return new EventRecords.Origin(config.topic(), remote, principal, null, id, System.currentTimeMillis(),
                System.nanoTime());
    }

    /** Into the first task with room; if none has, stop reading until one has. On the connection's I/O thread. */
    private void admit(Frame frame) {
        Ingest owner = frame.tasks().get(0);
        if (!frame.records().isEmpty()) {
            IngestQueue.Admission last = IngestQueue.Admission.CLOSED;
            owner = null;
            for (Ingest task : frame.tasks()) {
                last = task.offer(frame.records(), frame.outcomes());
                if (last == IngestQueue.Admission.ADMITTED) {
                    owner = task;
                    break;
                }
                if (last == IngestQueue.Admission.TOO_LARGE) {
                    break;
                }
            }
            if (owner == null) {
                switch (last) {
                    case FULL -> {
                        frame.tasks().get(0).metrics().rejectedFull.increment();
                        waiting = frame;
                        channel.suspendReceives();
                        frame.tasks().get(0).queue().whenSpace(() -> channel.getIoThread().execute(this::retry));
                    }
                    case TOO_LARGE -> nackAll(frame, Outcome.refused("the frame holds more events than the queue "
                            + "(queue.max.records / queue.max.bytes); send smaller frames"));
                    default -> nackAll(frame, Outcome.failed(STOPPING));
                }
                return;
            }
        }
        Ingest taker = owner;
        if (config.ackMode() == PushSourceConfig.AckMode.ACCEPTED) {
            taker.closed(frame.outcomes());
            send(acks(frame.outcomes(), frame.ids(), true));
            return;
        }
        XnioExecutor.Key timeout;
        try {
            timeout = channel.getIoThread().executeAfter(() -> {
                taker.metrics().ackTimeouts.increment();
                taker.metrics().failed.add(frame.outcomes().abandon("Kafka did not acknowledge the event within "
                        + "ack.timeout.ms; send it again"));
            }, config.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            timeout = null; // the server is stopping: the task answers every waiting client itself
        }
        XnioExecutor.Key timer = timeout;
        frame.outcomes().onComplete(done -> {
            if (timer != null) {
                timer.remove();
            }
            taker.closed(done);
            send(acks(done, frame.ids(), false));
        });
    }

    /**
     * Room in a queue, or the task whose queue was full is stopping (its queue's close runs the listener): the frame
     * goes to a task of the connector still running here, or, if none is left, is nacked and the connection closed.
     */
    private void retry() {
        Frame frame = waiting;
        if (frame == null || !channel.isOpen()) {
            return;
        }
        List<Ingest> tasks = pool.inTurn();
        if (tasks.isEmpty()) {
            leave(new CompletableFuture<>());
            return;
        }
        waiting = null;
        admit(new Frame(tasks, frame.records(), frame.outcomes(), frame.ids()));
        if (waiting == null) {
            channel.resumeReceives();
        }
    }

    /**
     * The connector's last task here is stopping: answer the frame waiting for room, if any, and close (1001).
     * Completes when the close frame is written, or could not be.
     */
    CompletableFuture<Void> goAway() {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        try {
            channel.getIoThread().execute(() -> leave(sent));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            sent.complete(null); // the server's I/O threads are gone, and the connection with them
        }
        return sent;
    }

    /** On the connection's I/O thread; {@code sent} completes when the close frame is written (or not). */
    private void leave(CompletableFuture<Void> sent) {
        if (left || !channel.isOpen()) {
            sent.complete(null);
            return;
        }
        left = true;
        Frame frame = waiting;
        waiting = null;
        if (frame != null) {
            frame.tasks().get(0).metrics().failed.add(frame.records().size());
            nackAll(frame, Outcome.failed(STOPPING));
        }
        WebSockets.sendClose(GOING_AWAY, "the task stopped; connect again (to another worker)", channel,
                new WebSocketCallback<Void>() {
                    @Override
                    public void complete(WebSocketChannel channel, Void context) {
                        sent.complete(null);
                    }

                    @Override
                    public void onError(WebSocketChannel channel, Void context, Throwable throwable) {
                        sent.complete(null);
                    }
                });
    }

    private void nackAll(Frame frame, Outcome outcome) {
        for (int i = 0; i < frame.outcomes().size(); i++) {
            frame.outcomes().settle(i, outcome);
        }
        send(acks(frame.outcomes(), frame.ids(), false));
    }

    private void send(String text) {
        if (channel.isOpen()) {
            WebSockets.sendText(text, channel, null);
        }
    }

    /** The ack frame: one object for one event, {"acks": [...]} for several. */
    static String acks(Outcomes outcomes, String[] ids, boolean accepted) {
        StringBuilder b = new StringBuilder(96 * outcomes.size());
        boolean many = outcomes.size() > 1;
        if (many) {
            b.append("{\"acks\":[");
        }
        for (int i = 0; i < outcomes.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            Outcome o = outcomes.get(i);
            if (accepted && o == null) {
                b.append("{\"ack\":").append(ids[i]).append(",\"status\":\"accepted\"}");
                continue;
            }
            boolean ok = o.status() == Outcome.Status.WRITTEN || o.status() == Outcome.Status.SKIPPED;
            o.appendJson(b, ok ? "ack" : "nack", ids[i]);
        }
        if (many) {
            b.append("]}");
        }
        return b.toString();
    }
}
