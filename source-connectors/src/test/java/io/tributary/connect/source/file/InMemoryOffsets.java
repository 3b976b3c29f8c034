package io.tributary.connect.source.file;

import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offsets Connect would have stored, kept in memory for unit tests of the reading logic: commit a batch of
 * records and a new reader sees the last offset of each file, as a restarted task would.
 */
final class InMemoryOffsets implements OffsetStorageReader {

    private final Map<Map<String, ?>, Map<String, Object>> stored = new HashMap<>();
    int lookups;

    void commit(List<SourceRecord> records) {
        for (SourceRecord record : records) {
            @SuppressWarnings("unchecked")
            Map<String, Object> offset = (Map<String, Object>) record.sourceOffset();
            stored.put(Map.copyOf(record.sourcePartition()), new HashMap<>(offset));
        }
    }

    /** Stores an offset as given, e.g. one in the form an earlier version wrote. */
    void store(Map<String, ?> partition, Map<String, Object> offset) {
        stored.put(Map.copyOf(partition), new HashMap<>(offset));
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        lookups++;
        return stored.get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        lookups++;
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            result.put(partition, stored.get(partition));
        }
        return result;
    }
}
