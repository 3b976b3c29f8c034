package io.tributary.connect.source.file;

import io.tributary.connect.source.file.offset.FilePartition;
import io.tributary.connect.source.file.read.RecordReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file being read (or read and waiting for Kafka's acknowledgements): its identity, its reader, and how many of
 * the records emitted from it Kafka has acknowledged. A spool file is cleaned up only when every record emitted
 * from it is acknowledged, so moving or deleting it can never lose a record.
 */
final class SourceFile {

    final Path path;
    final String relative;
    final String identity;
    final FilePartition partition;
    final long size;
    final boolean complete;
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private RecordReader reader;
    private boolean endReached;
    private boolean failed;
    private long lastBytesFromDisk;

    SourceFile(Path path, String relative, String identity, long size, boolean complete, RecordReader reader) {
        this.path = path;
        this.relative = relative;
        this.identity = identity;
        this.partition = new FilePartition(relative, this);
        this.size = size;
        this.complete = complete;
        this.reader = reader;
    }

    static String key(String relative, String identity) {
        return relative + '\u0000' + identity;
    }

    String key() {
        return key(relative, identity);
    }

    RecordReader reader() {
        return reader;
    }

    void emitted(int count) {
        emitted.addAndGet(count);
    }

    void acknowledged() {
        acknowledged.incrementAndGet();
    }

    boolean allAcknowledged() {
        return acknowledged.get() >= emitted.get();
    }

    void endReached(boolean failed) {
        this.endReached = true;
        this.failed |= failed;
    }

    boolean isEndReached() {
        return endReached;
    }

    boolean isFailed() {
        return failed;
    }

    /** Disk bytes read since the last call, for the bytes-read metric. */
    long takeBytesRead() {
        if (reader == null) {
            return 0;
        }
        long now = reader.bytesReadFromDisk();
        long delta = now - lastBytesFromDisk;
        lastBytesFromDisk = now;
        return delta;
    }

    long unreadBytes() {
        return reader == null ? 0 : Math.max(0, size - reader.bytesReadFromDisk());
    }

    void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // Closing a file we only read cannot lose data.
            }
            reader = null;
        }
    }
}
