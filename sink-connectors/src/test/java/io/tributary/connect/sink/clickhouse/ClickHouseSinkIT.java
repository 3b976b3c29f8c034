package io.tributary.connect.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TcpProxy;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ClickHouse sink in a real Connect worker against the real ClickHouse server on 127.0.0.1, configured
 * through the REST API: schemaless JSON through a topic-to-table map of three topics, with a record the server
 * cannot take dead-lettered and the rest of its batch landing; Structs into a table it creates and then evolves;
 * and the server taken away mid-run (a proxy cut) and given back: retried, resumed, every record once.
 */
class ClickHouseSinkIT {

    private static final String DB = "tributary_sink_it";
    private static ConnectCluster cluster;
    private static ConnectRest rest;
    private static final ClickHouseSql sql = new ClickHouseSql();

    @BeforeAll
    static void start() {
        sql.recreateDatabase(DB);
        cluster = ConnectCluster.builder("clickhouse-sink-it").start();
        rest = cluster.rest();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Map<String, String> sink(String name, String topics, String url) {
        Map<String, String> config = new HashMap<>();
        config.put("name", name);
        config.put("connector.class", ClickHouseSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topics);
        config.put("clickhouse.url", url);
        config.put("clickhouse.database", DB);
        config.put("batch.linger.ms", "200");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", name + "-dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    private static void produce(String topic, List<String> values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, null, value));
            }
            producer.flush();
        }
    }

    private static void create(String table) {
        sql.query("CREATE TABLE " + DB + "." + table + " (_topic String, _partition Int32, _offset Int64, "
                + "id Int64, name String, amount Decimal(18, 2), ts DateTime) ENGINE = MergeTree() "
                + "ORDER BY (_topic, _partition, _offset)");
    }

    @Test
    void schemalessJsonThroughATopicTableMapWithABadRecordDeadLettered() throws Exception {
        for (String t : List.of("orders", "refunds", "audit")) {
            create(t);
        }
        for (String topic : List.of("shop-orders", "shop-refunds", "shop-audit")) {
            cluster.createTopic(topic, 2);
        }
        Map<String, String> config = sink("json-map", "shop-orders,shop-refunds,shop-audit",
                sql.uri().toString());
        config.put("topic.table.map", "shop-orders=orders,shop-refunds=refunds,shop-audit=audit");
        JsonNode validation = rest.validate(ClickHouseSinkConnector.class.getName(), config);
        assertThat(validation.path("error_count").asInt()).as(validation.toString()).isZero();
        rest.configure("json-map", config);
        rest.awaitRunning("json-map", 1, Duration.ofSeconds(60));

        for (String topic : List.of("shop-orders", "shop-refunds", "shop-audit")) {
            List<String> values = new java.util.ArrayList<>();
            for (int i = 0; i < 500; i++) {
                values.add(i == 250 && topic.equals("shop-orders")
                        ? "{\"id\":\"not a number\",\"name\":\"bad\",\"amount\":1.00,\"ts\":\"2026-01-01 00:00:00\"}"
                        : "{\"id\":" + i + ",\"name\":\"n" + i + "\",\"amount\":" + i + ".25,\"ts\":\"2026-01-01 00:00:0"
                        + (i % 10) + "\",\"extra\":true}");
            }
            produce(topic, values);
        }
        Await.until(Duration.ofSeconds(90), "rows in all three tables", () ->
                sql.count("SELECT count() FROM " + DB + ".orders") == 499
                        && sql.count("SELECT count() FROM " + DB + ".refunds") == 500
                        && sql.count("SELECT count() FROM " + DB + ".audit") == 500);
        assertThat(sql.count("SELECT uniqExact(_partition, _offset) FROM " + DB + ".refunds")).isEqualTo(500);
        assertThat(sql.query("SELECT toString(sum(amount)) FROM " + DB + ".refunds")).isEqualTo("124875.00");
        assertThat(sql.query("SELECT DISTINCT _topic FROM " + DB + ".audit")).isEqualTo("shop-audit");
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "json-map-dlq", 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).contains("not a number");
        assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.topic").value(),
                StandardCharsets.UTF_8)).isEqualTo("shop-orders");
        rest.delete("/connectors/json-map");
    }

    @Test
    void structsIntoATableItCreatesAndThenEvolves() throws Exception {
        cluster.createTopic("readings", 1);
        Map<String, String> config = sink("structs", "readings", sql.uri().toString());
        config.put("value.converter.schemas.enable", "true");
        config.put("table.auto.create.enabled", "true");
        config.put("table.auto.evolve.enabled", "true");
        JsonNode validation = rest.validate(ClickHouseSinkConnector.class.getName(), config);
        assertThat(validation.path("error_count").asInt()).as(validation.toString()).isZero();
        rest.configure("structs", config);
        rest.awaitRunning("structs", 1, Duration.ofSeconds(60));
        String v1 = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"sensor\",\"type\":\"string\"},"
                + "{\"field\":\"value\",\"type\":\"double\"},{\"field\":\"at\",\"type\":\"int64\",\"name\":"
                + "\"org.apache.kafka.connect.data.Timestamp\"}]},\"payload\":{\"sensor\":\"s-%d\",\"value\":%d.5,"
                + "\"at\":1767225600000}}";
        String v2 = "{\"schema\":{\"type\":\"struct\",\"fields\":[{\"field\":\"sensor\",\"type\":\"string\"},"
                + "{\"field\":\"value\",\"type\":\"double\"},{\"field\":\"at\",\"type\":\"int64\",\"name\":"
                + "\"org.apache.kafka.connect.data.Timestamp\"},{\"field\":\"unit\",\"type\":\"string\","
                + "\"optional\":true}]},\"payload\":{\"sensor\":\"s-%d\",\"value\":%d.5,\"at\":1767225600000,"
                + "\"unit\":\"C\"}}";
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            values.add(String.format(v1, i, i));
        }
        for (int i = 100; i < 150; i++) {
            values.add(String.format(v2, i, i));
        }
        produce("readings", values);
        Await.until(Duration.ofSeconds(90), "150 rows in the created table", () ->
                tableExists("readings") && sql.count("SELECT count() FROM " + DB + ".readings") == 150);
        String columns = sql.query("SELECT name, type FROM system.columns WHERE database = '" + DB
                + "' AND table = 'readings' FORMAT TSV");
        assertThat(columns).contains("_offset\tInt64").contains("sensor\tString").contains("value\tFloat64")
                .contains("unit\tNullable(String)");
        assertThat(sql.count("SELECT count() FROM " + DB + ".readings WHERE unit = 'C'")).isEqualTo(50);
        assertThat(sql.query("SELECT toString(min(at)) FROM " + DB + ".readings")).isEqualTo("2026-01-01 00:00:00");
        rest.delete("/connectors/structs");
    }

    @Test
    void schemalessTablesAreCreatedFromValuesAndGrowWhenANullFieldFirstHasAValue() throws Exception {
        cluster.createTopic("windows", 1);
        Map<String, String> config = sink("schemaless-create", "windows", sql.uri().toString());
        config.put("table.auto.create.enabled", "true");
        config.put("table.auto.evolve.enabled", "true");
        rest.configure("schemaless-create", config);
        rest.awaitRunning("schemaless-create", 1, Duration.ofSeconds(60));
        produce("windows", List.of(
                "{\"type\":\"click\",\"events\":10,\"avg\":null}",
                "{\"type\":\"payment\",\"events\":3,\"avg\":48.25,\"p\":[1.5,2.5]}",
                "{\"type\":\"iot\",\"events\":7,\"avg\":null,\"note\":\"late\"}"));
        Await.until(Duration.ofSeconds(60), "3 rows", () -> tableExists("windows")
                && sql.count("SELECT count() FROM " + DB + ".windows") == 3);
        String columns = sql.query("SELECT name, type FROM system.columns WHERE database = '" + DB
                + "' AND table = 'windows' FORMAT TSV");
        assertThat(columns).contains("events\tNullable(Int64)").contains("avg\tNullable(Float64)")
                .contains("note\tNullable(String)").contains("p\tArray(Nullable(Float64))");
        assertThat(sql.query("SELECT toString(sum(avg)) FROM " + DB + ".windows")).isEqualTo("48.25");
        rest.delete("/connectors/schemaless-create");
    }

    @Test
    void theServerGoneMidRunIsWaitedForAndNothingIsLostOrRepeated() throws Exception {
        create("payments");
        cluster.createTopic("payments", 3);
        try (TcpProxy proxy = new TcpProxy(sql.uri().getHost(), sql.uri().getPort())) {
            Map<String, String> config = sink("outage", "payments", "http://127.0.0.1:" + proxy.port());
            config.put("table.name.format", "payments");
            config.put("retry.backoff.initial.ms", "200");
            config.put("retry.backoff.max.ms", "1000");
            rest.configure("outage", config);
            rest.awaitRunning("outage", 1, Duration.ofSeconds(60));
            produce("payments", rows(0, 3000));
            Await.until(Duration.ofSeconds(60), "the first rows", () ->
                    sql.count("SELECT count() FROM " + DB + ".payments") >= 1000);
            proxy.cut();
            produce("payments", rows(3000, 6000));
            Thread.sleep(3_000); // the task retries against nothing for a while
            assertThat(rest.status("outage").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
            proxy.restore();
            Await.until(Duration.ofSeconds(90), "all 6,000 rows", () ->
                    sql.count("SELECT count() FROM " + DB + ".payments") >= 6000);
            Thread.sleep(2_000);
            assertThat(sql.count("SELECT count() FROM " + DB + ".payments")).isEqualTo(6000);
            assertThat(sql.count("SELECT uniqExact(_topic, _partition, _offset) FROM " + DB + ".payments"))
                    .isEqualTo(6000);
            assertThat(sql.count("SELECT sum(id) FROM " + DB + ".payments")).isEqualTo(6000L * 5999 / 2);
            rest.delete("/connectors/outage");
        }
    }

    private static List<String> rows(int from, int to) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = from; i < to; i++) {
            values.add("{\"id\":" + i + ",\"name\":\"p" + i + "\",\"amount\":1.50,\"ts\":\"2026-01-01 00:00:00\"}");
        }
        return values;
    }

    private static boolean tableExists(String table) {
        return sql.query("EXISTS TABLE " + DB + "." + table).equals("1");
    }
}
