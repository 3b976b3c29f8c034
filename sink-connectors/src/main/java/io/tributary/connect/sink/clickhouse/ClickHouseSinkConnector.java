package io.tributary.connect.sink.clickhouse;

import io.tributary.connect.common.Version;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkConfig;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkValidation;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes topics into ClickHouse tables, exactly-once without Keeper: rows carry their topic, partition and offset,
 * and the task skips what a table already holds. RowBinary for Structs, JSONEachRow for schemaless values and JSON
 * strings; optional table creation and evolution.
 */
public final class ClickHouseSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new ClickHouseSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ClickHouseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
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
