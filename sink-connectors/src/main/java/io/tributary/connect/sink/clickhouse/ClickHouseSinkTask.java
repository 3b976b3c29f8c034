package io.tributary.connect.sink.clickhouse;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.sink.ErrantRecords;
import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway;
import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway.GatewayException;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkConfig;
import io.tributary.connect.sink.clickhouse.write.ClickHouseSinkMetrics;
import io.tributary.connect.sink.clickhouse.write.Writers;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Map;

/**
 * Writes records into ClickHouse through {@link Writers}; retriable failures back off ({@code context.timeout})
 * and come back as the same records, which the writers recognise; {@code preCommit} inserts what is pending and
 * returns only offsets whose records are in ClickHouse.
 *
 * <p>ClickHouse's failures reach the task as the gateway's classified {@link GatewayException}; {@link #toConnect}
 * is the one place they become Connect's exceptions.
 */
public final class ClickHouseSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(ClickHouseSinkTask.class);

    private ClickHouseSinkConfig config;
    private ClickHouseGateway gateway;
    private Writers writers;
    private ClickHouseSinkMetrics metrics;
    private long backoffMs;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new ClickHouseSinkConfig(props);
        gateway = new ClickHouseGateway(config);
        metrics = new ClickHouseSinkMetrics(TaskMetrics.from(() -> context.pluginMetrics()));
        writers = new Writers(config, gateway, ErrantRecords.of(context), metrics);
        backoffMs = config.backoffInitialMs();
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        writers.open(partitions);
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        writers.close(partitions);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        try {
            writers.put(records);
            backoffMs = config.backoffInitialMs();
        } catch (GatewayException e) {
            throw toConnect(e);
        }
        if (writers.pending()) {
            // Connect calls put() only when records arrive (or at the next offset commit): ask to be called again
            // within the linger, so that the last partial batch of a burst is not held until the commit.
            context.timeout(Math.max(1, config.lingerMs()));
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            writers.flushAll();
        } catch (GatewayException e) {
            if (!e.retriable()) {
                throw toConnect(e);
            }
            // No backoff here: the next put() inserts again (and backs off if it fails too).
            metrics.retries.increment();
            log.warn("ClickHouse insert before the offset commit failed, retrying on the next put: {}", e.getMessage());
        }
        return writers.committable(currentOffsets);
    }

    /**
     * A retriable failure backs off ({@code context.timeout}, doubling up to the maximum) and becomes a
     * {@link RetriableException}: Connect redelivers the same records, which the writers recognise. Any other fails
     * the task with the server's message.
     */
    private ConnectException toConnect(GatewayException e) {
        if (!e.retriable()) {
            return new ConnectException(e.getMessage(), e);
        }
        metrics.retries.increment();
        log.warn("ClickHouse unavailable or overloaded, retrying in {} ms: {}", backoffMs, e.getMessage());
        context.timeout(backoffMs);
        backoffMs = Math.min(backoffMs * 2, config.backoffMaxMs());
        return new RetriableException(e.getMessage(), e);
    }

    @Override
    public void stop() {
        if (writers != null) {
            writers.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }
}
