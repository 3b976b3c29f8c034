package io.tributary.connect.transforms.base;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.common.metrics.TaskMetrics;
import org.apache.kafka.common.metrics.Monitorable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * What every Tributary transform shares: the side it works on, its version from the build, and its metrics through
 * Connect's plugin metrics ({@link Monitorable}, Kafka 4.1+; without them the counts are kept but not exported).
 * Subclasses implement {@link #transform}; routing and dropping are counted where they happen.
 *
 * <p>A record that an earlier step already dead-lettered (it carries a {@code tributary.error.stage} header: a
 * source's dead letter, or a record a previous transform routed away) passes through unchanged, so a chain such as
 * validate → enrich → rules needs no predicates to leave dead letters alone — unless the transform is one meant for
 * dead letters ({@link #leavesDeadLettersAlone()}).
 */
public abstract class TributaryTransform<R extends ConnectRecord<R>> implements Transformation<R>, Versioned, Monitorable {

    protected final RecordSide side;
    protected TransformMetrics metrics = new TransformMetrics(TaskMetrics.none());

    protected TributaryTransform(RecordSide side) {
        this.side = side;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void withPluginMetrics(PluginMetrics pluginMetrics) {
        metrics = new TransformMetrics(TaskMetrics.from(() -> pluginMetrics));
        registerMetrics(metrics.metrics);
    }

    /** Registers a transform's own metrics (called with the exported metrics once the worker provides them). */
    protected void registerMetrics(TaskMetrics taskMetrics) {
    }

    @Override
    public final R apply(R record) {
        metrics.in.increment();
        if (leavesDeadLettersAlone() && record.headers().lastWithName(ErrorHeaders.ERROR_STAGE) != null) {
            metrics.out.increment();
            return record;
        }
        R result;
        try {
            result = transform(record);
        } catch (RuntimeException e) {
            metrics.failed.increment();
            throw e;
        }
        if (result == null) {
            metrics.dropped.increment();
        } else {
            metrics.out.increment();
        }
        return result;
    }

    /**
     * Whether records already dead-lettered pass through unchanged (true); false for a transform whose work is on dead
     * letters themselves, such as copying their error headers into fields.
     */
    protected boolean leavesDeadLettersAlone() {
        return true;
    }

    /** The record after this transform, or null to drop it. */
    protected abstract R transform(R record);

    @Override
    public void close() {
    }
}
