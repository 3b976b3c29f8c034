package io.tributary.connect.sink.http;

import io.tributary.testsupport.InMemorySinkContext;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.sink.http.HttpSinkTasks.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records whose topic the connector's transforms renamed (RegexRouter, ValidateSchema's route): the renamed topic
 * fills the templates, while queues, committed offsets and idempotency keys stay with the partition read.
 */
class HttpSinkRoutedTopicTest {

    private static final TopicPartition A = new TopicPartition("rename-a", 0);
    private static final TopicPartition B = new TopicPartition("rename-b", 0);

    private final Receiver receiver = new Receiver();
    private final InMemorySinkContext context = new InMemorySinkContext().assign(A, B);

    @AfterEach
    void stop() {
        receiver.close();
    }

    private HttpSinkTask start(String... config) {
        Map<String, String> props = new HashMap<>();
        props.put("http.url", receiver.url("/t/{{topic}}"));
        props.put("batch.linger.ms", "0");
        props.put("idempotency.key.header", "Idempotency-Key");
        props.put("circuit.breaker.failure.rate.percent", "0");
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        HttpSinkTask task = new HttpSinkTask(Time.SYSTEM);
        task.initialize(context);
        task.start(props);
        task.open(List.of(A, B));
        return task;
    }

    /** A record read at {@code tp@offset} that a router renamed to {@code routedTo}. */
    private static SinkRecord routed(TopicPartition tp, long offset, Object value, String routedTo) {
        SinkRecord read = new SinkRecord(tp.topic(), tp.partition(), null, null, null, value, offset,
                1_700_000_000_000L, TimestampType.CREATE_TIME);
        return read.newRecord(routedTo, tp.partition(), null, null, null, value, read.timestamp());
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long a, long b) {
        return Map.of(A, new OffsetAndMetadata(a), B, new OffsetAndMetadata(b));
    }

    @Test
    void aRenamedTopicChoosesTheUrlWhileOffsetsAndIdempotencyKeysKeepThePartitionRead() {
        HttpSinkTask task = start("batch.max.records", "3");
        List<SinkRecord> records = new ArrayList<>();
        for (long i = 0; i < 5; i++) {
            records.add(routed(A, i, map("n", i), "table_a"));
        }
        task.put(records);
        assertThat(receiver.requests).extracting(Receiver.Request::path).containsExactly("/t/table_a", "/t/table_a");
        assertThat(receiver.requests).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly("rename-a-0-0-2", "rename-a-0-3-4");
        assertThat(task.preCommit(offsets(5, 0))).isEqualTo(Map.of(A, new OffsetAndMetadata(5)));
    }

    @Test
    void twoTopicsRoutedIntoOneNameKeepTheirOwnQueuesOffsetsAndKeys() {
        HttpSinkTask task = start("batch.max.records", "10");
        List<SinkRecord> records = new ArrayList<>();
        for (long i = 0; i < 3; i++) {
            records.add(routed(A, i, map("t", "a", "n", i), "table"));
            records.add(routed(B, i, map("t", "b", "n", i), "table"));
        }
        task.put(records);
        assertThat(receiver.bodies()).containsExactlyInAnyOrder(
                "[{\"t\":\"a\",\"n\":0},{\"t\":\"a\",\"n\":1},{\"t\":\"a\",\"n\":2}]",
                "[{\"t\":\"b\",\"n\":0},{\"t\":\"b\",\"n\":1},{\"t\":\"b\",\"n\":2}]");
        assertThat(receiver.requests).extracting(r -> r.header("Idempotency-Key"))
                .containsExactlyInAnyOrder("rename-a-0-0-2", "rename-b-0-0-2");
        assertThat(task.preCommit(offsets(3, 3))).isEqualTo(offsets(3, 3));
    }

    @Test
    void aRedeliveredRoutedRecordIsNotSentTwice() {
        HttpSinkTask task = start();
        task.put(List.of(routed(A, 0, map("n", 0), "table_a"), routed(A, 1, map("n", 1), "table_a")));
        task.put(List.of(routed(A, 1, map("n", 1), "table_a"), routed(A, 2, map("n", 2), "table_a")));
        assertThat(receiver.bodies()).containsExactly("[{\"n\":0},{\"n\":1}]", "[{\"n\":2}]");
        assertThat(task.preCommit(offsets(3, 0))).isEqualTo(Map.of(A, new OffsetAndMetadata(3)));
    }

    @Test
    void anErrantRoutedRecordIsNamedByThePartitionReadAndTheNameItWasRoutedTo() {
        HttpSinkTask task = start("http.url", receiver.url("/u/{{value.user}}"));
        task.put(List.of(routed(A, 0, map("user", "ann"), "table_a"), routed(A, 1, map("n", 1), "table_a")));
        assertThat(context.errant()).extracting(SinkRecord::originalKafkaOffset).containsExactly(1L);
        assertThat(context.errors().get(0).getMessage()).contains("rename-a-0@1 (as table_a)");
        assertThat(task.preCommit(offsets(2, 0))).isEqualTo(Map.of(A, new OffsetAndMetadata(2)));
    }
}
