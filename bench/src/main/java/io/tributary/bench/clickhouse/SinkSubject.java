package io.tributary.bench.clickhouse;

import io.tributary.bench.Result;
import io.tributary.launcher.ConnectClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The subject: the ClickHouse sink moving a topic into a fresh table. Timed from creating the connector through the
 * REST API to {@code SELECT count()} reaching the topic's row count (polled every 200 ms); the start-up (until the
 * connector's consumer group holds partitions) is printed with it. The table is then checked (every row once) and
 * dropped, and the connector deleted.
 */
final class SinkSubject {

    static final String CONNECTOR = "io.tributary.connect.sink.clickhouse.ClickHouseSinkConnector";
    private static final long COUNT_POLL_MS = 200;
    private static final long STALL_MS = 60_000;

    /** How the topic's values reach the sink. */
    enum Values {
        /** StringConverter: each value a JSON object as text, passed through to JSONEachRow with no parsing. */
        JSON_STRINGS("JSON strings (StringConverter)", "org.apache.kafka.connect.storage.StringConverter", false),
        /** ByteArrayConverter: the same JSON objects as bytes, passed through without decoding them to text. */
        JSON_BYTES("JSON bytes (ByteArrayConverter)", "org.apache.kafka.connect.converters.ByteArrayConverter",
                false),
        /** JsonConverter with schemas: each value a Struct, written as RowBinary. */
        STRUCTS("Structs (JsonConverter, schemas)", "org.apache.kafka.connect.json.JsonConverter", true),
        /** Apicurio Registry's AvroConverter: each value Avro binary, its schema by the global id in a header,
         * fetched from the registry once and cached; the same Structs as {@link #STRUCTS}, written as RowBinary. */
        AVRO("Avro Structs (Apicurio AvroConverter, registry)", "io.apicurio.registry.utils.converter.AvroConverter",
                true);

        final String label;
        final String converter;
        final boolean schemas;

        Values(String label, String converter, boolean schemas) {
            this.label = label;
            this.converter = converter;
            this.schemas = schemas;
        }
    }

    private final ConnectClient connect;
    private final String bootstrap;
    private final BenchTables tables;
    private final ClickHouseHttp clickhouse;
    private final URI clickhouseUrl;
    private final int tasks;
    private final Map<String, String> overrides;
    private final CpuMeter cpu;
    private int runs;
    private AvroTopic avro;

    SinkSubject(ConnectClient connect, String bootstrap, BenchTables tables, ClickHouseHttp clickhouse,
                URI clickhouseUrl, int tasks, Map<String, String> overrides, CpuMeter cpu) {
        this.connect = connect;
        this.bootstrap = bootstrap;
        this.tables = tables;
        this.clickhouse = clickhouse;
        this.clickhouseUrl = clickhouseUrl;
        this.tasks = tasks;
        this.overrides = overrides;
        this.cpu = cpu;
    }

    /** The registry (through its counting proxy) that {@link Values#AVRO} subjects' converter reads. */
    void avro(AvroTopic avro) {
        this.avro = avro;
    }

    Result run(String topic, Values values, boolean exactlyOnce, BenchRows rows, int count) throws Exception {
        String guarantee = exactlyOnce ? "exactly-once" : "at-least-once";
        String table = tables.create(exactlyOnce ? "sink_eos" : "sink_alos", exactlyOnce);
        String name = "clickhouse-sink-" + (++runs);
        Map<String, String> config = new HashMap<>(Map.of(
                "connector.class", CONNECTOR,
                "tasks.max", String.valueOf(tasks),
                "topics", topic,
                "clickhouse.url", clickhouseUrl.toString(),
                "clickhouse.database", BenchTables.DATABASE,
                "topic.table.map", topic + "=" + table.substring(table.indexOf('.') + 1),
                "delivery.guarantee", guarantee,
                "value.converter", values.converter,
                "value.converter.schemas.enable", String.valueOf(values.schemas)));
        if (values == Values.AVRO) {
            config.put("value.converter.apicurio.registry.url", avro.converterUrl());
        }
        config.putAll(overrides);
        long registryBefore = avro == null ? 0 : avro.requests();
        String group = "connect-" + name;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            CpuMeter.Sample before = cpu.sample();
            long start = System.nanoTime();
            connect.configure(name, config);
            long assigned = awaitAssignment(admin, group, name);
            long done = awaitCount(table, count, name);
            CpuMeter.Sample after = cpu.sample();
            connect.delete(name);
            awaitNoMembers(admin, group);
            tables.verify(table, rows, count, exactlyOnce);
            tables.drop(table);
            String subject = "sink, " + values.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ", " + guarantee;
            Result result = new Result(subject, count, (done - start) / 1e9, topic);
            System.out.printf(Locale.ROOT, "  %s (start-up %.2f s); %s%s%n", result.line().trim(),
                    (assigned - start) / 1e9, after.since(before), values == Values.AVRO
                            ? "; registry requests " + (avro.requests() - registryBefore) : "");
            return result;
        }
    }

    /** When the connector's consumer group first holds partitions (polled every 20 ms). */
    private long awaitAssignment(Admin admin, String group, String name) throws Exception {
        long deadline = System.nanoTime() + STALL_MS * 1_000_000L;
        while (System.nanoTime() < deadline) {
            for (MemberDescription member : members(admin, group)) {
                if (!member.assignment().topicPartitions().isEmpty()) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(20);
        }
        throw new IOException("The consumer group of " + name + " held no partitions after " + STALL_MS / 1000
                + " s; task states: " + connect.taskStates(name));
    }

    /** When {@code SELECT count()} first reaches {@code count}; fails if it stops growing or a task fails. */
    private long awaitCount(String table, long count, String name) throws Exception {
        long last = -1;
        long lastChange = System.nanoTime();
        int polls = 0;
        while (true) {
            long rows = clickhouse.count(table);
            long now = System.nanoTime();
            if (rows >= count) {
                return now;
            }
            if (rows != last) {
                last = rows;
                lastChange = now;
            } else if (now - lastChange > STALL_MS * 1_000_000L) {
                throw new IOException(table + " stayed at " + rows + " of " + count + " rows for " + STALL_MS / 1000
                        + " s; task states: " + connect.taskStates(name));
            }
            if (++polls % 10 == 0 && connect.taskStates(name).contains("FAILED")) {
                connect.awaitRunning(name, Duration.ofSeconds(1)); // throws with the task's trace
            }
            Thread.sleep(COUNT_POLL_MS);
        }
    }

    /** Until the deleted connector's tasks have left their group: nothing of it runs during the next subject. */
    private static void awaitNoMembers(Admin admin, String group) throws Exception {
        long deadline = System.nanoTime() + STALL_MS * 1_000_000L;
        while (!members(admin, group).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("The tasks of the deleted connector are still in group " + group);
            }
            Thread.sleep(50);
        }
    }

    /** The group's members; none while the group does not exist yet (or any more). */
    private static Collection<MemberDescription> members(Admin admin, String group)
            throws InterruptedException, ExecutionException {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return description == null ? List.of() : description.members();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }
}
