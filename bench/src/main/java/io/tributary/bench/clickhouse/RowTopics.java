package io.tributary.bench.clickhouse;

import io.tributary.bench.BenchTopics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/** Fills the benchmark's topics with the rows before anything is timed, row i in partition i % partitions. */
final class RowTopics {

    /** The producer settings of the other connector benchmarks. */
    private static final Map<String, String> PRODUCER = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "262144",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");

    private final String bootstrap;
    private final int partitions;

    RowTopics(String bootstrap, int partitions) {
        this.bootstrap = bootstrap;
        this.partitions = partitions;
    }

    /**
     * A new topic holding {@code value(0..count-1)}; fails unless every record was acknowledged and the end offsets
     * add up to {@code count}.
     */
    String produce(String topic, int count, IntFunction<byte[]> value) throws Exception {
        return produce(topic, count, (i, headers) -> value.apply(i));
    }

    /** As {@link #produce(String, int, IntFunction)}, each value able to add record headers (registry ids). */
    String produce(String topic, int count, BiFunction<Integer, Headers, byte[]> value) throws Exception {
        BenchTopics.create(bootstrap, topic, partitions);
        awaitLeaders(topic);
        Map<String, Object> config = new HashMap<>(PRODUCER);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count && failure.get() == null; i++) {
                RecordHeaders headers = new RecordHeaders();
                byte[] v = value.apply(i, headers);
                bytes += v.length;
                producer.send(new ProducerRecord<>(topic, i % partitions, (byte[]) null, v, headers), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IOException("Producing to " + topic + " failed", failure.get());
        }
        BenchTopics.awaitEndOffsets(bootstrap, topic, partitions, count);
        System.out.printf("  produced %,d records (%.0f B each) to %s in %.1f s%n", count, (double) bytes / count,
                topic, (System.nanoTime() - start) / 1e9);
        return topic;
    }

    /**
     * Until every partition of a new topic has its leader: producing at once to a partition whose leadership was
     * still settling lost records here (NOT_LEADER, then out-of-order sequence errors until the delivery timeout).
     */
    private void awaitLeaders(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!hasLeaders(admin, topic)) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("The partitions of " + topic + " have no leader after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private boolean hasLeaders(Admin admin, String topic) throws InterruptedException, ExecutionException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return description.partitions().size() == partitions
                    && description.partitions().stream().allMatch(p -> p.leader() != null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }
}
