package io.tributary.connect.sink.clickhouse;

import io.tributary.testsupport.InMemorySinkContext;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ClickHouse sink task, without a worker, fed records whose topic a transform changed (as a RegexRouter or a
 * content-based router leaves them: {@code topic()} renamed, {@code originalTopic()} where they were read): the
 * transformed topic chooses the table; the rows carry the original topic, partition and offset; {@code preCommit}
 * answers for the topic-partitions Connect assigned; and a task started again over the same table skips the
 * redelivered records it holds. Needs the ClickHouse server on 127.0.0.1 (hence an IT); no Kafka.
 */
class ClickHouseSinkTaskTransformsIT {

    private static final String DB = "tributary_transforms_it";
    private static final ClickHouseSql sql = new ClickHouseSql();
    private final List<ClickHouseSinkTask> started = new ArrayList<>();

    @BeforeAll
    static void database() {
        sql.recreateDatabase(DB);
    }

    @AfterEach
    void stopTasks() {
        started.forEach(ClickHouseSinkTask::stop);
    }

    private static void create(String table) {
        sql.query("DROP TABLE IF EXISTS " + DB + "." + table);
        sql.query("CREATE TABLE " + DB + "." + table + " (_topic String, _partition Int32, _offset Int64, id Int64) "
                + "ENGINE = MergeTree() ORDER BY (_topic, _partition, _offset)");
    }

    private ClickHouseSinkTask task(InMemorySinkContext context, TopicPartition... assigned) {
        Map<String, String> config = new HashMap<>();
        config.put("clickhouse.url", sql.uri().toString());
        config.put("clickhouse.database", DB);
        config.put("batch.max.records", "7"); // several inserts per partition
        ClickHouseSinkTask task = new ClickHouseSinkTask();
        task.initialize(context);
        task.start(config);
        task.open(List.of(assigned));
        started.add(task);
        return task;
    }

    /** A record read at {@code original} / {@code offset}, as the transforms hand it over: topic {@code routed}. */
    private static SinkRecord routed(String routed, TopicPartition original, long offset, long id) {
        return new SinkRecord(routed, original.partition(), null, null, null, "{\"id\":" + id + "}", offset,
                1_767_225_600_000L, TimestampType.CREATE_TIME, new ConnectHeaders(), original.topic(),
                original.partition(), offset);
    }

    private static List<SinkRecord> records(int from, int to, IntFunction<SinkRecord> record) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(record.apply(i));
        }
        return out;
    }

    private static Map<TopicPartition, OffsetAndMetadata> commit(ClickHouseSinkTask task) {
        return task.preCommit(Map.of());
    }

    @Test
    void aRenamedTopicChoosesTheTableWhileRowsAndCommitsKeepTheOriginalCoordinates() {
        create("table_src");
        TopicPartition p0 = new TopicPartition("rename-src", 0);
        TopicPartition p1 = new TopicPartition("rename-src", 1);
        ClickHouseSinkTask task = task(new InMemorySinkContext(), p0, p1);
        List<SinkRecord> batch = new ArrayList<>(records(0, 20, i -> routed("table_src", p0, i, i)));
        batch.addAll(records(0, 30, i -> routed("table_src", p1, i, 100 + i)));
        task.put(batch);

        assertThat(commit(task)).isEqualTo(Map.of(p0, new OffsetAndMetadata(20), p1, new OffsetAndMetadata(30)));
        assertThat(sql.query("SELECT DISTINCT _topic FROM " + DB + ".table_src")).isEqualTo("rename-src");
        assertThat(sql.query("SELECT _partition, count(), sum(_offset), sum(id) FROM " + DB + ".table_src "
                + "GROUP BY _partition ORDER BY _partition FORMAT TSV"))
                .isEqualTo("0\t20\t190\t190\n1\t30\t435\t3435");
        assertThat(sql.query("EXISTS TABLE " + DB + ".rename_src")).isEqualTo("0");
    }

    @Test
    void whateverTheTransformsChangedTheRowsCarryWhereTheRecordWasRead() {
        create("moved");
        TopicPartition read = new TopicPartition("src", 2);
        ClickHouseSinkTask task = task(new InMemorySinkContext(), read);
        // A transform that also changed the partition and offset (newRecord allows both): neither is stored.
        task.put(records(0, 10, i -> new SinkRecord("moved", 9, null, null, null, "{\"id\":" + i + "}", 5_000 + i,
                1_767_225_600_000L, TimestampType.CREATE_TIME, new ConnectHeaders(), "src", 2, i)));

        assertThat(commit(task)).isEqualTo(Map.of(read, new OffsetAndMetadata(10)));
        assertThat(sql.query("SELECT _topic, _partition, count(), min(_offset), max(_offset) FROM " + DB + ".moved "
                + "GROUP BY _topic, _partition FORMAT TSV")).isEqualTo("src\t2\t10\t0\t9");
    }

    @Test
    void aTaskStartedAgainSkipsTheRedeliveredRecordsOfARenamedTopicThatTheTableHolds() {
        create("table_orders");
        TopicPartition p = new TopicPartition("rename-orders", 0);
        ClickHouseSinkTask first = task(new InMemorySinkContext(), p);
        first.put(records(0, 100, i -> routed("table_orders", p, i, i)));
        assertThat(commit(first)).isEqualTo(Map.of(p, new OffsetAndMetadata(100)));
        first.stop(); // killed before Connect committed: the next task is handed everything again

        ClickHouseSinkTask second = task(new InMemorySinkContext(), p);
        second.put(records(0, 150, i -> routed("table_orders", p, i, i)));

        assertThat(commit(second)).isEqualTo(Map.of(p, new OffsetAndMetadata(150)));
        assertThat(sql.count("SELECT count() FROM " + DB + ".table_orders")).isEqualTo(150);
        assertThat(sql.count("SELECT uniqExact(_topic, _partition, _offset) FROM " + DB + ".table_orders"))
                .isEqualTo(150);
        assertThat(sql.count("SELECT sum(id) FROM " + DB + ".table_orders")).isEqualTo(150L * 149 / 2);
    }

    @Test
    void severalOriginalTopicsInOneTableKeepTheirOwnTriplesAndRecoverSeparately() {
        create("merged");
        TopicPartition eu = new TopicPartition("ledger-eu", 0);
        TopicPartition us = new TopicPartition("ledger-us", 0);
        ClickHouseSinkTask first = task(new InMemorySinkContext(), eu, us);
        first.put(records(0, 40, i -> routed("merged", i % 2 == 0 ? eu : us, i / 2, i)));
        commit(first);
        first.stop();

        // Same offsets in both topics; eu was stored up to 19, us is redelivered further than it was stored.
        ClickHouseSinkTask second = task(new InMemorySinkContext(), eu, us);
        List<SinkRecord> again = new ArrayList<>(records(0, 20, i -> routed("merged", eu, i, 2L * i)));
        again.addAll(records(0, 25, i -> routed("merged", us, i, 2L * i + 1)));
        second.put(again);

        assertThat(commit(second)).isEqualTo(Map.of(eu, new OffsetAndMetadata(20), us, new OffsetAndMetadata(25)));
        assertThat(sql.query("SELECT _topic, count(), uniqExact(_offset), max(_offset) FROM " + DB + ".merged "
                + "GROUP BY _topic ORDER BY _topic FORMAT TSV")).isEqualTo("ledger-eu\t20\t20\t19\nledger-us\t25\t25\t24");
    }

    @Test
    void offsetsPassRecordsAFilterDroppedOnceNothingIsPending() {
        create("filtered");
        TopicPartition some = new TopicPartition("mixed", 0);
        TopicPartition none = new TopicPartition("mixed", 1);
        ClickHouseSinkTask task = task(new InMemorySinkContext(), some, none);
        // Connect read 0..29 of partition 0 and 0..9 of partition 1; the transforms passed on only 0..9 of partition 0.
        task.put(records(0, 10, i -> routed("filtered", some, i, i)));

        assertThat(task.preCommit(Map.of(some, new OffsetAndMetadata(30), none, new OffsetAndMetadata(10))))
                .isEqualTo(Map.of(some, new OffsetAndMetadata(30), none, new OffsetAndMetadata(10)));
        assertThat(sql.count("SELECT count() FROM " + DB + ".filtered")).isEqualTo(10);
    }

    @Test
    void oneTopicRoutedByContentIntoTwoTablesIsRecoveredInTheTableEachRecordGoesTo() {
        create("evens");
        create("odds");
        TopicPartition p = new TopicPartition("numbers", 0);
        IntFunction<SinkRecord> byParity = i -> routed(i % 2 == 0 ? "evens" : "odds", p, i, i);
        ClickHouseSinkTask first = task(new InMemorySinkContext(), p);
        first.put(records(0, 61, byParity));
        commit(first);
        first.stop();

        ClickHouseSinkTask second = task(new InMemorySinkContext(), p);
        second.put(records(0, 80, byParity));

        assertThat(commit(second)).isEqualTo(Map.of(p, new OffsetAndMetadata(80)));
        assertThat(sql.query("SELECT count(), uniqExact(_offset), sum(id), countIf(id % 2 = 1) FROM " + DB + ".evens "
                + "FORMAT TSV")).isEqualTo("40\t40\t1560\t0");
        assertThat(sql.query("SELECT count(), uniqExact(_offset), sum(id), countIf(id % 2 = 0) FROM " + DB + ".odds "
                + "FORMAT TSV")).isEqualTo("40\t40\t1600\t0");
    }
}
