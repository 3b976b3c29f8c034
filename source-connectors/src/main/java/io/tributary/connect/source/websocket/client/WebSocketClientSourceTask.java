package io.tributary.connect.source.websocket.client;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig;
import io.tributary.connect.source.websocket.client.connection.ConnectionSettings;
import io.tributary.connect.source.websocket.client.connection.FeedConnection;
import io.tributary.connect.source.websocket.client.connection.Frame;
import io.tributary.connect.source.websocket.client.connection.FrameQueue;
import io.tributary.connect.source.websocket.client.convert.FeedOffset;
import io.tributary.connect.source.websocket.client.convert.FrameConverter;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Keeps the task's feeds connected (one {@link FeedConnection} per URL, all filling one bounded {@link FrameQueue})
 * and hands Connect what they received, in arrival order, converted by the {@link FrameConverter}.
 */
public final class WebSocketClientSourceTask extends SourceTask {

    /** Longest wait in one poll() when nothing arrived, so the worker gets control back regularly. */
    private static final long MAX_IDLE_MS = 1_000;

    private final List<FeedConnection> connections = new ArrayList<>();
    private WebSocketClientSourceMetrics metrics;
    private FrameQueue queue;
    private FrameConverter converter;
    private ScheduledThreadPoolExecutor scheduler;
    private int maxRecords;
    private volatile boolean stopping;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        WebSocketClientSourceConfig config = new WebSocketClientSourceConfig(props);
        String connector = props.get("name");
        metrics = new WebSocketClientSourceMetrics(TaskMetrics.from(() -> context.pluginMetrics()));
        queue = new FrameQueue(config.queueMaxMessages(), config.queueMaxBytes());
        converter = new FrameConverter(config.conversionSettings(connector));
        maxRecords = config.batchMaxRecords();
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "websocket-client-" + connector + "-" + config.taskId());
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        HttpClient client = config.httpClient();
        ConnectionSettings settings = config.connectionSettings();
        List<String> urls = config.taskUrls();
        Map<Map<String, String>, Map<String, Object>> stored = context.offsetStorageReader()
                .offsets(urls.stream().map(FeedOffset::partition).toList());
        for (String url : urls) {
            connections.add(new FeedConnection(url, settings, client, scheduler, queue, metrics,
                    System::currentTimeMillis, FeedOffset.resume(stored.get(FeedOffset.partition(url)))));
        }
        metrics.gauges(() -> (int) connections.stream().filter(FeedConnection::isOpen).count(), connections.size(),
                queue::size, queue::bytes);
        connections.forEach(FeedConnection::start);
    }

    /**
     * What the connections received since the last poll, up to {@code batch.max.records} records, waiting up to a
     * second for the first message. Fails the task when a feed refused the handshake for good.
     */
    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        for (FeedConnection connection : connections) {
            ConnectException fatal = connection.fatal();
            if (fatal != null) {
                throw fatal;
            }
        }
        List<SourceRecord> records = new ArrayList<>();
        long waitMs = MAX_IDLE_MS;
        while (records.size() < maxRecords && !stopping) {
            List<Frame> frames = queue.take(maxRecords - records.size(), waitMs);
            if (frames.isEmpty()) {
                break;
            }
            for (Frame frame : frames) {
                int before = records.size();
                int deadLetters = converter.convert(frame, records);
                metrics.deadLettered.add(deadLetters);
                metrics.records.add(records.size() - before - deadLetters);
            }
            waitMs = 0;
        }
        return records.isEmpty() ? null : records;
    }

    /**
     * Closes the connections and drops what is still queued (the next task reports it as part of its restart gap).
     * The JDK 17 client has no close(): its selector thread ends once the client is unreachable.
     */
    @Override
    public void stop() {
        stopping = true;
        connections.forEach(FeedConnection::stop);
        if (queue != null) {
            queue.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The task's metrics, for tests that drive the task without a worker. */
    WebSocketClientSourceMetrics metrics() {
        return metrics;
    }

    /** The task's queue, for tests of its bounds. */
    FrameQueue queue() {
        return queue;
    }
}
