package io.tributary.processor.status;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Offsets from the brokers through the processor's admin client: topics' first and end offsets and consumer groups'
 * committed offsets — the same numbers Kafka's own tools show, read when asked and never kept as a second record.
 * End offsets are read_committed (the last stable offset), as the processor's exactly-once consumers read.
 */
final class KafkaOffsets implements AutoCloseable {

    private final Admin admin;
    private final Duration timeout;

    KafkaOffsets(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Offsets of the topics that exist; {@code missing} names the others. */
    record Topics(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends, Set<String> missing) {
    }

    Topics topics(Collection<String> names) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> wanted = new TreeSet<>(names);
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(existing);
        wanted.retainAll(existing);
        if (wanted.isEmpty()) {
            return new Topics(Map.of(), Map.of(), missing);
        }
        Map<String, TopicDescription> descriptions = admin.describeTopics(wanted).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(d.name(), p.partition());
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        }));
        ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, Long> starts = new HashMap<>();
        admin.listOffsets(earliest, committed).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> starts.put(tp, info.offset()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest, committed).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return new Topics(Map.copyOf(starts), Map.copyOf(ends), missing);
    }

    /** A consumer group's committed offsets (empty for a group that committed none, or does not exist). */
    Map<TopicPartition, Long> committed(String group) throws ExecutionException, InterruptedException,
            TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return Map.copyOf(out);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
