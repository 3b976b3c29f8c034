package io.tributary.connect.source.file.read;

import java.io.Closeable;
import java.io.IOException;

/** Reads one file record by record, from a resume point. Not thread-safe. */
public interface RecordReader extends Closeable {

    /**
     * The next record's worth of input, or null when nothing more is available now (end of a complete file, or
     * no new complete line in a growing one). Failures of single records come back as {@link ReadResult.Failed};
     * a failure that ends the file has {@code endsFile()} true and is the last result.
     */
    ReadResult next() throws IOException;

    /** True once the whole input has been returned (meaningful for complete files). */
    boolean exhausted();

    /** Bytes read from the file on disk so far (compressed bytes for compressed files). */
    long bytesReadFromDisk();

    /** Bytes of content consumed so far, decompressed: the resume position of line formats. */
    long position();

    /**
     * The file will not grow any more (it was rotated away or deleted): bytes after its last newline now form a
     * last line, and reaching its end ends it.
     */
    default void noMoreGrowth() {
    }
}
