package io.tributary.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.ConnectRest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.tributary.processor.event.DeadLetters;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A topic's committed records as the checks need them: partition, offset, the event id (if any) and the value. */
record TopicRecords(String topic, List<Rec> records) {

    /** {@code job}: the processor's job header of a late or dead-lettered event, else null. */
    record Rec(int partition, long offset, String eventId, JsonNode value, String job) {
    }

    /**
     * Reads every partition of {@code topic} from the beginning to its last stable offset as of now
     * (read_committed): exactly what a downstream consumer can see, no quiet-period guess.
     */
    static TopicRecords read(String bootstrap, String topic) {
        List<Rec> records = new ArrayList<>();
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("cannot read " + topic + " to its end offsets " + ends);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < ends.get(new TopicPartition(r.topic(), r.partition()))) {
                        JsonNode value = parse(r.value());
                        records.add(new Rec(r.partition(), r.offset(),
                                value == null ? null : value.path("event_id").asText(null), value, job(r)));
                    }
                }
            }
        }
        records.sort(Comparator.comparingInt(Rec::partition).thenComparingLong(Rec::offset));
        return new TopicRecords(topic, records);
    }

    /** The records of each partition, in offset order. */
    Map<Integer, List<Rec>> byPartition() {
        Map<Integer, List<Rec>> partitions = new HashMap<>();
        records.forEach(r -> partitions.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
        return partitions;
    }

    private static String job(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(DeadLetters.JOB);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return ConnectRest.JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

}
