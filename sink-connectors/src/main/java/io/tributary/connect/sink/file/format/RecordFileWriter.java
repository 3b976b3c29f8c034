package io.tributary.connect.sink.file.format;

import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;

/**
 * Writes records of one format into one open file. {@link #write} encodes a record completely before writing any
 * of it, so a record that cannot be encoded ({@code DataException}) leaves the file untouched.
 */
public interface RecordFileWriter {

    /** Whether the record fits this file (same schema); if not, the partition's files are committed first. */
    boolean accepts(SinkRecord record);

    /** Writes one record. The caller counts bytes at the stream (before compression). */
    void write(SinkRecord record) throws IOException;

    /**
     * Bytes encoded but not yet written to the stream: Parquet holds a row group in memory until it is complete.
     * Counted with the stream's bytes for {@code rotate.bytes}.
     */
    default long bufferedBytes() {
        return 0;
    }

    /**
     * Completes the format (Avro's last block) and flushes; the caller closes the stream. Frees what the writer holds
     * (as {@link #abandon}) whether or not it succeeds.
     */
    void finish() throws IOException;

    /**
     * The file is being thrown away unfinished (a failed commit, a task stopping or losing the partition): frees what
     * the writer holds outside the stream, such as Arrow's off-heap batch. Called at most once after {@link #finish}
     * or instead of it, and safe to call again.
     */
    default void abandon() {
    }
}
