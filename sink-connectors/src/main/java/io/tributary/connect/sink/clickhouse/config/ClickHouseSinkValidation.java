package io.tributary.connect.sink.clickhouse.config;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway;
import io.tributary.connect.sink.clickhouse.client.Failures;
import io.tributary.connect.sink.clickhouse.convert.Column;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions;
import io.tributary.connect.sink.clickhouse.convert.TableSchema;
import io.tributary.connect.sink.clickhouse.table.Tables;
import org.apache.kafka.common.config.Config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code validate()} checks beyond single keys, against the server itself when the keys are sound: that it
 * answers at the URL with these credentials, that the database exists, that the tables of the listed topics exist
 * (unless they are to be created) and have the offset columns exactly-once needs, with suitable types. Each error
 * sits on the key to change. With transforms on the connector the tables are not checked here: the table comes from
 * the topic after the transforms, which only a record tells (a missing table fails the task at its first record).
 */
public final class ClickHouseSinkValidation {

    private static final Set<Integer> CREDENTIALS = Set.of(192, 193, 194, 516);
    private static final long CHECK_TIMEOUT_MS = 5_000;

    private ClickHouseSinkValidation() {
    }

    public static Config validate(Config config, Map<String, String> props) {
        CrossFieldValidation v = new CrossFieldValidation(config);
        if (!v.valid(ClickHouseSinkConfig.URL_CONFIG, ClickHouseSinkConfig.DATABASE_CONFIG,
                ClickHouseSinkConfig.USER_CONFIG, ClickHouseSinkConfig.PASSWORD_CONFIG,
                ClickHouseSinkConfig.DELIVERY_CONFIG, ClickHouseSinkConfig.OFFSET_COLUMNS_CONFIG,
                ClickHouseSinkConfig.TABLE_MAP_CONFIG, ClickHouseSinkConfig.TABLE_FORMAT_CONFIG)) {
            return config;
        }
        Map<String, String> checked = new HashMap<>(props);
        checked.put(ClickHouseSinkConfig.SOCKET_TIMEOUT_CONFIG, String.valueOf(CHECK_TIMEOUT_MS));
        ClickHouseSinkConfig sink = new ClickHouseSinkConfig(checked);
        try (ClickHouseGateway gateway = new ClickHouseGateway(sink)) {
            try {
                gateway.serverVersion();
            } catch (RuntimeException e) {
                Integer code = Failures.code(e);
                if (code != null && CREDENTIALS.contains(code)) {
                    v.error("the server refused the credentials: " + Failures.describe(e),
                            ClickHouseSinkConfig.USER_CONFIG, ClickHouseSinkConfig.PASSWORD_CONFIG);
                } else {
                    v.error("no ClickHouse answers at " + sink.url() + ": " + Failures.describe(e),
                            ClickHouseSinkConfig.URL_CONFIG);
                }
                return config;
            }
            if (!gateway.databaseExists()) {
                v.error("database '" + sink.database() + "' does not exist", ClickHouseSinkConfig.DATABASE_CONFIG);
                return config;
            }
            if (!props.getOrDefault("transforms", "").isBlank()) {
                return config; // the transformed topics, which choose the tables, are not known before records
            }
            String topics = props.getOrDefault("topics", "");
            Tables tables = new Tables(sink, gateway);
            for (String topic : topics.split(",")) {
                if (!topic.isBlank()) {
                    checkTable(v, sink, gateway, tables.tableFor(topic.trim()), topic.trim());
                }
            }
        }
        return config;
    }

    private static void checkTable(CrossFieldValidation v, ClickHouseSinkConfig sink, ClickHouseGateway gateway,
                                   String table, String topic) {
        String tableKey = sink.tableMap().containsKey(topic) ? ClickHouseSinkConfig.TABLE_MAP_CONFIG
                : ClickHouseSinkConfig.TABLE_FORMAT_CONFIG;
        if (!gateway.tableExists(table)) {
            if (!sink.autoCreate()) {
                v.error("table " + gateway.qualified(table) + " (topic '" + topic + "') does not exist; create it or "
                        + "set " + ClickHouseSinkConfig.AUTO_CREATE_CONFIG + "=true", tableKey,
                        ClickHouseSinkConfig.AUTO_CREATE_CONFIG);
            }
            return;
        }
        EncoderOptions.OffsetColumns offsets = sink.offsetColumns();
        if (offsets == null) {
            return;
        }
        TableSchema schema = gateway.describe(table);
        for (String name : List.of(offsets.topic(), offsets.partition(), offsets.offset())) {
            Optional<Column> column = schema.column(name);
            String problem = column.isEmpty() ? "has no column '" + name + "'"
                    : !fits(name.equals(offsets.topic()), column.get().type().toString())
                    ? "has column '" + name + "' of type " + column.get().type() + ", which cannot hold it" : null;
            if (problem != null) {
                v.error("table " + gateway.qualified(table) + " " + problem + " (exactly-once stores each row's "
                        + "topic, partition and offset; or set delivery.guarantee=at-least-once)",
                        ClickHouseSinkConfig.OFFSET_COLUMNS_CONFIG, ClickHouseSinkConfig.DELIVERY_CONFIG);
            }
        }
    }

    private static boolean fits(boolean topicColumn, String type) {
        String t = type.replace("LowCardinality(", "").replace(")", "");
        return topicColumn ? t.equals("String") : t.matches("U?Int(32|64|128|256)");
    }
}
