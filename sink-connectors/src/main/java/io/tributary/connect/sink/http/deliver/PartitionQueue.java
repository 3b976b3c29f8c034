package io.tributary.connect.sink.http.deliver;

import io.tributary.connect.sink.http.render.RenderedRecord;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The records of one topic-partition the task holds, in offset order, and how far it got: every offset up to
 * {@link #committable()} is delivered (2xx) or reported to the errant record reporter. Touched by the task thread
 * only; senders work on a {@link #snapshot()}.
 */
public final class PartitionQueue {

    private final TopicPartition partition;
    private final List<RenderedRecord> pending = new ArrayList<>();
    private long accepted = -1;

    public PartitionQueue(TopicPartition partition) {
        this.partition = partition;
    }

    public TopicPartition partition() {
        return partition;
    }

    /**
     * True for a record the task already took (buffered, delivered or reported): after a {@code RetriableException}
     * Connect hands the same records to put() again, and they must not be sent twice.
     */
    public boolean seen(long offset) {
        return offset <= accepted;
    }

    public void add(RenderedRecord record) {
        pending.add(record);
        accepted = record.offset();
    }

    /** A record handled without sending (reported as errant before it could be rendered). */
    public void handled(long offset) {
        accepted = Math.max(accepted, offset);
    }

    /** The first {@code n} pending records are delivered or reported. */
    public void remove(int n) {
        pending.subList(0, n).clear();
    }

    public List<RenderedRecord> snapshot() {
        return List.copyOf(pending);
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    public int size() {
        return pending.size();
    }

    /** True when the first batch should be sent now ({@link Batches#due}). */
    public boolean due(Batches batches, long nowMs, boolean all) {
        return !pending.isEmpty() && batches.due(pending, 0, batches.end(pending, 0), nowMs, all);
    }

    /**
     * The offset to commit: the first record still pending, or the one after the last taken. Empty before the task
     * took anything from this partition (there is nothing of ours to commit).
     */
    public OptionalLong committable() {
        if (accepted < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(pending.isEmpty() ? accepted + 1 : pending.get(0).offset());
    }
}
