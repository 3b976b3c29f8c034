package io.tributary.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads whole topics from the beginning, without a consumer group. {@code read_committed} by default, so records
 * of aborted or open transactions never count: what a downstream consumer would really see.
 */
public final class TopicReader {

    private TopicReader() {
    }

    /** The end offset of every partition of {@code topics} (the offset the next record written there gets). */
    public static Map<TopicPartition, Long> endOffsets(String bootstrap, String... topics) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            return Map.copyOf(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
        }
    }

    /** Reads until at least {@code expected} records arrived, then until the topic stays quiet for a second. */
    public static List<ConsumerRecord<byte[], byte[]>> readAtLeast(String bootstrap, String topic, long expected,
                                                                  Duration timeout) {
        return read(bootstrap, topic, expected, timeout, Duration.ofSeconds(1), true);
    }

    /** Reads whatever the topic holds now (until it stays quiet for {@code quiet}). */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, Duration quiet) {
        return read(bootstrap, topic, 0, quiet.multipliedBy(10), quiet, true);
    }

    public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, long expected,
                                                           Duration timeout, Duration quiet, boolean readCommitted) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty()) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
                if (partitions.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        return records;
                    }
                    Await.sleep(200);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastArrival = System.nanoTime();
            while (System.nanoTime() < deadline) {
                int before = records.size();
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                long now = System.nanoTime();
                if (records.size() > before) {
                    lastArrival = now;
                } else if (records.size() >= expected && now - lastArrival > quiet.toNanos()) {
                    break;
                }
            }
        }
        return records;
    }
}
