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

import java.util.List;
import java.util.Map;

/**
 * What a push source task does, whatever its protocol: join the shared server with its routes, hand Connect what
 * clients sent, and pass Kafka's acknowledgements back to them ({@link #commitRecord}).
 */
public abstract class PushSourceTask<C extends PushSourceConfig> extends SourceTask {

    private static final long POLL_WAIT_MS = 200;
    private static final long ANSWER_GRACE_MS = 200;

    private Ingest ingest;
    private PushServer server;
    private String owner;

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
        server = PushServer.join(ServerSettings.of(config), owner, config.taskIndex(), paths(config),
                pool -> handler(pool, config), ingest);
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
     * runs), answers every waiting client (503: send again), then leaves the server; the last task out stops it,
     * after giving those answers a moment to leave.
     */
    @Override
    public void stop() {
        if (server != null) {
            server.drain(owner, ingest);
        }
        int told = ingest == null ? 0 : ingest.close();
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
