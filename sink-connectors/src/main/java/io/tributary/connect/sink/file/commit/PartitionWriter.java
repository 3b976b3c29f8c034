package io.tributary.connect.sink.file.commit;

import io.tributary.connect.common.io.Compression;
import io.tributary.connect.sink.OriginalCoordinates;
import io.tributary.connect.sink.file.format.FileFormat;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files of one topic-partition, written under temporary names and committed together.
 *
 * <p>A commit point closes and syncs every open file of the partition, renames each into place atomically, then
 * records the next offset in the partition's offset marker. Offsets reported to Connect ({@link #committedOffset})
 * only ever cover committed files. After a crash, the temporary files are discarded and writing resumes at the
 * marker; the same records then start files with the same first offsets, whose names replace any file renamed
 * before the marker was written. So a record is never lost, never in two files, and no file is ever visible
 * half-written.
 *
 * <p>The topic-partition is the one the records were read from ({@link OriginalCoordinates}), and so are the offsets,
 * the marker, the temporary directory and the file names ({@code <original topic>+<partition>+<first offset>}).
 * Only the directory a record's file goes to follows the record as the connector's transforms left it
 * ({@link PathLayout#bucket}): a router chooses the destination, never the bookkeeping. Several original topics
 * routed into one name therefore share a directory without sharing a file name, and a replay after a crash rewrites
 * the same names as long as the transforms route the same records the same way.
 */
public final class PartitionWriter {

    /** What {@link #write} did with a record. */
    public enum Outcome { WRITTEN, ALREADY_WRITTEN }

    private final TopicPartition tp;
    private final Path root;
    private final Path tempDir;
    private final FileFormat format;
    private final Compression compression;
    private final PathLayout layout;
    private final OffsetMarkers markers;
    private final boolean fsync;
    private final Time time;
    /** The bucket of the last record written under the partition layout, reused while topic and partition repeat. */
    private String lastTopic;
    private int lastPartition;
    private String lastBucket;
    private final Map<String, OpenFile> open = new LinkedHashMap<>();
    private long committed = -1;
    private long nextExpected = -1;
    private long records;
    private long firstWriteMs;
    private int tempSequence;
    /** Files committed by {@link #write} because a record's schema changed, not yet counted by the task. */
    private int rolledFiles;

    public PartitionWriter(TopicPartition tp, Path root, FileFormat format, Compression compression, PathLayout layout,
                           OffsetMarkers markers, boolean fsync, Time time) {
        this.tp = tp;
        this.root = root;
        this.tempDir = root.resolve(".tributary-tmp").resolve(tp.topic() + "+" + tp.partition());
        this.format = format;
        this.compression = compression;
        this.layout = layout;
        this.markers = markers;
        this.fsync = fsync;
        this.time = time;
    }

    /**
     * Throws away temporary files a previous owner left, and returns the offset to resume at when a commit marker
     * exists.
     */
    public OptionalLong recover() throws IOException {
        deleteRecursively(tempDir);
        Files.createDirectories(tempDir);
        OptionalLong marker = markers.read(tp);
        if (marker.isPresent()) {
            committed = marker.getAsLong();
            nextExpected = committed;
        }
        return marker;
    }

    /**
     * Writes a record into its bucket's file. Records below the next expected offset were already written (Connect
     * redelivers after a rewind) and are skipped. A {@code DataException} means the record could not be encoded and
     * nothing of it was written.
     */
    public Outcome write(SinkRecord record) throws IOException {
        long offset = OriginalCoordinates.offset(record);
        if (offset < nextExpected) {
            return Outcome.ALREADY_WRITTEN;
        }
        String bucket = bucket(record);
        OpenFile file = open.get(bucket);
        if (file != null && !file.writer.accepts(record)) {
            // A new schema starts new files; the partition's files are committed together, like any commit point,
            // so a replay after a crash ends and starts the same files at the same offsets.
            rolledFiles += commit();
            file = null;
        }
        if (file == null) {
            String name = PathLayout.fileName(tp.topic(), tp.partition(), offset,
                    format.extension() + compression.extension());
            Path temp = tempDir.resolve(offset + "-" + (tempSequence++) + ".tmp");
            file = OpenFile.create(temp, bucket + "/" + name, format, compression, fsync, record);
            open.put(bucket, file);
        }
        file.writer.write(record);
        advance(offset);
        return Outcome.WRITTEN;
    }

    private String bucket(SinkRecord record) {
        if (!layout.perPartition()) {
            return layout.bucket(record);
        }
        if (lastBucket == null || record.kafkaPartition() != lastPartition || !record.topic().equals(lastTopic)) {
            lastTopic = record.topic();
            lastPartition = record.kafkaPartition();
            lastBucket = layout.bucket(record);
        }
        return lastBucket;
    }

    /** A record the task reported as errant instead of writing: its offset still counts as done. */
    public void skipped(SinkRecord record) {
        long offset = OriginalCoordinates.offset(record);
        if (offset >= nextExpected) {
            advance(offset);
        }
    }

    private void advance(long offset) {
        if (records++ == 0) {
            firstWriteMs = time.milliseconds();
        }
        nextExpected = offset + 1;
    }

    public boolean shouldCommit(long maxRecords, long maxBytes, long maxAgeMs) {
        if (records == 0) {
            return false;
        }
        if (records >= maxRecords || (maxAgeMs > 0 && time.milliseconds() - firstWriteMs >= maxAgeMs)) {
            return true;
        }
        long bytes = 0;
        for (OpenFile file : open.values()) {
            bytes += file.bytes();
        }
        return bytes >= maxBytes;
    }

    /** Makes everything written so far durable and visible, and moves the committed offset past it. */
    public int commit() throws IOException {
        if (records == 0) {
            return 0;
        }
        Set<Path> directories = new HashSet<>();
        for (OpenFile file : open.values()) {
            file.close();
        }
        for (OpenFile file : open.values()) {
            Path target = root.resolve(file.relativeFinal);
            Files.createDirectories(target.getParent());
            Files.move(file.temp, target, StandardCopyOption.ATOMIC_MOVE);
            directories.add(target.getParent());
        }
        if (fsync) {
            for (Path directory : directories) {
                Durability.syncDirectory(directory);
            }
        }
        markers.write(tp, nextExpected);
        int files = open.size();
        open.clear();
        committed = nextExpected;
        records = 0;
        return files;
    }

    /** Abandons uncommitted files; writing resumes at the committed offset (Connect must redeliver from there). */
    public void discard() {
        open.values().forEach(OpenFile::abandon);
        open.clear();
        nextExpected = committed;
        records = 0;
    }

    /** How many files {@link #write} committed on schema changes since the last call. */
    public int takeRolledFiles() {
        int files = rolledFiles;
        rolledFiles = 0;
        return files;
    }

    /** Next offset after the last committed file, or -1 before the first commit. */
    public long committedOffset() {
        return committed;
    }

    /** Whether the record was read from this writer's topic-partition (whatever its transforms renamed it to). */
    public boolean holds(SinkRecord record) {
        return OriginalCoordinates.from(record, tp);
    }

    public TopicPartition topicPartition() {
        return tp;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
