package io.tributary.bench.processor;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * How the processor benchmark's parts tell that a subject has started and has read all of its input: Kafka Streams'
 * state, and the application's committed offsets against the topics' ends (what a client outside can see for any
 * application, in this JVM or another).
 */
final class Progress {

    private Progress() {
    }

    /** The end offset of every partition of the topics. */
    static Map<TopicPartition, Long> ends(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> latest.put(new TopicPartition(topic.name(), p.partition()),
                    OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    static long total(Map<TopicPartition, Long> ends) {
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Waits until the group's committed offsets reach {@code ends} on every partition. {@code failure} names what
     * went wrong with the subject, or returns null while it is alive.
     */
    static void awaitCommitted(Admin admin, String group, Map<TopicPartition, Long> ends, Duration timeout,
                               Supplier<String> failure) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            boolean done = true;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata o = committed.get(end.getKey());
                // Under exactly-once the committed offset sits one past the last transaction marker.
                if (o == null || o.offset() < end.getValue()) {
                    done = false;
                }
            }
            if (done) {
                return;
            }
            String failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException(group + ": " + failed);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " has not committed the end of its input within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Null while the application is alive, else its state. */
    static String failure(KafkaStreams streams) {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                || state == KafkaStreams.State.PENDING_ERROR ? "the application is " + state : null;
    }

    static void awaitRunning(KafkaStreams streams, String what) throws InterruptedException {
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (failure(streams) != null) {
                throw new IllegalStateException(what + " failed to start: " + failure(streams));
            }
            Thread.sleep(20);
        }
    }
}
