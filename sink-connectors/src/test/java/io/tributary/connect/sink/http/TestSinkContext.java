package io.tributary.connect.sink.http;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a worker gives a sink task, in memory for unit tests (as the file sink's): reported errant records and the
 * timeouts asked for are recorded; {@link #withoutReporter()} is a worker with errors.tolerance=none.
 */
final class TestSinkContext implements SinkTaskContext {

    final List<SinkRecord> errant = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<Long> timeouts = new CopyOnWriteArrayList<>();
    private final boolean reporter;

    TestSinkContext() {
        this(true);
    }

    private TestSinkContext(boolean reporter) {
        this.reporter = reporter;
    }

    static TestSinkContext withoutReporter() {
        return new TestSinkContext(false);
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
    }

    @Override
    public void timeout(long timeoutMs) {
        timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {
    }

    @Override
    public void resume(TopicPartition... partitions) {
    }

    @Override
    public void requestCommit() {
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        if (!reporter) {
            return null;
        }
        return (record, error) -> {
            errant.add(record);
            errors.add(error);
            return CompletableFuture.completedFuture(null);
        };
    }

    @Override
    public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("no metrics in unit tests");
    }
}
