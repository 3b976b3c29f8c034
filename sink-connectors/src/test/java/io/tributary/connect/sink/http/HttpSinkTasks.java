package io.tributary.connect.sink.http;

import io.tributary.testsupport.InMemorySinkContext;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starting HTTP sink tasks against a {@link Receiver}, and records built by hand, for the unit tests. */
final class HttpSinkTasks {

    static final String TOPIC = "events";
    static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition TP1 = new TopicPartition(TOPIC, 1);

    private HttpSinkTasks() {
    }

    /**
     * A started task with partitions 0 and 1 open, sending to {@code receiver}'s /in: no linger, quick retries, no
     * circuit breaker, unless {@code config} (key, value, ...) says otherwise.
     */
    static HttpSinkTask start(Receiver receiver, InMemorySinkContext context, Time time, String... config) {
        Map<String, String> props = new HashMap<>();
        props.put("http.url", receiver.url("/in"));
        props.put("batch.linger.ms", "0");
        props.put("retry.max.attempts", "3");
        props.put("retry.backoff.initial.ms", "10");
        props.put("retry.backoff.max.ms", "50");
        props.put("http.request.timeout.ms", "5000");
        props.put("circuit.breaker.failure.rate.percent", "0");
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        HttpSinkTask task = new HttpSinkTask(time);
        task.initialize(context);
        task.start(props);
        task.open(List.of(TP0, TP1));
        return task;
    }

    static HttpSinkTask start(Receiver receiver, InMemorySinkContext context, String... config) {
        return start(receiver, context, Time.SYSTEM, config);
    }

    static SinkRecord record(int partition, long offset, Object value) {
        return new SinkRecord(TOPIC, partition, null, "k" + offset, null, value, offset, 1_700_000_000_000L + offset,
                TimestampType.CREATE_TIME);
    }

    /** Records {@code {"n": offset}} of partition 0. */
    static List<SinkRecord> records(long from, long toExclusive) {
        return records(0, from, toExclusive);
    }

    static List<SinkRecord> records(int partition, long from, long toExclusive) {
        List<SinkRecord> list = new ArrayList<>();
        for (long i = from; i < toExclusive; i++) {
            list.add(record(partition, i, Map.of("n", i)));
        }
        return list;
    }

    /** A map with its entries in the order given (JSON objects are compared as text). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    static Map<TopicPartition, OffsetAndMetadata> current(long next0, long next1) {
        return Map.of(TP0, new OffsetAndMetadata(next0), TP1, new OffsetAndMetadata(next1));
    }

    static Map<TopicPartition, OffsetAndMetadata> offsets(TopicPartition tp, long next) {
        return Map.of(tp, new OffsetAndMetadata(next));
    }
}
