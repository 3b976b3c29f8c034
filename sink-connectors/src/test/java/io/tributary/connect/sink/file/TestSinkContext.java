package io.tributary.connect.sink.file;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What a worker gives a sink task, kept in memory for unit tests of the task's own logic: requested offsets and
 * reported errant records are recorded. Integration tests run the task in a real worker instead.
 */
final class TestSinkContext implements SinkTaskContext {

    final Map<TopicPartition, Long> requestedOffsets = new HashMap<>();
    final List<SinkRecord> errant = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        requestedOffsets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        requestedOffsets.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {
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
