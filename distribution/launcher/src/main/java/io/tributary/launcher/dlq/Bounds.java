package io.tributary.launcher.dlq;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --from} (inclusive) and {@code --until} (exclusive) as given: an offset for every partition ({@code 120}),
 * offsets per partition ({@code 0:120,1:80}; partitions not named are not bounded) or a time (ISO-8601,
 * {@code 2026-12-07T10:00:00Z}: the first record at or after it, by record timestamp). {@link #resolve} turns a bound
 * into an offset per partition.
 */
final class Bounds {

    private final String flag;
    private final Long everyPartition;
    private final Map<Integer, Long> perPartition;
    private final Instant time;

    private Bounds(String flag, Long everyPartition, Map<Integer, Long> perPartition, Instant time) {
        this.flag = flag;
        this.everyPartition = everyPartition;
        this.perPartition = perPartition;
        this.time = time;
    }

    /** Null when the flag was not given. */
    static Bounds parse(String flag, String spec) {
        if (spec == null) {
            return null;
        }
        String value = spec.trim();
        if (value.matches("\\d+")) {
            return new Bounds(flag, Long.parseLong(value), Map.of(), null);
        }
        if (value.matches("\\d+:\\d+(,\\d+:\\d+)*")) {
            Map<Integer, Long> offsets = new HashMap<>();
            for (String pair : value.split(",")) {
                String[] parts = pair.split(":");
                if (offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1])) != null) {
                    throw new IllegalArgumentException("--" + flag + " names partition " + parts[0] + " twice");
                }
            }
            return new Bounds(flag, null, offsets, null);
        }
        try {
            return new Bounds(flag, null, Map.of(), OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notOffsetDateTime) {
            try {
                return new Bounds(flag, null, Map.of(), Instant.parse(value));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--" + flag + " takes an offset (120), offsets per partition "
                        + "(0:120,1:80) or an ISO-8601 time (2026-12-07T10:00:00Z), not '" + spec + "'");
            }
        }
    }

    /**
     * The offset of this bound for each partition, or {@code fallback}'s where it sets none. A time after a
     * partition's last record resolves to its end ({@code ends}), whether it starts or ends the span.
     */
    Map<TopicPartition, Long> resolve(Consumer<?, ?> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> fallback, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> offsets = new HashMap<>(fallback);
        if (time != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, time.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp at = found.get(p);
                offsets.put(p, at != null ? at.offset() : ends.get(p));
            }
            return offsets;
        }
        for (TopicPartition p : partitions) {
            Long offset = everyPartition != null ? everyPartition : perPartition.get(p.partition());
            if (offset != null) {
                offsets.put(p, offset);
            }
        }
        for (int partition : perPartition.keySet()) {
            if (partitions.stream().noneMatch(p -> p.partition() == partition)) {
                throw new IllegalArgumentException("--" + flag + " names partition " + partition + ", which the topic "
                        + "does not have (it has " + partitions.size() + ")");
            }
        }
        return offsets;
    }
}
