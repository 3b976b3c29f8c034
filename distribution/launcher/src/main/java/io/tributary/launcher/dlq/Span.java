package io.tributary.launcher.dlq;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The offsets to read per partition: from {@code start} (inclusive) to {@code end} (exclusive). The end is never past
 * what the topic holds when the command starts (its last stable offset, as a read_committed consumer sees it), so a
 * dead-letter topic still being written to is read up to a fixed point and the command ends.
 */
record Span(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

    /** {@code floor}: where reading may start at the earliest (a replay's committed progress), null for none. */
    static Span of(Consumer<?, ?> consumer, List<TopicPartition> partitions, Bounds from, Bounds until,
                   Map<TopicPartition, Long> floor) {
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start = from == null ? beginning
                : from.resolve(consumer, partitions, beginning, ends);
        Map<TopicPartition, Long> end = until == null ? ends : until.resolve(consumer, partitions, ends, ends);
        Map<TopicPartition, Long> starts = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        Map<TopicPartition, Long> endings = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        for (TopicPartition p : partitions) {
            long s = Math.max(start.get(p), beginning.get(p));
            if (floor != null && floor.get(p) != null) {
                s = Math.max(s, floor.get(p));
            }
            starts.put(p, s);
            endings.put(p, Math.max(s, Math.min(end.get(p), ends.get(p))));
        }
        return new Span(starts, endings);
    }

    boolean empty() {
        return start.entrySet().stream().allMatch(e -> e.getValue() >= end.get(e.getKey()));
    }

    /** The partitions with something to read. */
    Map<TopicPartition, Long> open() {
        Map<TopicPartition, Long> open = new HashMap<>();
        start.forEach((p, s) -> {
            if (s < end.get(p)) {
                open.put(p, s);
            }
        });
        return open;
    }

    /** "partition 0 offsets 12-40, partition 1 nothing" for the summary. */
    String describe() {
        StringBuilder text = new StringBuilder();
        start.forEach((p, s) -> {
            long e = end.get(p);
            text.append(text.length() == 0 ? "" : ", ").append("partition ").append(p.partition())
                    .append(s < e ? " offsets " + s + "-" + (e - 1) : " nothing (at " + s + ")");
        });
        return text.toString();
    }
}
