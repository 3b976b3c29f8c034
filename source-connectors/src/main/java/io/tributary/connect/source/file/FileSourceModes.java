package io.tributary.connect.source.file;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.connect.source.file.read.FileOpener;
import io.tributary.connect.source.file.scan.DirectoryScanner;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Builds a task's spool or tail reader from its config: the wiring, kept out of the task class. */
final class FileSourceModes {

    private FileSourceModes() {
    }

    static FileSourceMode create(FileSourceConfig config, String connector, OffsetStorageReader offsetReader,
                                 TaskMetrics taskMetrics, Time time) {
        boolean spool = config.mode() == FileSourceConfig.Mode.SPOOL;
        DirectoryScanner scanner = new DirectoryScanner(config.directory(), config.glob(), config.recursive(),
                Set.of(config.finishedDirectory(), config.errorDirectory()), config.taskIndex(), config.taskCount(),
                spool);
        AtomicReference<FileSourceMode> created = new AtomicReference<>();
        FileSourceMetrics metrics = new FileSourceMetrics(taskMetrics,
                () -> created.get() == null ? 0L : created.get().unreadBytes());
        FileBatch batch = new FileBatch(new FileRecords(config, connector), metrics);
        FileOpener opener = new FileOpener(config);
        OffsetLookup offsets = new OffsetLookup(offsetReader);
        FileSourceMode mode;
        if (spool) {
            SpoolCleaner cleaner = new SpoolCleaner(config.cleanup(), config.finishedDirectory(), config.errorDirectory());
            mode = new SpoolReader(scanner, opener, batch, cleaner, offsets, metrics, time, config.minAgeMs(),
                    config.scanIntervalMs(), DirectoryScanner.Order.valueOf(config.order().name()));
        } else {
            mode = new TailReader(scanner, opener, batch, offsets, metrics, time, config.scanIntervalMs(),
                    config.tailStart());
        }
        created.set(mode);
        return mode;
    }
}
