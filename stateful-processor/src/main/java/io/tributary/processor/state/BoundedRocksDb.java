package io.tributary.processor.state;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the memory of every RocksDB store of the processor together, as Kafka Streams' memory management guide
 * describes: one LRU block cache shared by all stores (index and filter blocks included), and one write buffer
 * manager charging memtables to that cache. Without it each store, and each segment of a window store, gets its own
 * cache and memtables, and memory grows with the number of stores and segments.
 *
 * <p>The size is {@value #MEMORY_CONFIG} (bytes) among the application's configs; a quarter of it may be memtables.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    public static final String MEMORY_CONFIG = "tributary.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY = 64L << 20;

    /** Shared by every store of this JVM, created with the first store; never closed while stores use it. */
    private static Cache cache;
    private static WriteBufferManager writeBuffers;
    private static long sized;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object value = configs.get(MEMORY_CONFIG);
        long memory = value == null ? DEFAULT_MEMORY : Long.parseLong(value.toString());
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared(memory));
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        // Every store, and every segment of a window store, has its own memtable, whose arena reserves a block of
        // an eighth of the write buffer size up front, charged to the manager. With Kafka Streams' 16 MB write
        // buffers, two dozen stores (a four-job demo) reserved more than the manager's whole budget, so nearly every
        // put flushed a memtable: 6k records/s instead of tens of thousands. Memtables sized to the budget stay in it.
        options.setWriteBufferSize(writeBufferSize(memory));
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    /** A sixteenth of the memtable budget (a quarter of the memory), between 1 and 16 MB. */
    static long writeBufferSize(long memory) {
        return Math.max(1L << 20, Math.min(16L << 20, memory / 4 / 16));
    }

    private static synchronized Cache shared(long memory) {
        if (cache == null) {
            // Half the cache's capacity is reserved for high-priority blocks (indexes and filters).
            cache = new LRUCache(memory, -1, false, 0.5);
            writeBuffers = new WriteBufferManager(memory / 4, cache);
            sized = memory;
        }
        return cache;
    }

    /** The bound in force (0 before the first store opened). */
    public static synchronized long bound() {
        return cache == null ? 0 : sized;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store: they live as long as the JVM.
    }
}
