package io.tributary.connect.common.connector;

import io.tributary.connect.common.Version;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.List;
import java.util.Map;

/**
 * The plumbing of every Tributary sink connector: the build's version, the config checked on start and kept, one
 * task config per task (the connector's config with its {@link TaskIndex}: Connect deals the partitions), nothing to
 * stop. {@code config()} and {@code validate()} stay on the connector.
 */
public abstract class TributarySinkConnector extends SinkConnector {

    private final TaskConfigs tasks = new TaskConfigs();

    /** Parses the connector's config, throwing on a bad one (a {@code ConfigException} naming the key). */
    protected abstract void check(Map<String, String> props);

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        tasks.start(props, this::check);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return tasks.split(maxTasks, (config, index, count) -> { });
    }

    @Override
    public void stop() {
    }
}
