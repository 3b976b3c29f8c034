package io.tributary.connect.sink.file;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.io.Compression;
import io.tributary.connect.common.connector.TributarySinkConnector;
import io.tributary.connect.sink.file.config.FileSinkConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes topics into files (JSON lines, CSV, Avro, Parquet; optionally gzip or zstd), exactly once: files are written
 * under temporary names, renamed into place atomically on commit, named by topic, partition and first offset, and
 * only committed offsets are reported to Kafka.
 */
public final class FileSinkConnector extends TributarySinkConnector {

    @Override
    protected void check(Map<String, String> props) {
        new FileSinkConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FileSinkTask.class;
    }

    @Override
    public ConfigDef config() {
        return FileSinkConfig.CONFIG_DEF;
    }

    /** Besides the keys themselves: the output directory must exist (or be creatable) and be writable. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        CrossFieldValidation v = new CrossFieldValidation(config);
        if (v.valid(FileSinkConfig.FILE_PATH_CONFIG)) {
            Path dir = Path.of(v.string(FileSinkConfig.FILE_PATH_CONFIG));
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
                v.error("directory " + dir + " cannot be created or written by the worker", FileSinkConfig.FILE_PATH_CONFIG);
            }
        }
        if (v.valid(FileSinkConfig.FORMAT_CONFIG, FileSinkConfig.COMPRESSION_CONFIG)) {
            String problem = FileSinkConfig.compressionProblem(format(v),
                    Validators.parseEnum(Compression.class, v.string(FileSinkConfig.COMPRESSION_CONFIG)));
            if (problem != null) {
                v.error(problem, FileSinkConfig.FORMAT_CONFIG, FileSinkConfig.COMPRESSION_CONFIG);
            }
        }
        if (v.valid(FileSinkConfig.FORMAT_CONFIG, FileSinkConfig.PARQUET_ROW_GROUP_SIZE_CONFIG,
                FileSinkConfig.PARQUET_PAGE_SIZE_CONFIG)) {
            String problem = FileSinkConfig.parquetSizeProblem(format(v),
                    ((Number) v.value(FileSinkConfig.PARQUET_ROW_GROUP_SIZE_CONFIG)).longValue(),
                    ((Number) v.value(FileSinkConfig.PARQUET_PAGE_SIZE_CONFIG)).intValue());
            if (problem != null) {
                v.error(problem, FileSinkConfig.PARQUET_ROW_GROUP_SIZE_CONFIG, FileSinkConfig.PARQUET_PAGE_SIZE_CONFIG);
            }
        }
        return config;
    }

    private static FileSinkConfig.Format format(CrossFieldValidation v) {
        return Validators.parseEnum(FileSinkConfig.Format.class, v.string(FileSinkConfig.FORMAT_CONFIG));
    }
}
