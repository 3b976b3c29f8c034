package io.tributary.connect.sink.file;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.sink.ErrantRecords;
import io.tributary.connect.sink.OriginalCoordinates;
import io.tributary.connect.sink.file.commit.OffsetMarkers;
import io.tributary.connect.sink.file.commit.PartitionWriter;
import io.tributary.connect.sink.file.commit.PathLayout;
import io.tributary.connect.sink.file.config.FileSinkConfig;
import io.tributary.connect.sink.file.format.FileFormat;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes each assigned topic-partition into files through a {@link PartitionWriter}; reports records that cannot
 * be encoded to the errant record reporter (the worker's dead-letter queue); returns from {@link #preCommit} only
 * offsets whose records are in committed files.
 *
 * <p>Writers, offsets, rewinds and markers are keyed by the topic-partition a record was read from
 * ({@link OriginalCoordinates}): that is what Connect assigns and commits. A topic renamed by the connector's
 * transforms only chooses the directory.
 */
public final class FileSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(FileSinkTask.class);

    private final Time time;
    private final Function<FileSinkConfig, FileFormat> formats;
    private final Map<TopicPartition, PartitionWriter> writers = new HashMap<>();
    private FileSinkConfig config;
    private FileFormat format;
    private PathLayout layout;
    private OffsetMarkers markers;
    private ErrantRecords errantRecords;
    private FileSinkMetrics metrics;
    private long rotateRecords;
    private long rotateBytes;
    private long rotateIntervalMs;

    public FileSinkTask() {
        this(Time.SYSTEM);
    }

    FileSinkTask(Time time) {
        this(time, FileFormat::of);
    }

    /** With another format than the configuration's: tests inject failures. */
    FileSinkTask(Time time, Function<FileSinkConfig, FileFormat> formats) {
        this.time = time;
        this.formats = formats;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new FileSinkConfig(props);
        format = formats.apply(config);
        layout = new PathLayout(config.layout(), config.timePattern(), config.timeZone());
        markers = new OffsetMarkers(config.directory(), config.fsync());
        errantRecords = ErrantRecords.of(context);
        metrics = new FileSinkMetrics(TaskMetrics.from(() -> context.pluginMetrics()));
        rotateRecords = config.rotateRecords();
        rotateBytes = config.rotateBytes();
        rotateIntervalMs = config.rotateIntervalMs();
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            writerFor(tp);
        }
    }

    private PartitionWriter writerFor(TopicPartition tp) {
        PartitionWriter writer = writers.get(tp);
        if (writer == null) {
            writer = new PartitionWriter(tp, config.directory(), format, config.compression(), layout, markers,
                    config.fsync(), time);
            try {
                // Files up to the marker are committed even if the consumer offset commit did not happen; records
                // Connect redelivers below it are skipped. Connect is not asked to seek to the marker
                // (context.offset): a seek also becomes its last committed offset, so a partition that then
                // received nothing new would keep a stale offset in Kafka (GET /connectors/{name}/offsets) for good.
                writer.recover();
            } catch (IOException e) {
                throw new ConnectException("Cannot prepare " + tp + " under " + config.directory() + ": " + e, e);
            }
            writers.put(tp, writer);
        }
        return writer;
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        long written = 0;
        PartitionWriter writer = null;
        for (SinkRecord record : records) {
            if (writer == null || !writer.holds(record)) {
                writer = writerFor(OriginalCoordinates.partition(record));
            }
            try {
                if (writer.write(record) == PartitionWriter.Outcome.WRITTEN) {
                    written++;
                }
            } catch (DataException e) {
                reportErrant(writer, record, e);
            } catch (IOException e) {
                fail(writer, e);
            }
            // Checked record by record, so files end exactly at the configured size whatever the batch size.
            if (dueForCommit(writer)) {
                commit(writer);
            }
        }
        metrics.recordsWritten.add(written);
        // Connect calls put() with no records too when nothing arrives: files open too long are committed here.
        for (PartitionWriter each : writers.values()) {
            metrics.filesCommitted.add(each.takeRolledFiles());
            if (dueForCommit(each)) {
                commit(each);
            }
        }
    }

    private void reportErrant(PartitionWriter writer, SinkRecord record, DataException e) {
        errantRecords.report(record, e);
        writer.skipped(record);
        metrics.recordsErrant.increment();
    }

    private boolean dueForCommit(PartitionWriter writer) {
        return writer.shouldCommit(rotateRecords, rotateBytes, rotateIntervalMs);
    }

    private void commit(PartitionWriter writer) {
        try {
            metrics.filesCommitted.add(writer.commit());
        } catch (IOException e) {
            fail(writer, e);
        }
    }

    /**
     * An I/O failure (disk full, directory removed) leaves the partition's uncommitted files unusable: they are
     * thrown away and the task fails. Restarting it resumes at the last committed file, losing and duplicating
     * nothing.
     */
    private void fail(PartitionWriter writer, IOException e) {
        writer.discard();
        throw new ConnectException("Writing files of " + writer.topicPartition() + " under " + config.directory()
                + " failed: " + e + ". Uncommitted files were discarded; restart the task to resume from the last "
                + "committed file.", e);
    }

    /** Offsets only of records in committed files: what a crash can no longer take back. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        Map<TopicPartition, OffsetAndMetadata> durable = new HashMap<>();
        for (PartitionWriter writer : writers.values()) {
            try {
                if (dueForCommit(writer)) {
                    metrics.filesCommitted.add(writer.commit());
                }
            } catch (IOException e) {
                // Connect rewinds to the last committed offsets and redelivers; the writer skips what it has.
                writer.discard();
                throw new RetriableException("Committing files of " + writer.topicPartition() + " failed", e);
            }
            OffsetAndMetadata consumed = currentOffsets.get(writer.topicPartition());
            if (writer.committedOffset() >= 0 && consumed != null) {
                // After a takeover the marker may be ahead of what Connect redelivered so far; Connect ignores
                // offsets it has not consumed yet, so the marker's offset is committed once it caught up.
                durable.put(writer.topicPartition(),
                        new OffsetAndMetadata(Math.min(writer.committedOffset(), consumed.offset())));
            }
        }
        return durable;
    }

    /** Partitions going away (rebalance, stop): what was written is committed, so the next owner starts after it. */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionWriter writer = writers.remove(tp);
            if (writer == null) {
                continue;
            }
            try {
                metrics.filesCommitted.add(writer.commit());
            } catch (IOException e) {
                log.warn("Could not commit the files of {} on close ({}); the next owner rewrites them", tp, e.toString());
                writer.discard();
            }
        }
    }

    @Override
    public void stop() {
        writers.values().forEach(PartitionWriter::discard);
        writers.clear();
        if (format != null) {
            try {
                format.close();
            } catch (RuntimeException e) {
                // Arrow's allocator refuses to close while memory is still allocated: a writer was neither finished
                // nor abandoned, a bug. Everything else is released by now; the worker logs what stop() throws.
                throw new ConnectException("The file format did not release all its memory on stop: " + e, e);
            }
        }
    }
}
