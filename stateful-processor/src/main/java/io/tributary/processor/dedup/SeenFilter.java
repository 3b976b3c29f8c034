package io.tributary.processor.dedup;

import org.apache.datasketches.filters.bloomfilter.BloomFilter;
import org.apache.datasketches.filters.bloomfilter.BloomFilterBuilder;

import java.util.Map;
import java.util.TreeMap;

/**
 * In front of a dedup job's id store: Bloom filters (Apache DataSketches) of the ids stored, one per span of event time
 * as long as the retention. Almost every event is a first occurrence, and for those the store would be searched for
 * nothing — a window-store fetch opens a RocksDB iterator in each of the two or three segments the search spans,
 * which was most of a dedup job's time. When none of the filters that can hold the id has seen it, the id is new for
 * sure (a Bloom filter has no false negatives) and the store is not searched; otherwise it is. Filters of spans older
 * than the store keeps are dropped.
 *
 * <p>The filters are derived state: rebuilt from the store whenever the task starts (after a restore, or after
 * exactly-once rolled the store back), so they never miss an id the store holds.
 */
final class SeenFilter {

    /** Ids per filter before its false-positive rate rises above the target (it still answers correctly after). */
    static final long IDS_PER_SPAN = 1_000_000;
    private static final double FALSE_POSITIVES = 0.01;

    private final long span;
    private final Map<Long, BloomFilter> filters = new TreeMap<>();

    SeenFilter(long retentionMs) {
        this.span = Math.max(1, retentionMs);
    }

    void add(String id, long time) {
        filters.computeIfAbsent(Math.floorDiv(time, span),
                k -> BloomFilterBuilder.createByAccuracy(IDS_PER_SPAN, FALSE_POSITIVES)).update(id);
    }

    /** False when no id stored with an event time within the retention of {@code time} can be {@code id}. */
    boolean mayHave(String id, long time) {
        long first = Math.floorDiv(time - span, span);
        long last = Math.floorDiv(time + span, span);
        for (long i = first; i <= last; i++) {
            BloomFilter filter = filters.get(i);
            if (filter != null && filter.query(id)) {
                return true;
            }
        }
        return false;
    }

    /** Drops the filters of spans that end before {@code oldestKept}. */
    void expireBefore(long oldestKept) {
        long keep = Math.floorDiv(oldestKept, span);
        filters.keySet().removeIf(index -> index < keep);
    }

    int spans() {
        return filters.size();
    }
}
