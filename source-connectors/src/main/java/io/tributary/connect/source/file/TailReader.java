package io.tributary.connect.source.file;

import io.tributary.connect.source.file.config.FileSourceConfig.StartPosition;
import io.tributary.connect.source.file.offset.FileOffset;
import io.tributary.connect.source.file.read.FileNotReadyException;
import io.tributary.connect.source.file.read.FileOpener;
import io.tributary.connect.source.file.read.RecordReader;
import io.tributary.connect.source.file.read.UnreadableFile;
import io.tributary.connect.source.file.scan.Candidate;
import io.tributary.connect.source.file.scan.DirectoryScanner;
import io.tributary.connect.source.file.scan.FileIdentity;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tail mode: follows growing files, emitting each complete line as it appears.
 *
 * <p>Rotation is detected by file identity: when a path names a different file than before, the old file (still
 * open) is read to its end first, its last unterminated line included, and then the new file from its start —
 * records of one path stay in order. A file truncated in place (copytruncate) is read again from its start, and
 * said so in the log. A path that disappears is read to the end of the open file and dropped.
 *
 * <p>After a restart, a path whose stored offset names another file was rotated while the task was down: the old
 * file is looked for in the same directory (by identity) and its rest is read first; if it is gone, the log says
 * which bytes could not be read. Gaps are reported, never hidden.
 */
final class TailReader implements FileSourceMode {

    private static final Logger log = LoggerFactory.getLogger(TailReader.class);

    /** One followed path: the file it names now, and older files at that path still being read to their end. */
    private static final class Followed {
        SourceFile active;
        final Deque<SourceFile> draining = new ArrayDeque<>();
        boolean pathGone;
    }

    private final DirectoryScanner scanner;
    private final FileOpener opener;
    private final FileBatch batch;
    private final OffsetLookup offsets;
    private final FileSourceMetrics metrics;
    private final Time time;
    private final long scanIntervalMs;
    private final StartPosition startPosition;
    private final Map<String, Followed> followed = new LinkedHashMap<>();
    /**
     * Files read in this session, so a rotated file matching the glob under its new name is not read twice. Keyed by
     * the local file key (device included), not the stored identity: this set spans directories, which may be on
     * different file systems, and lives only as long as this task on this host.
     */
    private final Set<Object> knownFiles = new HashSet<>();
    private boolean firstScan = true;
    private long nextScanMs;
    private int rotateFrom;
    private volatile long unread;

    TailReader(DirectoryScanner scanner, FileOpener opener, FileBatch batch, OffsetLookup offsets,
               FileSourceMetrics metrics, Time time, long scanIntervalMs, StartPosition startPosition) {
        this.scanner = scanner;
        this.opener = opener;
        this.batch = batch;
        this.offsets = offsets;
        this.metrics = metrics;
        this.time = time;
        this.scanIntervalMs = scanIntervalMs;
        this.startPosition = startPosition;
    }

    @Override
    public List<SourceRecord> poll(int max) throws IOException {
        if (time.milliseconds() >= nextScanMs) {
            rescan();
        }
        List<SourceRecord> out = new ArrayList<>();
        List<Map.Entry<String, Followed>> entries = new ArrayList<>(followed.entrySet());
        if (entries.isEmpty()) {
            return out;
        }
        // Start at a different path each poll, so one busy file cannot starve the others.
        rotateFrom = (rotateFrom + 1) % entries.size();
        for (int i = 0; i < entries.size() && out.size() < max; i++) {
            Map.Entry<String, Followed> entry = entries.get((rotateFrom + i) % entries.size());
            Followed f = entry.getValue();
            if (!drain(f, max, out)) {
                continue;
            }
            if (f.active != null && f.active.reader() != null && batch.read(f.active, max - out.size(), out)) {
                f.active.closeReader();
            }
            if (f.pathGone && f.draining.isEmpty()) {
                followed.remove(entry.getKey());
            }
        }
        return out;
    }

    /** Reads older files of a path to their end; true when none is left, so the current file may be read. */
    private boolean drain(Followed f, int max, List<SourceRecord> out) throws IOException {
        while (!f.draining.isEmpty() && out.size() < max) {
            SourceFile old = f.draining.peek();
            if (!batch.read(old, max - out.size(), out)) {
                return false;
            }
            old.closeReader();
            f.draining.poll();
            log.info("Finished the rotated file formerly at {}", old.relative);
        }
        return f.draining.isEmpty();
    }

    private void rescan() throws IOException {
        nextScanMs = time.milliseconds() + scanIntervalMs;
        List<Candidate> found = scanner.scan(time.milliseconds(), 0, DirectoryScanner.Order.NAME);
        metrics.scans.increment();
        List<String> fresh = new ArrayList<>();
        for (Candidate c : found) {
            if (!followed.containsKey(c.relative())) {
                fresh.add(c.relative());
            }
        }
        Map<String, FileOffset> stored = fresh.isEmpty() ? Map.of() : offsets.lookup(fresh);
        Set<String> present = new HashSet<>();
        long unreadNow = 0;
        for (Candidate c : found) {
            present.add(c.relative());
            Followed f = followed.get(c.relative());
            if (f == null) {
                if (knownFiles.contains(c.localKey())) {
                    continue;
                }
                f = new Followed();
                if (start(f, c, stored.get(c.relative()))) {
                    followed.put(c.relative(), f);
                }
            } else if (f.active == null || !f.active.identity.equals(c.identity())) {
                if (f.active != null) {
                    log.info("{} was rotated: reading the rest of the old file, then the new one", c.relative());
                    retire(f);
                }
                f.pathGone = false;
                f.active = open(c, FileOffset.START);
            } else if (f.active.reader() != null && f.active.reader().bytesReadFromDisk() > c.size()) {
                log.warn("{} was truncated in place to {} bytes after {} had been read; reading it again from "
                        + "the start", c.relative(), c.size(), f.active.reader().bytesReadFromDisk());
                f.active.closeReader();
                f.active = open(c, FileOffset.START);
            }
            if (f.active != null && f.active.reader() != null) {
                unreadNow += Math.max(0, c.size() - f.active.reader().bytesReadFromDisk());
            }
        }
        for (Iterator<Map.Entry<String, Followed>> it = followed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Followed> e = it.next();
            if (!present.contains(e.getKey()) && !e.getValue().pathGone) {
                log.info("{} disappeared: reading the open file to its end", e.getKey());
                e.getValue().pathGone = true;
                retire(e.getValue());
            }
        }
        unread = unreadNow;
        firstScan = false;
    }

    private static void retire(Followed f) {
        if (f.active != null && f.active.reader() != null) {
            f.active.reader().noMoreGrowth();
            f.draining.add(new SourceFile(f.active.path, f.active.relative, f.active.identity, f.active.size, true,
                    f.active.reader()));
        }
        f.active = null;
    }

    /** Starts following a path seen for the first time; false when it is not ready to be opened yet. */
    private boolean start(Followed f, Candidate c, FileOffset stored) throws IOException {
        FileOffset from = FileOffset.START;
        if (stored != null && stored.matches(c.identity())) {
            from = stored;
        } else if (stored != null) {
            resumeRotatedWhileStopped(f, c, stored);
        } else if (firstScan && startPosition == StartPosition.END) {
            from = new FileOffset(c.identity(), lastLineBoundary(c.path(), c.size()), 0, false);
        }
        f.active = open(c, from);
        return f.active != null || !f.draining.isEmpty();
    }

    private void resumeRotatedWhileStopped(Followed f, Candidate c, FileOffset stored) {
        if (stored.eof()) {
            return;
        }
        Rotated rotated = findByIdentity(c.path().getParent(), stored.identity());
        if (rotated == null) {
            log.warn("{} was rotated while the connector was stopped, and the previous file is gone: its content "
                    + "after byte {} (line {}) could not be read", c.relative(), stored.position(), stored.lines());
            return;
        }
        Path old = rotated.path();
        log.info("{} was rotated while the connector was stopped: reading the rest of {} first", c.relative(), old);
        try {
            RecordReader reader = opener.open(old, stored.position(), stored.lines(), true);
            f.draining.add(new SourceFile(old, c.relative(), stored.identity(), Files.size(old), true, reader));
            knownFiles.add(rotated.localKey());
        } catch (IOException e) {
            log.warn("Cannot read the rest of {} ({}): its content after byte {} was not read", old, e.toString(),
                    stored.position());
        }
    }

    private SourceFile open(Candidate c, FileOffset from) {
        RecordReader reader;
        try {
            reader = opener.open(c.path(), from.position(), from.lines(), false);
        } catch (FileNotReadyException notYet) {
            return null;
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot open {}: {}", c.relative(), e.toString());
            reader = new UnreadableFile(e, from.position(), from.lines());
        }
        knownFiles.add(c.localKey());
        return new SourceFile(c.path(), c.relative(), c.identity(), c.size(), false, reader);
    }

    /** A file found under another name by its identity: one directory is one file system, so the inode suffices. */
    private record Rotated(Path path, Object localKey) {
    }

    private static Rotated findByIdentity(Path directory, String identity) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (IOException vanished) {
                    continue;
                }
                if (attributes.isRegularFile() && identity.equals(FileIdentity.of(attributes, false))) {
                    return new Rotated(entry, FileIdentity.localKey(attributes));
                }
            }
        } catch (IOException e) {
            log.warn("Cannot list {} to look for a rotated file: {}", directory, e.toString());
        }
        return null;
    }

    /** The position just after the last newline before {@code size}: where to start reading "from the end". */
    static long lastLineBoundary(Path file, long size) throws IOException {
        int window = (int) Math.min(size, 64 * 1024);
        ByteBuffer tail = ByteBuffer.allocate(window);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.read(tail, size - window);
        }
        for (int i = tail.position() - 1; i >= 0; i--) {
            if (tail.get(i) == '\n') {
                return size - window + i + 1;
            }
        }
        return size;
    }

    @Override
    public void acknowledged(SourceRecord record) {
        // Tailed files are never cleaned up, so acknowledgements change nothing here.
    }

    @Override
    public FileSourceMetrics metrics() {
        return metrics;
    }

    @Override
    public long unreadBytes() {
        return unread;
    }

    @Override
    public void close() {
        for (Followed f : followed.values()) {
            if (f.active != null) {
                f.active.closeReader();
            }
            f.draining.forEach(SourceFile::closeReader);
        }
        followed.clear();
    }
}
