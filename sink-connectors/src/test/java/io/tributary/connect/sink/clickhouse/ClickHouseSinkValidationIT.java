package io.tributary.connect.sink.clickhouse;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** validate() against the real server: each problem reported on the key to change. */
class ClickHouseSinkValidationIT {

    private static final String DB = "tributary_validate_it";
    private static final ClickHouseSql sql = new ClickHouseSql();

    @BeforeAll
    static void tables() {
        sql.recreateDatabase(DB);
        sql.query("CREATE TABLE " + DB + ".good (_topic String, _partition Int32, _offset Int64, a String) "
                + "ENGINE = MergeTree() ORDER BY (_topic, _partition, _offset)");
        sql.query("CREATE TABLE " + DB + ".plain (a String) ENGINE = MergeTree() ORDER BY a");
        sql.query("CREATE TABLE " + DB + ".wrong (_topic String, _partition Int32, _offset String, a String) "
                + "ENGINE = MergeTree() ORDER BY a");
    }

    private static Map<String, String> config(String... extra) {
        Map<String, String> props = new HashMap<>(Map.of("name", "v", "topics", "good",
                "clickhouse.url", sql.uri().toString(), "clickhouse.database", DB));
        for (int i = 0; i < extra.length; i += 2) {
            props.put(extra[i], extra[i + 1]);
        }
        return props;
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow();
    }

    private static long errorCount(Config config) {
        return config.configValues().stream().mapToLong(v -> v.errorMessages().size()).sum();
    }

    @Test
    void aSoundConfigHasNoErrors() {
        assertThat(errorCount(new ClickHouseSinkConnector().validate(config()))).isZero();
        assertThat(errorCount(new ClickHouseSinkConnector().validate(config("topics", "plain",
                "delivery.guarantee", "at-least-once")))).isZero();
    }

    @Test
    void eachProblemIsOnItsKey() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ClickHouseSinkConnector connector = new ClickHouseSinkConnector();
        assertThat(errors(connector.validate(config("clickhouse.url", "http://127.0.0.1:" + closed)),
                "clickhouse.url")).anyMatch(m -> m.contains("no ClickHouse answers"));
        assertThat(errors(connector.validate(config("clickhouse.database", "nope_db")), "clickhouse.database"))
                .anyMatch(m -> m.contains("does not exist"));
        assertThat(errors(connector.validate(config("topics", "missing")), "table.name.format"))
                .anyMatch(m -> m.contains("does not exist"));
        assertThat(errors(connector.validate(config("topics", "missing", "table.auto.create.enabled", "true")),
                "table.name.format")).isEmpty();
        assertThat(errors(connector.validate(config("topics", "t1", "topic.table.map", "t1=plain")),
                "offset.columns")).anyMatch(m -> m.contains("has no column '_topic'"));
        assertThat(errors(connector.validate(config("topics", "wrong")), "offset.columns"))
                .anyMatch(m -> m.contains("'_offset' of type String"));
        assertThat(errors(connector.validate(config("clickhouse.user", "nobody")), "clickhouse.user"))
                .anyMatch(m -> m.contains("credentials"));
    }
}
