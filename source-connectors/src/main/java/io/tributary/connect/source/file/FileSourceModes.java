package io.tributary.connect.source.file;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.connect.source.file.read.FileOpener;
import io.tributary.connect.source.file.scan.DirectoryScanner;
import io.tributary.connect.common.registry.LatestRegisteredSchema;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** Builds a task's spool or tail reader from its config: the wiring, kept out of the task class. */
final class FileSourceModes {

    private static final Logger log = LoggerFactory.getLogger(FileSourceModes.class);

    private FileSourceModes() {
    }

    /**
     * Where an inferred schema starts: the latest one registered for the topic, when a registry is known, so that a
     * restarted task goes on with the schema it had (no narrower re-inference, no new version). Read once at start,
     * never on the per-record path; the HTTP source's reader, which speaks both registry APIs and maps Avro back to
     * Connect as the converter had it.
     */
    private static Schema latestRegistered(FileSourceConfig config) {
        boolean inferring = config.declaredSchema() == null && config.output() == FileSourceConfig.Output.STRUCT
                && !config.format().carriesSchema() && config.format() != FileSourceConfig.Format.LINES;
        String registry = config.schemaRegistryUrl();
        if (!inferring || registry == null) {
            return null;
        }
        Schema latest = LatestRegisteredSchema.fetch(registry, config.schemaSubject());
        if (latest != null) {
            log.info("The inferred schema starts from the latest version registered for subject '{}' ({} fields)",
                    config.schemaSubject(), latest.fields().size());
        }
        return latest;
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
        FileOpener opener = new FileOpener(config, latestRegistered(config));
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
