package io.tributary.launcher;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the committed records of some topics as they arrive (read_committed, from the beginning, no consumer
 * group), in a background thread. Topics that do not exist yet are picked up when they appear.
 */
final class TopicCounter implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> marked = new ConcurrentHashMap<>();
    /** Which records count as marked (null: none). */
    private final java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> marks;
    private final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> observer;
    /** Per topic, the event id of each record as it arrived (null: ids not collected); guarded by itself. */
    private final Map<String, EventIds> ids;
    /** Per topic, the records without an event id, as {@code (no event id: topic-partition@offset)}; guarded by ids. */
    private final Map<String, List<String>> withoutId;
    private final Thread thread;
    private volatile boolean running = true;

    TopicCounter(String bootstrap, List<String> topics) {
        this(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topics, null);
    }

    /**
     * Also counts, per topic, the records whose value contains {@code marker} (e.g. an enrichment's field).
     * {@code client}: bootstrap.servers and any security settings ({@link LocalStack#clientConfig}).
     */
    TopicCounter(Map<String, Object> client, List<String> topics, String marker) {
        this(client, topics, marker, record -> { });
    }

    /** Also shows every record to {@code observer} (on the counter's thread). */
    TopicCounter(Map<String, Object> client, List<String> topics, String marker,
                 java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> observer) {
        this(client, topics, containing(marker), observer);
    }

    /**
     * Counts, per topic, the records {@code marks} accepts (e.g. a decoded record whose enrichment field is set), and
     * shows every record to {@code observer}; both run on the counter's thread.
     */
    TopicCounter(Map<String, Object> client, List<String> topics,
                 java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> marks,
                 java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> observer) {
        this(client, topics, marks, observer, false);
    }

    /** With {@code collectIds}, also keeps each record's event id (the first UUID of its value) for {@link #ids}. */
    TopicCounter(Map<String, Object> client, List<String> topics,
                 java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> marks,
                 java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> observer, boolean collectIds) {
        this.topics = topics;
        this.ids = collectIds ? new java.util.HashMap<>() : null;
        this.withoutId = collectIds ? new java.util.HashMap<>() : null;
        if (collectIds) {
            topics.forEach(t -> ids.put(t, new EventIds()));
            topics.forEach(t -> withoutId.put(t, new java.util.ArrayList<>()));
        }
        this.observer = observer;
        this.marks = marks;
        topics.forEach(t -> counts.put(t, new AtomicLong()));
        topics.forEach(t -> marked.put(t, new AtomicLong()));
        Map<String, Object> props = new java.util.HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "tributary-topic-counter");
        thread.setDaemon(true);
        thread.start();
    }

    long count(String topic) {
        return counts.get(topic).get();
    }

    /**
     * The event ids of the records counted in {@code topic} so far, in arrival order, a record without one as
     * {@code (no event id: topic-partition@offset)}; only when constructed to collect them.
     */
    List<String> ids(String topic) {
        if (ids == null) {
            throw new IllegalStateException("this counter does not collect event ids");
        }
        synchronized (ids) {
            List<String> copy = new java.util.ArrayList<>(ids.get(topic));
            copy.addAll(withoutId.get(topic));
            return copy;
        }
    }

    long marked(String topic) {
        return marked.get(topic).get();
    }

    static java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> containing(String marker) {
        if (marker == null) {
            return null;
        }
        byte[] bytes = marker.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return record -> contains(record.value(), bytes);
    }

    private static boolean contains(byte[] value, byte[] marker) {
        outer:
        for (int i = 0; value != null && i <= value.length - marker.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (value[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = 0;
        try {
            while (running) {
                if (System.nanoTime() >= nextRefresh) {
                    Set<TopicPartition> wanted = new HashSet<>();
                    for (String topic : topics) {
                        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                        if (partitions != null) {
                            partitions.forEach(p -> wanted.add(new TopicPartition(topic, p.partition())));
                        }
                    }
                    if (!wanted.equals(assigned)) {
                        Set<TopicPartition> added = new HashSet<>(wanted);
                        added.removeAll(assigned);
                        consumer.assign(wanted);
                        consumer.seekToBeginning(added);
                        assigned = wanted;
                    }
                    nextRefresh = System.nanoTime() + 1_000_000_000L;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    observer.accept(record);
                    if (ids != null) {
                        String id = EventIds.find(record.value());
                        synchronized (ids) {
                            if (id != null) {
                                ids.get(record.topic()).add(id);
                            } else {
                                withoutId.get(record.topic()).add("(no event id: " + record.topic() + "-"
                                        + record.partition() + "@" + record.offset() + ")");
                            }
                        }
                    }
                    counts.get(record.topic()).incrementAndGet();
                    if (marks != null && marks.test(record)) {
                        marked.get(record.topic()).incrementAndGet();
                    }
                }
            }
        } catch (WakeupException | InterruptedException stopping) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
