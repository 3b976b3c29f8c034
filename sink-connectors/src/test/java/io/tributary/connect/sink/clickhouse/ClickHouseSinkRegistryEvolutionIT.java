package io.tributary.connect.sink.clickhouse;

import io.apicurio.registry.utils.converter.AvroConverter;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ClickHouse sink behind Apicurio Registry's AvroConverter, in a real Connect worker, against the real registry
 * and ClickHouse 18.16: Avro records of a first schema (a required string, an int, a float, a decimal, a
 * timestamp-millis, a date) create the table; a second version adds an optional field (a Nullable column is added,
 * records of both versions keep landing); a third widens int to long and float to double (MODIFY COLUMN); a fourth
 * turns the float into a record and a fifth drops the required string (no Nullable, no DEFAULT): their records go to
 * the dead-letter topic, named by table, column, schema and registry artifact version, while records of the third
 * version sent after them still land — each exactly once.
 */
class ClickHouseSinkRegistryEvolutionIT {

    private static final String DB = "tributary_registry_it";
    private static final String NAME = "io.tributary.it.Reading";
    private static ConnectCluster cluster;
    private static ConnectRest rest;
    private static final ClickHouseSql sql = new ClickHouseSql();

    @BeforeAll
    static void start() {
        LocalServices.registry();
        sql.recreateDatabase(DB);
        cluster = ConnectCluster.builder("clickhouse-registry-it").start();
        rest = cluster.rest();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Map<String, String> converterConfig() {
        return Map.of("apicurio.registry.url", LocalServices.registryApi(),
                "apicurio.registry.auto-register", "true",
                "apicurio.registry.find-latest", "true");
    }

    private static SchemaBuilder base(int version) {
        return SchemaBuilder.struct().name(NAME).version(version)
                .field("amount", Decimal.builder(2).parameter("connect.decimal.precision", "10").build())
                .field("at", Timestamp.SCHEMA)
                .field("day", Date.SCHEMA);
    }

    private static final Schema V1 = base(1).field("sensor", Schema.STRING_SCHEMA)
            .field("count", Schema.INT32_SCHEMA).field("ratio", Schema.FLOAT32_SCHEMA).build();
    private static final Schema V2 = base(2).field("sensor", Schema.STRING_SCHEMA)
            .field("count", Schema.INT32_SCHEMA).field("ratio", Schema.FLOAT32_SCHEMA)
            .field("unit", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema V3 = base(3).field("sensor", Schema.STRING_SCHEMA)
            .field("count", Schema.INT64_SCHEMA).field("ratio", Schema.FLOAT64_SCHEMA)
            .field("unit", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema RATIO = SchemaBuilder.struct().name("io.tributary.it.Ratio")
            .field("value", Schema.FLOAT64_SCHEMA).field("basis", Schema.STRING_SCHEMA).build();
    private static final Schema V4 = base(4).field("sensor", Schema.STRING_SCHEMA)
            .field("count", Schema.INT64_SCHEMA).field("ratio", RATIO)
            .field("unit", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema V5 = base(5)
            .field("count", Schema.INT64_SCHEMA).field("ratio", Schema.FLOAT64_SCHEMA)
            .field("unit", Schema.OPTIONAL_STRING_SCHEMA).build();

    private static Struct reading(Schema schema, int i) {
        Struct s = new Struct(schema)
                .put("amount", new BigDecimal(i + ".25"))
                .put("at", new java.util.Date(1_767_225_600_000L + i * 1000L))
                .put("day", new java.util.Date(20_454L * 86_400_000L));
        if (schema.field("sensor") != null) {
            s.put("sensor", "s-" + i);
        }
        boolean wide = schema.field("count").schema().type() == Schema.Type.INT64;
        s.put("count", wide ? (Object) (5_000_000_000L + i) : (Object) i);
        if (schema.field("ratio").schema().type() == Schema.Type.STRUCT) {
            s.put("ratio", new Struct(RATIO).put("value", 0.5).put("basis", "pct"));
        } else {
            s.put("ratio", wide ? (Object) (i + 0.1) : (Object) (i + 0.5f));
        }
        if (schema.field("unit") != null) {
            s.put("unit", "C");
        }
        return s;
    }

    /** Serializes through the converter as a source connector's worker would, registering each new schema. */
    private static void produce(String topic, Schema schema, int from, int to) {
        AvroConverter<Object> converter = new AvroConverter<>();
        converter.configure(converterConfig(), false);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                RecordHeaders headers = new RecordHeaders();
                byte[] value = converter.fromConnectData(topic, headers, schema, reading(schema, i));
                producer.send(new ProducerRecord<>(topic, 0, (byte[]) null, value, headers));
            }
            producer.flush();
        }
    }

    @Test
    void avroThroughTheRegistryEvolvesTheTableAndDeadLettersIncompatibleVersions() {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000));
        String topic = "avro-readings-" + suffix;
        String table = "readings_" + suffix;
        String dlq = topic + "-dlq";
        cluster.createTopic(topic, 1);
        Map<String, String> config = sink(suffix, topic, table, dlq);
        assertThat(rest.validate(ClickHouseSinkConnector.class.getName(), config).path("error_count").asInt())
                .isZero();
        rest.configure("avro-" + suffix, config);
        rest.awaitRunning("avro-" + suffix, 1, Duration.ofSeconds(60));
        String t = DB + "." + table;

        produce(topic, V1, 0, 100);
        Await.until(Duration.ofSeconds(90), "100 v1 rows", () -> exists(table) && count(t) == 100);
        assertThat(columns(table)).contains("sensor\tString", "count\tInt32", "ratio\tFloat32",
                "amount\tDecimal(10, 2)", "at\tDateTime", "day\tDate").doesNotContain("unit\t");

        produce(topic, V2, 100, 150);
        produce(topic, V1, 150, 170); // the old version keeps coming
        Await.until(Duration.ofSeconds(90), "170 rows", () -> count(t) == 170);
        assertThat(columns(table)).contains("unit\tNullable(String)");
        assertThat(sql.count("SELECT count() FROM " + t + " WHERE unit = 'C'")).isEqualTo(50);

        // Old-version rows still pending when the widening version arrives are inserted before the column changes.
        produce(topic, V1, 170, 180);
        produce(topic, V3, 180, 200);
        Await.until(Duration.ofSeconds(90), "200 rows", () -> count(t) == 200);
        assertThat(columns(table)).contains("count\tInt64", "ratio\tFloat64");

        produce(topic, V4, 200, 210);
        produce(topic, V5, 210, 215);
        produce(topic, V3, 215, 240);
        produce(topic, V1, 240, 245);
        Await.until(Duration.ofSeconds(90), "230 rows", () -> count(t) == 230);

        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(), dlq, 15,
                Duration.ofSeconds(60));
        assertThat(dead).hasSize(15);
        String v4Message = header(dead.get(0), "__connect.errors.exception.message");
        assertThat(v4Message).contains("`" + DB + "`.`" + table + "`", "field 'ratio'", "STRUCT",
                "Float64", "value schema '" + NAME + "'", "registry globalId",
                "artifact default/" + topic + "-value version 4");
        String v5Message = header(dead.get(10), "__connect.errors.exception.message");
        assertThat(v5Message).contains("`" + DB + "`.`" + table + "`", "column 'sensor'", "no field for it",
                "artifact default/" + topic + "-value version 5");
        assertThat(header(dead.get(0), "__connect.errors.offset")).isEqualTo("200");
        assertThat(header(dead.get(14), "__connect.errors.offset")).isEqualTo("214");

        assertThat(sql.count("SELECT uniqExact(_topic, _partition, _offset) FROM " + t)).isEqualTo(230);
        assertThat(sql.count("SELECT count() FROM " + t + " WHERE _offset BETWEEN 200 AND 214")).isZero();
        long v1Counts = sum(0, 100) + sum(150, 180) + sum(240, 245);
        long v2Counts = sum(100, 150);
        long v3Counts = (5_000_000_000L * 45) + sum(180, 200) + sum(215, 240);
        assertThat(sql.query("SELECT toString(sum(count)) FROM " + t))
                .isEqualTo(Long.toString(v1Counts + v2Counts + v3Counts));
        assertThat(sql.count("SELECT count() FROM " + t + " WHERE count > 4294967295")).isEqualTo(45);
        assertThat(sql.query("SELECT toString(sum(amount)) FROM " + t + " WHERE _offset < 170"))
                .isEqualTo(new BigDecimal(sum(0, 170)).add(new BigDecimal("42.50")).toPlainString());
        assertThat(sql.query("SELECT toString(min(day)) FROM " + t)).isEqualTo("2026-01-01");
        assertThat(sql.query("SELECT toString(min(at)) FROM " + t)).isEqualTo("2026-01-01 00:00:00");
        // The refused versions left the table as it was: no columns for the record that replaced ratio.
        assertThat(columns(table)).doesNotContain("ratio_value", "ratio_basis");
        assertThat(rest.status("avro-" + suffix).path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        rest.delete("/connectors/avro-" + suffix);
    }

    private static Map<String, String> sink(String suffix, String topic, String table, String dlq) {
        Map<String, String> config = new HashMap<>();
        config.put("name", "avro-" + suffix);
        config.put("connector.class", ClickHouseSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("topic.table.map", topic + "=" + table);
        config.put("clickhouse.url", sql.uri().toString());
        config.put("clickhouse.database", DB);
        config.put("table.auto.create.enabled", "true");
        config.put("table.auto.evolve.enabled", "true");
        config.put("batch.linger.ms", "200");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", AvroConverter.class.getName());
        converterConfig().forEach((k, v) -> config.put("value.converter." + k, v));
        // Keeps the registry's 8-byte id headers as bytes (SimpleHeaderConverter would read them as text).
        config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", dlq);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    /** A widening the server refuses (a column of the sorting key): the widened version's records are dead letters
     * naming the refusal; the table keeps its type; records of the old version keep landing. */
    @Test
    void aWideningTheServerRefusesDeadLettersThatVersionOnly() {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1_000_000));
        String topic = "avro-keyed-" + suffix;
        String table = "keyed_" + suffix;
        String dlq = topic + "-dlq";
        String t = DB + "." + table;
        sql.query("CREATE TABLE " + t + " (_topic String, _partition Int32, _offset Int64, amount Decimal(10, 2), "
                + "at DateTime, day Date, sensor String, count Int32, ratio Float32, unit Nullable(String)) "
                + "ENGINE = MergeTree() ORDER BY (count, _topic, _partition, _offset)");
        cluster.createTopic(topic, 1);
        rest.configure("avro-" + suffix, sink(suffix, topic, table, dlq));
        rest.awaitRunning("avro-" + suffix, 1, Duration.ofSeconds(60));
        produce(topic, V2, 0, 10);
        produce(topic, V3, 10, 15);
        produce(topic, V2, 15, 20);
        Await.until(Duration.ofSeconds(90), "15 rows", () -> count(t) == 15);
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(), dlq, 5,
                Duration.ofSeconds(60));
        assertThat(dead).hasSize(5);
        assertThat(header(dead.get(0), "__connect.errors.exception.message")).contains("field 'count'",
                "Int32", "it needs Int64", "the server refused MODIFY COLUMN", "version 3");
        assertThat(columns(table)).contains("count\tInt32");
        assertThat(sql.count("SELECT count() FROM " + t + " WHERE _offset BETWEEN 10 AND 14")).isZero();
        assertThat(sql.count("SELECT uniqExact(_offset) FROM " + t)).isEqualTo(15);
        rest.delete("/connectors/avro-" + suffix);
    }

    private static long sum(int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) {
            s += i;
        }
        return s;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        return new String(record.headers().lastHeader(key).value(), StandardCharsets.UTF_8);
    }

    private static long count(String table) {
        return sql.count("SELECT count() FROM " + table);
    }

    private static String columns(String table) {
        return sql.query("SELECT name, type FROM system.columns WHERE database = '" + DB + "' AND table = '" + table
                + "' FORMAT TSV");
    }

    private static boolean exists(String table) {
        return sql.query("EXISTS TABLE " + DB + "." + table).equals("1");
    }
}
