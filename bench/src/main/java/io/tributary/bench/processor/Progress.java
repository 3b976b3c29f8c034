package io.tributary.bench.processor;

import io.tributary.bench.Result;
import io.tributary.bench.Span;
import io.tributary.processor.ProcessorApp;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * How the processor benchmark's parts tell that a subject has started and has read all of its input: Kafka Streams'
 * state, and the application's committed offsets against the topics' ends (what a client outside can see for any
 * application, in this JVM or another); and the rate of a subject run in this JVM, measured so.
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

    /**
     * Runs one processor config from the start of its input (earliest, {@code commit.interval.ms=100} so the end is
     * seen within a tenth of a second) until its committed offsets reach the end of {@code input}.
     */
    static Result measure(String what, String bootstrap, String input, ProcessorConfig config) throws Exception {
        Properties props = ProcessorApp.properties(config);
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return measure(what, bootstrap, input, ProcessorApp.topology(config), props);
    }

    /**
     * Runs one application until its committed offsets reach the end of {@code input}, timed from RUNNING; prints
     * the records and span measured (with their rate only when {@link Span} allows it: this line is progress, the
     * callers report the figures) and returns them.
     */
    static Result measure(String what, String bootstrap, String input, Topology topology, Properties props)
            throws Exception {
        String app = props.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, Long> ends = ends(admin, List.of(input));
            long end = total(ends);
            try (KafkaStreams streams = new KafkaStreams(topology, props)) {
                streams.start();
                awaitRunning(streams, what);
                long started = System.nanoTime();
                awaitCommitted(admin, app, ends, Duration.ofMinutes(10), () -> failure(streams));
                Result measured = new Result(what, end, (System.nanoTime() - started) / 1e9, input);
                System.out.printf(Locale.ROOT, "  %-58s %s (%s)%n", what, measured.over(), measured.measurable()
                        ? String.format(Locale.ROOT, "%,.0f events/s", measured.rate()) : "too short to be a rate");
                return measured;
            }
        }
    }
}
