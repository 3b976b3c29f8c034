package io.tributary.connect.source.push;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.common.auth.ServerAuthConfig;
import io.tributary.connect.source.push.config.PushSourceConfig;
import io.tributary.connect.source.push.ingest.Ingest;
import io.tributary.connect.source.push.ingest.PushMetrics;
import io.tributary.connect.source.push.server.PushServer;
import io.tributary.connect.source.push.server.ServerSettings;
import io.tributary.connect.source.push.server.TaskPool;
import io.undertow.server.HttpHandler;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a push source task does, whatever its protocol: join the shared server with its routes, hand Connect what
 * clients sent, and pass Kafka's acknowledgements back to them ({@link #commitRecord}).
 */
public abstract class PushSourceTask<C extends PushSourceConfig> extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(PushSourceTask.class);

    private static final long POLL_WAIT_MS = 200;
    private static final long ANSWER_GRACE_MS = 200;
    private static final long CLOSE_FRAMES_WAIT_MS = 1_000;

    private Ingest ingest;
    private PushServer server;
    private String owner;
    private int taskIndex;

    protected abstract C config(Map<String, String> props);

    /** The name of this source in dead letters' error stage. */
    protected abstract String stage();

    /** Paths this connector serves; a path ending in '/' is a prefix. */
    protected abstract List<String> paths(C config);

    /** The handler for the connector's paths, over all its tasks on this server. */
    protected abstract HttpHandler handler(TaskPool<Ingest> pool, C config);

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        C config = config(props);
        PushMetrics metrics = new PushMetrics(TaskMetrics.from(() -> context.pluginMetrics()));
        ingest = new Ingest(config, stage(), ServerAuthConfig.build(config), metrics);
        owner = config.connectorName() == null ? getClass().getName() : config.connectorName();
        taskIndex = config.taskIndex();
        server = PushServer.join(ServerSettings.of(config), owner, config.taskIndex(), paths(config),
                pool -> handler(pool, config), ingest);
        // One line per task instance: with several workers, which worker serves which task (and when) is what an
        // operator needs to follow a rebalance; the server itself logs only its own start and stop.
        log.info("{} task {} serving on {}", owner, taskIndex, ServerSettings.of(config).address());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        return ingest.poll(POLL_WAIT_MS);
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        ingest.commit(record, metadata);
    }

    /**
     * Drains first (no new request dealt to this task; {@code /health} says so, 503 once no task on the server
     * runs), answers every waiting client (503 or a nack: send again; a WebSocket frame waiting for room in the queue
     * too), closes the connector's WebSocket connections with 1001 if no task of it is left here, then leaves the
     * server; the last task out stops it, after giving those answers a moment to leave. Nothing here waits for a
     * client or for Kafka: Connect calls this on the task thread, and waits {@code task.shutdown.graceful.timeout.ms}
     * for it before abandoning the task.
     */
    @Override
    public void stop() {
        long started = System.nanoTime();
        boolean last = server != null && server.drain(owner, ingest);
        int told = ingest == null ? 0 : ingest.close();
        int closed = last ? closeConnections() : 0;
        if (server != null) {
            if (told > 0) {
                try {
                    Thread.sleep(ANSWER_GRACE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            server.leave(owner, ingest);
        }
        log.info("{} task {} stopped in {} ms: {} waiting clients told to send again, {} connections closed", owner,
                taskIndex, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), told, closed);
    }

    /** Closes the connector's WebSocket connections here (1001), waiting a moment for the close frames to go. */
    private int closeConnections() {
        CompletableFuture<Integer> closing = server.goAway(owner);
        try {
            return closing.get(CLOSE_FRAMES_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{} task {}: close frames not all written within {} ms; those clients see the connection drop",
                    owner, taskIndex, CLOSE_FRAMES_WAIT_MS);
        }
        return 0;
    }

    /** The port this task's server listens on (the bound one when the config asked for port 0). */
    public int port() {
        return server.port();
    }

    protected Ingest ingest() {
        return ingest;
    }

    /** This task's counters (also exported through Connect's plugin metrics). */
    public PushMetrics metrics() {
        return ingest.metrics();
    }
}
