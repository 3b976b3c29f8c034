package io.tributary.connect.source.file;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.connect.source.file.read.FileOpener;
import io.tributary.connect.source.file.scan.DirectoryScanner;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads this task's share of the files (see {@link DirectoryScanner#owns}) in spool or tail mode. The task only
 * wires the pieces and manages the lifecycle; reading, offsets and cleanup live in the mode classes.
 */
public final class FileSourceTask extends SourceTask {

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
        boolean spool = config.mode() == FileSourceConfig.Mode.SPOOL;
        DirectoryScanner scanner = new DirectoryScanner(config.directory(), config.glob(), config.recursive(),
                Set.of(config.finishedDirectory(), config.errorDirectory()), config.taskIndex(), config.taskCount(),
                spool);
        OffsetLookup offsets = new OffsetLookup(context.offsetStorageReader());
        FileRecords records = new FileRecords(config, props.get("name"));
        FileSourceMetrics metrics = new FileSourceMetrics(TaskMetrics.from(context::pluginMetrics),
                () -> mode == null ? 0L : mode.unreadBytes());
        FileBatch batch = new FileBatch(records, metrics);
        FileOpener opener = new FileOpener(config);
        if (spool) {
            SpoolCleaner cleaner = new SpoolCleaner(config.cleanup(), config.finishedDirectory(), config.errorDirectory());
            mode = new SpoolReader(scanner, opener, batch, cleaner, offsets, metrics, Time.SYSTEM, config.minAgeMs(),
                    config.scanIntervalMs(), DirectoryScanner.Order.valueOf(config.order().name()));
        } else {
            mode = new TailReader(scanner, opener, batch, offsets, Time.SYSTEM, config.scanIntervalMs(),
                    config.tailStart());
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        List<SourceRecord> records;
        try {
            records = mode.poll(config.batchMaxRecords());
        } catch (IOException e) {
            // Listing the input directory failed: the directory is gone or unreadable, nothing can be read.
            throw new ConnectException("Cannot read the input directory " + config.directory() + ": " + e, e);
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
