package io.tributary.connect.source.file;

import io.tributary.connect.common.Version;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.connect.source.file.config.FileSourceValidation;
import io.tributary.connect.source.file.offset.FileOffset;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads files from a directory into a topic: JSON lines, CSV/TSV, Avro container files or plain lines, gzip or
 * zstd compressed, spooled (read once, then moved) or tailed (followed as they grow). Exactly-once with
 * {@code exactly.once.source.support=enabled}: offsets are byte-precise per file and committed with the records.
 * Input that is not a record goes to a dead-letter topic with headers naming file, line and error.
 */
public final class FileSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new FileSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileSourceTask.class;
    }

    /** Each task takes a fixed share of the files by a hash of their relative path. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(FileSourceConfig.TASK_INDEX_CONFIG, String.valueOf(i));
            task.put(FileSourceConfig.TASK_COUNT_CONFIG, String.valueOf(maxTasks));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return FileSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return FileSourceValidation.validate(super.validate(connectorConfigs));
    }

    /** Offsets are byte positions per file, committed atomically with the records they follow. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            String problem = FileOffset.validate(entry.getKey(), entry.getValue());
            if (problem != null) {
                throw new ConnectException("Invalid offset for partition " + entry.getKey() + ": " + problem);
            }
        }
        return true;
    }
}
