package io.tributary.connect.source.file;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.file.config.FileSourceConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads this task's share of the files (see {@code DirectoryScanner#owns}) in spool or tail mode. The task only
 * wires the pieces and manages the lifecycle; reading, offsets and cleanup live in the mode classes.
 */
public final class FileSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(FileSourceTask.class);

    private FileSourceConfig config;
    private FileSourceMode mode;
    private final CountDownLatch stopping = new CountDownLatch(1);

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        try {
            config = new FileSourceConfig(props);
        } catch (ConfigException e) {
            throw new ConnectException("Invalid file source configuration: " + e.getMessage(), e);
        }
        mode = FileSourceModes.create(config, props.get("name"), context.offsetStorageReader(),
                TaskMetrics.from(() -> context.pluginMetrics()), Time.SYSTEM);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records;
        try {
            records = mode.poll(config.batchMaxRecords());
        } catch (IOException e) {
            // Listing the input directory failed (unmounted, permissions changed): wait, and the worker polls again.
            log.warn("Cannot list the input directory {}: {}; retrying", config.directory(), e.toString());
            stopping.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
            throw new RetriableException("Cannot list the input directory " + config.directory(), e);
        }
        if (records.isEmpty()) {
            stopping.await(config.pollIntervalMs(), TimeUnit.MILLISECONDS);
            return null;
        }
        return records;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        mode.acknowledged(record);
    }

    @Override
    public void stop() {
        stopping.countDown();
        if (mode != null) {
            mode.close();
        }
    }
}
