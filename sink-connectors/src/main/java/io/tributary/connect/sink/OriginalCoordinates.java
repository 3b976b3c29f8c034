package io.tributary.connect.sink;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Where a sink record was read from, before the connector's transforms ran (KIP-793, Connect 3.6+): the topic-partition
 * Connect assigned and commits, and the offset in it. A sink keys its offset bookkeeping — partitions opened and
 * closed, {@code preCommit}, {@code context.offset()} rewinds, markers, idempotency keys — by these; the record's own
 * {@code topic()} may have been renamed by a router (RegexRouter, ValidateSchema's route) and only chooses where
 * the record goes. Connect rejects a rewind or commit of a topic-partition it did not assign.
 */
public final class OriginalCoordinates {

    private OriginalCoordinates() {
    }

    public static TopicPartition partition(SinkRecord record) {
        return new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
    }

    public static long offset(SinkRecord record) {
        return record.originalKafkaOffset();
    }

    /** Whether {@code record} was read from {@code tp} (without allocating a TopicPartition). */
    public static boolean from(SinkRecord record, TopicPartition tp) {
        return record.originalKafkaPartition() == tp.partition() && record.originalTopic().equals(tp.topic());
    }

    /** {@code topic-0@5}, or {@code topic-0@5 (as routed-topic)} when a transform renamed the topic. */
    public static String describe(SinkRecord record) {
        String read = record.originalTopic() + "-" + record.originalKafkaPartition() + "@" + record.originalKafkaOffset();
        return record.topic().equals(record.originalTopic()) ? read : read + " (as " + record.topic() + ")";
    }
}
