package io.tributary.connect.sink.clickhouse;

import io.tributary.connect.common.connector.TributarySinkConnector;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkConfig;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkValidation;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.Map;

/**
 * Writes topics into ClickHouse tables, exactly-once without Keeper: rows carry their topic, partition and offset,
 * and the task skips what a table already holds. RowBinary for Structs, JSONEachRow for schemaless values and JSON
 * strings; optional table creation and evolution.
 */
public final class ClickHouseSinkConnector extends TributarySinkConnector {

    @Override
    protected void check(Map<String, String> props) {
        new ClickHouseSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ClickHouseSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return ClickHouseSinkConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return ClickHouseSinkValidation.validate(super.validate(connectorConfigs), connectorConfigs);
    }
}
