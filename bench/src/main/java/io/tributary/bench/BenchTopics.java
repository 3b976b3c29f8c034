package io.tributary.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Topic chores the connector benchmarks share: create, wait for N records, find when the first one was written. */
public final class BenchTopics {

    private BenchTopics() {
    }

    public static void create(String bootstrap, String topic, int partitions) throws Exception {
        create(plain(bootstrap), topic, partitions);
    }

    /** {@code client}: bootstrap.servers and any security settings (LocalStack.clientConfig). */
    public static void create(Map<String, Object> client, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            // The controller answers before the broker leads the new partitions (its metadata may even name the
            // leader a moment before the partition exists): an idempotent producer sending at once got
            // NOT_LEADER_OR_FOLLOWER for its first batch while later ones were appended, then retried it with
            // OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms (2 min). ListOffsets is answered by the
            // partition's leader itself, so once it answers for every partition, produce requests are taken.
            while (!leadersAnswer(admin, topic, partitions)) {
                Thread.sleep(20);
            }
        }
    }

    private static boolean leadersAnswer(Admin admin, String topic, int partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            admin.listOffsets(latest).all().get();
            return true;
        } catch (java.util.concurrent.ExecutionException notYet) {
            return false;
        }
    }

    /** Waits until the end offsets of the topic's partitions add up to at least {@code expected}. */
    public static void awaitEndOffsets(String bootstrap, String topic, int partitions, long expected) throws Exception {
        awaitEndOffsets(plain(bootstrap), topic, partitions, expected);
    }

    public static void awaitEndOffsets(Map<String, Object> client, String topic, int partitions, long expected)
            throws Exception {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            while (true) {
                long sum = 0;
                for (var info : admin.listOffsets(latest).all().get().values()) {
                    sum += info.offset();
                }
                if (sum >= expected) {
                    return;
                }
                Thread.sleep(10);
            }
        }
    }

    /** The earliest CreateTime of a topic's first records (across partitions), read committed. */
    public static long firstTimestamp(String bootstrap, String topic, int partitions) {
        return firstTimestamp(plain(bootstrap), topic, partitions);
    }

    public static long firstTimestamp(Map<String, Object> client, String topic, int partitions) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long first = Long.MAX_VALUE;
            Map<TopicPartition, Boolean> seen = new HashMap<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (seen.size() < all.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (seen.putIfAbsent(tp, true) == null) {
                        first = Math.min(first, record.timestamp());
                        consumer.pause(List.of(tp));
                    }
                }
            }
            return first;
        }
    }

    private static Map<String, Object> plain(String bootstrap) {
        return Map.of("bootstrap.servers", bootstrap);
    }

    /** Producer settings as a connector's {@code producer.override.*} keys. */
    public static Map<String, String> producerOverrides(Map<String, String> producer) {
        Map<String, String> overrides = new HashMap<>();
        producer.forEach((k, v) -> overrides.put("producer.override." + k, v));
        return overrides;
    }
}
