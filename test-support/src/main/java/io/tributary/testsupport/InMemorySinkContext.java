package io.tributary.testsupport;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a worker gives a sink task, kept in memory for unit tests of a task's own logic: the offsets it asks to rewind
 * to, the records it reports as errant (with their errors) and the timeouts it asks for are recorded;
 * {@link #withoutReporter()} is a worker with {@code errors.tolerance=none}. After {@link #assign}, a rewind of a
 * topic-partition that is not assigned fails as the worker's does ({@code IllegalStateException: No current assignment
 * for partition ...}), which is what a sink keying offsets by a transformed topic runs into. Integration tests run
 * tasks in a real worker instead.
 */
public final class InMemorySinkContext implements SinkTaskContext {

    private final Map<TopicPartition, Long> requestedOffsets = new ConcurrentHashMap<>();
    private final List<SinkRecord> errant = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Long> timeouts = new CopyOnWriteArrayList<>();
    private final Set<TopicPartition> assignment = ConcurrentHashMap.newKeySet();
    private final boolean reporter;

    public InMemorySinkContext() {
        this(true);
    }

    private InMemorySinkContext(boolean reporter) {
        this.reporter = reporter;
    }

    public static InMemorySinkContext withoutReporter() {
        return new InMemorySinkContext(false);
    }

    /**
     * The topic-partitions the worker assigned (as it passes them to {@code open}); from then on, rewinds of others
     * throw. Without it, any rewind is recorded.
     */
    public InMemorySinkContext assign(TopicPartition... partitions) {
        assignment.addAll(List.of(partitions));
        return this;
    }

    public Map<TopicPartition, Long> requestedOffsets() {
        return requestedOffsets;
    }

    public List<SinkRecord> errant() {
        return errant;
    }

    public List<Throwable> errors() {
        return errors;
    }

    public List<Long> timeouts() {
        return timeouts;
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        offsets.keySet().forEach(this::checkAssigned);
        requestedOffsets.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        checkAssigned(tp);
        requestedOffsets.put(tp, offset);
    }

    private void checkAssigned(TopicPartition tp) {
        if (!assignment.isEmpty() && !assignment.contains(tp)) {
            throw new IllegalStateException("No current assignment for partition " + tp);
        }
    }

    @Override
    public void timeout(long timeoutMs) {
        timeouts.add(timeoutMs);
    }

    @Override
    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
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
