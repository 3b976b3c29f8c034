package io.tributary.connect.source.file;

import io.tributary.connect.source.file.offset.FileOffset;
import io.tributary.connect.source.file.offset.FilePartition;
import io.tributary.connect.source.file.read.FileOpener;
import io.tributary.connect.source.file.read.RecordReader;
import io.tributary.connect.source.file.read.UnreadableFile;
import io.tributary.connect.source.file.scan.Candidate;
import io.tributary.connect.source.file.scan.DirectoryScanner;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spool mode: each file found is read once, from its stored offset, to its end, then cleaned up when Kafka has
 * acknowledged every record from it. Files are read one at a time in the scan's order.
 */
final class SpoolReader implements FileSourceMode {

    private static final Logger log = LoggerFactory.getLogger(SpoolReader.class);

    private final DirectoryScanner scanner;
    private final FileOpener opener;
    private final FileBatch batch;
    private final SpoolCleaner cleaner;
    private final OffsetLookup offsets;
    private final FileSourceMetrics metrics;
    private final Time time;
    private final long minAgeMs;
    private final long scanIntervalMs;
    private final DirectoryScanner.Order order;

    private final Deque<Candidate> queue = new ArrayDeque<>();
    private final Map<String, FileOffset> storedOffsets = new HashMap<>();
    /** Files read (or being read) whose records are not all acknowledged yet, by {@link SourceFile#key()}. */
    private final Map<String, SourceFile> inFlight = new ConcurrentHashMap<>();
    /** Files read to their end, oldest first, waiting for their last acknowledgements before cleanup. */
    private final Deque<SourceFile> ended = new ArrayDeque<>();
    private SourceFile current;
    private long nextScanMs;
    private volatile long queuedBytes;

    SpoolReader(DirectoryScanner scanner, FileOpener opener, FileBatch batch, SpoolCleaner cleaner,
                OffsetLookup offsets, FileSourceMetrics metrics, Time time, long minAgeMs, long scanIntervalMs,
                DirectoryScanner.Order order) {
        this.scanner = scanner;
        this.opener = opener;
        this.batch = batch;
        this.cleaner = cleaner;
        this.offsets = offsets;
        this.metrics = metrics;
        this.time = time;
        this.minAgeMs = minAgeMs;
        this.scanIntervalMs = scanIntervalMs;
        this.order = order;
    }

    @Override
    public List<SourceRecord> poll(int max) throws IOException {
        cleanUpAcknowledged();
        List<SourceRecord> out = new ArrayList<>(Math.min(max, 4096));
        while (out.size() < max) {
            if (current == null) {
                current = openNext();
                if (current == null) {
                    break;
                }
            }
            if (batch.read(current, max - out.size(), out)) {
                endOfFile(current);
                current = null;
            } else if (out.size() < max) {
                break;
            }
        }
        return out;
    }

    private SourceFile openNext() throws IOException {
        while (true) {
            if (queue.isEmpty()) {
                if (time.milliseconds() < nextScanMs) {
                    return null;
                }
                rescan();
                if (queue.isEmpty()) {
                    return null;
                }
            }
            Candidate candidate = queue.poll();
            queuedBytes -= candidate.size();
            FileOffset stored = storedOffsets.remove(candidate.relative());
            if (inFlight.containsKey(SourceFile.key(candidate.relative(), candidate.identity()))
                    || cleaner.isDone(candidate.relative(), candidate.identity())
                    || !Files.exists(candidate.path())) {
                continue;
            }
            FileOffset start = stored != null && stored.matches(candidate.identity()) ? stored : FileOffset.START;
            if (start.eof()) {
                // Every record of this file was committed before a restart; only the cleanup is left.
                cleaner.finish(candidate.path(), candidate.relative(), candidate.identity(), false);
                metrics.filesCompleted.increment();
                continue;
            }
            RecordReader reader;
            try {
                reader = opener.open(candidate.path(), start.position(), start.lines(), true);
            } catch (IOException | RuntimeException e) {
                log.warn("Cannot open {}: {}", candidate.relative(), e.toString());
                reader = new UnreadableFile(e, start.position(), start.lines());
            }
            if (start.position() > 0 || start.lines() > 0) {
                log.info("Resuming {} at byte {} (line {})", candidate.relative(), start.position(), start.lines());
            }
            SourceFile file = new SourceFile(candidate.path(), candidate.relative(), candidate.identity(),
                    candidate.size(), true, reader);
            inFlight.put(file.key(), file);
            return file;
        }
    }

    private void rescan() throws IOException {
        long now = time.milliseconds();
        nextScanMs = now + scanIntervalMs;
        List<Candidate> found = scanner.scan(now, minAgeMs, order);
        metrics.scans.increment();
        List<String> unknown = new ArrayList<>();
        long bytes = 0;
        for (Candidate candidate : found) {
            if (inFlight.containsKey(SourceFile.key(candidate.relative(), candidate.identity()))
                    || cleaner.isDone(candidate.relative(), candidate.identity())) {
                continue;
            }
            queue.add(candidate);
            unknown.add(candidate.relative());
            bytes += candidate.size();
        }
        queuedBytes = bytes;
        storedOffsets.clear();
        storedOffsets.putAll(offsets.lookup(unknown));
        if (!queue.isEmpty()) {
            log.debug("Scan found {} files to read in {}", queue.size(), scanner.root());
        }
    }

    private void endOfFile(SourceFile file) {
        file.closeReader();
        try {
            long now = Files.size(file.path);
            if (now < file.size) {
                log.warn("File {} shrank from {} to {} bytes while it was read (truncated by another process): "
                        + "what was cut off was not read", file.relative, file.size, now);
            } else if (now > file.size) {
                log.warn("File {} grew from {} to {} bytes while it was read: spool mode expects complete files "
                        + "(raise file.min.age.ms, or use tail mode for growing files)", file.relative, file.size, now);
            }
        } catch (IOException gone) {
            log.warn("File {} was deleted while it was read; everything up to its end was read from the open file",
                    file.relative);
        }
        if (file.isFailed()) {
            metrics.filesFailed.increment();
        }
        ended.add(file);
    }

    /**
     * Cleans up ended files whose records are all acknowledged, oldest first, stopping at the first that is not:
     * acknowledgements arrive in roughly the order records were sent, so this stays cheap however many files wait.
     */
    private void cleanUpAcknowledged() {
        while (!ended.isEmpty() && ended.peek().allAcknowledged()) {
            SourceFile file = ended.poll();
            inFlight.remove(file.key());
            cleaner.finish(file.path, file.relative, file.identity, file.isFailed());
            if (!file.isFailed()) {
                metrics.filesCompleted.increment();
            }
        }
    }

    @Override
    public void acknowledged(SourceRecord record) {
        if (record.sourcePartition() instanceof FilePartition partition
                && partition.owner() instanceof SourceFile file) {
            file.acknowledged();
        }
    }

    @Override
    public FileSourceMetrics metrics() {
        return metrics;
    }

    @Override
    public long unreadBytes() {
        SourceFile reading = current;
        return Math.max(0, queuedBytes) + (reading == null ? 0 : reading.unreadBytes());
    }

    @Override
    public void close() {
        if (current != null) {
            current.closeReader();
        }
    }
}
