package io.tributary.connect.source.websocket.client;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** A source task's context without a worker: offsets a test stores by hand, no exported metrics. */
final class TaskContext implements SourceTaskContext {

    private final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();

    /** Stores an offset as Connect would have committed it. */
    synchronized void store(Map<String, ?> partition, Map<String, Object> offset) {
        stored.put(Map.copyOf(partition), new HashMap<>(offset));
    }

    @Override
    public Map<String, String> configs() {
        return Map.of();
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                synchronized (TaskContext.this) {
                    return stored.get(partition);
                }
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> out = new HashMap<>();
                partitions.forEach(p -> out.put(p, offset(p)));
                return out;
            }
        };
    }

    /** No worker, no plugin metrics: the task's counters count without being exported. */
    @Override
    public PluginMetrics pluginMetrics() {
        throw new UnsupportedOperationException("no metrics without a worker");
    }
}
