package io.tributary.connect.sink.clickhouse;

import io.tributary.testsupport.InMemorySinkContext;
import io.tributary.testsupport.LocalServices;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two ClickHouse sink tasks on one table, against the real ClickHouse 18.16: one task holds rows encoded in RowBinary
 * for an Int32 and a Float32 column while the other widens both columns (Int64, Float64). The interleaving is fixed,
 * not timed: each task's rows are held (a linger of an hour, batches larger than what is sent) until the test calls
 * its {@code preCommit}, which inserts them. Without the layout guard the held rows' 4-byte values would be read as
 * 8-byte ones (refused, or worse, read wrongly); here their insert is refused whole, the task encodes them again and
 * every row lands once with its exact values.
 */
class ClickHouseSinkWideningRaceIT {

    private static final String DB = "tributary_widening_it";
    private static final ClickHouseSql sql = new ClickHouseSql();
    private static final long WIDE = 5_000_000_000L;

    private final List<ClickHouseSinkTask> tasks = new ArrayList<>();

    private static Schema schema(int version) {
        boolean wide = version > 1;
        return SchemaBuilder.struct().name("io.tributary.it.Reading").version(version)
                .field("sensor", Schema.STRING_SCHEMA)
                .field("count", wide ? Schema.INT64_SCHEMA : Schema.INT32_SCHEMA)
                .field("ratio", wide ? Schema.FLOAT64_SCHEMA : Schema.FLOAT32_SCHEMA)
                .field("note", Schema.STRING_SCHEMA)
                .build();
    }

    private static final Schema V1 = schema(1);
    private static final Schema V2 = schema(2);

    /**
     * A reading whose every value says where it was read: count {@code partition * 1000 + offset} (v1) or
     * {@code 5e9 + that} (v2, beyond Int32), ratio that plus 0.5 (exact in Float32 and Float64).
     */
    private static SinkRecord record(String topic, int partition, long offset, Schema schema) {
        long n = partition * 1000L + offset;
        Struct value = new Struct(schema)
                .put("sensor", "s-" + partition + "-" + offset)
                .put("count", schema == V1 ? (Object) (int) n : (Object) (WIDE + n))
                .put("ratio", schema == V1 ? (Object) (n + 0.5f) : (Object) (n + 0.5))
                .put("note", "n-" + offset);
        return new SinkRecord(topic, partition, null, null, schema, value, offset);
    }

    private static List<SinkRecord> records(String topic, int partition, long from, long to, Schema schema) {
        List<SinkRecord> out = new ArrayList<>();
        for (long offset = from; offset < to; offset++) {
            out.add(record(topic, partition, offset, schema));
        }
        return out;
    }

    @BeforeAll
    static void database() {
        sql.query("CREATE DATABASE IF NOT EXISTS " + DB);
    }

    @AfterEach
    void stopTasks() {
        tasks.forEach(ClickHouseSinkTask::stop);
    }

    /** A task assigned {@code partition} that holds its rows until {@code preCommit}. */
    private ClickHouseSinkTask task(String topic, String table, int partition) {
        Map<String, String> props = new HashMap<>();
        props.put("clickhouse.url", LocalServices.clickHouse().toString());
        props.put("clickhouse.database", DB);
        props.put("topic.table.map", topic + "=" + table);
        props.put("table.auto.create.enabled", "true");
        props.put("table.auto.evolve.enabled", "true");
        props.put("batch.max.records", "10000");
        props.put("batch.linger.ms", "3600000");
        ClickHouseSinkTask task = new ClickHouseSinkTask();
        TopicPartition tp = new TopicPartition(topic, partition);
        task.initialize(new InMemorySinkContext().assign(tp));
        task.start(props);
        task.open(List.of(tp));
        tasks.add(task);
        return task;
    }

    private static Map<TopicPartition, OffsetAndMetadata> commit(ClickHouseSinkTask task, String topic, int partition,
                                                                 long next) {
        return task.preCommit(Map.of(new TopicPartition(topic, partition), new OffsetAndMetadata(next)));
    }

    @Test
    void rowsHeldForTheOldTypesAreEncodedAgainWhenAnotherTaskWidensTheColumns() {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000));
        String topic = "readings-" + suffix;
        String table = "race_" + suffix;
        ClickHouseSinkTask widening = task(topic, table, 0);
        ClickHouseSinkTask holding = task(topic, table, 1);

        widening.put(records(topic, 0, 0, 10, V1));
        commit(widening, topic, 0, 10); // creates the table: Int32, Float32
        holding.put(records(topic, 1, 0, 20, V1)); // encoded for Int32 and Float32, held
        assertThat(count(table)).isEqualTo(10);

        widening.put(records(topic, 0, 10, 30, V2)); // widens count and ratio
        commit(widening, topic, 0, 30);
        assertThat(columns(table)).contains("count\tInt64", "ratio\tFloat64");

        Map<TopicPartition, OffsetAndMetadata> committed = commit(holding, topic, 1, 20);

        assertThat(committed).containsEntry(new TopicPartition(topic, 1), new OffsetAndMetadata(20));
        assertEveryRowOnceWithItsValues(table, Map.of(0, new long[]{10, 30}, 1, new long[]{20, 20}));
    }

    @Test
    void aTaskWideningAfterAnotherDidFindsTheColumnsWidenedAndKeepsItsHeldRows() {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000));
        String topic = "readings-" + suffix;
        String table = "race_" + suffix;
        ClickHouseSinkTask first = task(topic, table, 0);
        ClickHouseSinkTask second = task(topic, table, 1);

        first.put(records(topic, 0, 0, 10, V1));
        commit(first, topic, 0, 10);
        second.put(records(topic, 1, 0, 15, V1)); // held, encoded for Int32 and Float32
        first.put(records(topic, 0, 10, 30, V2));
        commit(first, topic, 0, 30); // widened by the first task
        String guard = guard(table);

        // The second task still knows the narrow columns: v2 makes it insert what it holds (refused: the layout
        // changed), then widen (already done: nothing more to alter), then encode its held rows again.
        second.put(records(topic, 1, 15, 25, V2));
        Map<TopicPartition, OffsetAndMetadata> committed = commit(second, topic, 1, 25);

        assertThat(committed).containsEntry(new TopicPartition(topic, 1), new OffsetAndMetadata(25));
        assertThat(guard(table)).isEqualTo(guard); // no second widening
        assertEveryRowOnceWithItsValues(table, Map.of(0, new long[]{10, 30}, 1, new long[]{15, 25}));
    }

    /**
     * Each partition's offsets {@code [0, end)} once each, offsets below {@code v1End} with v1 values and the rest
     * with v2 values, to the unit: no row missing, repeated or misread.
     */
    private static void assertEveryRowOnceWithItsValues(String table, Map<Integer, long[]> v1EndAndEnd) {
        String t = DB + "." + table;
        long rows = 0;
        long expectedCount = 0;
        double expectedRatio = 0;
        for (Map.Entry<Integer, long[]> e : v1EndAndEnd.entrySet()) {
            int p = e.getKey();
            long v1End = e.getValue()[0];
            long end = e.getValue()[1];
            rows += end;
            for (long offset = 0; offset < end; offset++) {
                long n = p * 1000L + offset;
                expectedCount += offset < v1End ? n : WIDE + n;
                expectedRatio += n + 0.5;
            }
            assertThat(sql.count("SELECT uniqExact(_offset) FROM " + t + " WHERE _partition = " + p
                    + " AND _offset < " + end)).isEqualTo(end);
        }
        assertThat(sql.count("SELECT count() FROM " + t)).isEqualTo(rows);
        assertThat(sql.query("SELECT toString(sum(count)) FROM " + t)).isEqualTo(Long.toString(expectedCount));
        assertThat(Double.parseDouble(sql.query("SELECT sum(ratio) FROM " + t))).isEqualTo(expectedRatio);
        assertThat(sql.count("SELECT count() FROM " + t + " WHERE sensor != concat('s-', toString(_partition), '-', "
                + "toString(_offset)) OR note != concat('n-', toString(_offset)) OR ratio != _partition * 1000 + "
                + "_offset + 0.5 OR (count != _partition * 1000 + _offset AND count != " + WIDE
                + " + _partition * 1000 + _offset)")).isZero();
    }

    private static long count(String table) {
        return sql.count("SELECT count() FROM " + DB + "." + table);
    }

    private static String columns(String table) {
        return sql.query("DESCRIBE TABLE " + DB + "." + table);
    }

    private static String guard(String table) {
        return sql.query("SELECT name FROM system.columns WHERE database = '" + DB + "' AND table = '" + table
                + "' AND name LIKE '\\\\_tributary\\\\_layout\\\\_%'");
    }
}
