package io.tributary.connect.source.websocket.client;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.websocket.client.connection.ConnectionEvents;
import io.tributary.connect.source.websocket.client.connection.Gap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The WebSocket client source's metrics, exported through Connect's plugin metrics; one set per task, over its
 * connections. The connections report into it as they go ({@link ConnectionEvents}).
 */
public final class WebSocketClientSourceMetrics implements ConnectionEvents {

    private final TaskMetrics metrics;
    public final TaskMetrics.Counter messages;
    public final TaskMetrics.Counter records;
    public final TaskMetrics.Counter deadLettered;
    public final TaskMetrics.Counter reconnects;
    public final TaskMetrics.Counter gapMs;
    public final TaskMetrics.Counter drops;
    public final TaskMetrics.Counter connectFailures;
    public final TaskMetrics.Counter heartbeatsMissed;
    public final TaskMetrics.Counter pauses;
    private final AtomicLong lastGapMs = new AtomicLong();

    public WebSocketClientSourceMetrics(TaskMetrics metrics) {
        this.metrics = metrics;
        messages = metrics.counter("messages", "messages received whole, of any kind");
        records = metrics.counter("records", "records produced");
        deadLettered = metrics.counter("records-dead-lettered", "messages and events sent to the dead-letter topic");
        reconnects = metrics.counter("reconnects", "connections opened again after a drop");
        gapMs = metrics.counter("gap-ms", "milliseconds feeds were not read between a drop and the reconnect");
        drops = metrics.counter("connection-drops", "open connections that dropped: closed by the server, failed, "
                + "or silent past the heartbeat timeout");
        connectFailures = metrics.counter("connect-failures", "connection attempts that failed");
        heartbeatsMissed = metrics.counter("heartbeat-timeouts", "connections dropped because no Pong came in time");
        pauses = metrics.counter("backpressure-pauses", "times a connection stopped reading because the task's "
                + "queue was full");
        metrics.gauge("last-gap-ms", "length of the last gap reported (ms): disconnected time before a reconnect, "
                + "or before the first connect after a restart", lastGapMs::get);
    }

    /** The gauges read from the task: connections open, and the queue's fill. */
    void gauges(Supplier<Integer> connectionsOpen, int connections, Supplier<Integer> queuedMessages,
                Supplier<Long> queuedBytes) {
        metrics.gauge("connected", "1 when every connection of the task is open, else 0",
                () -> connectionsOpen.get() == connections ? 1 : 0);
        metrics.gauge("connections-open", "connections of the task open now", connectionsOpen);
        metrics.gauge("queued-messages", "messages received and not yet taken by Connect", queuedMessages);
        metrics.gauge("queued-bytes", "bytes of the messages received and not yet taken by Connect", queuedBytes);
    }

    public long lastGapMs() {
        return lastGapMs.get();
    }

    @Override
    public void received(String url) {
        messages.increment();
    }

    @Override
    public void opened(String url, Gap gap, boolean reconnect) {
        if (reconnect) {
            reconnects.increment();
        }
        if (gap != null) {
            lastGapMs.set(gap.durationMs());
            if (reconnect) {
                gapMs.add(gap.durationMs());
            }
        }
    }

    @Override
    public void dropped(String url, String reason) {
        drops.increment();
    }

    @Override
    public void connectFailed(String url, Throwable error) {
        connectFailures.increment();
    }

    @Override
    public void heartbeatMissed(String url) {
        heartbeatsMissed.increment();
    }

    @Override
    public void paused(String url) {
        pauses.increment();
    }
}
