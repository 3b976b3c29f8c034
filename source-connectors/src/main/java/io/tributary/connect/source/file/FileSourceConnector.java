package io.tributary.connect.source.file;

import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.connector.TributarySourceConnector;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.connect.source.file.config.FileSourceValidation;
import io.tributary.connect.source.file.offset.FileOffset;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.Map;

/**
 * Reads files from a directory into a topic: JSON lines, CSV/TSV, Avro container files, Parquet or plain lines, gzip or
 * zstd compressed, spooled (read once, then moved) or tailed (followed as they grow). Exactly-once with
 * {@code exactly.once.source.support=enabled}: offsets are byte-precise per file and committed with the records.
 * Input that is not a record goes to a dead-letter topic with headers naming file, line and error.
 */
public final class FileSourceConnector extends TributarySourceConnector {

    @Override
    protected void check(Map<String, String> props) {
        new FileSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileSourceTask.class;
    }

    /** Each task takes a fixed share of the files by a hash of their relative path: it needs the task count. */
    @Override
    protected void addTaskKeys(Map<String, String> taskConfig, int index, int count) {
        taskConfig.put(FileSourceConfig.TASK_COUNT_CONFIG, String.valueOf(count));
    }

    @Override
    public ConfigDef config() {
        return FileSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return FileSourceConfig.ALIASES.validate(connectorConfigs,
                props -> FileSourceValidation.validate(super.validate(props)));
    }

    /** Offsets are byte positions per file, committed atomically with the records they follow. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        String format = connectorConfig.get(FileSourceConfig.FORMAT_CONFIG);
        return checkOffsets(offsets, (partition, offset) -> FileOffset.validate(partition, offset,
                format != null && Validators.parseEnum(FileSourceConfig.Format.class, format).carriesSchema()));
    }
}
