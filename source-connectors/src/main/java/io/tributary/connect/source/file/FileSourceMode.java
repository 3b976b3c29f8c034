package io.tributary.connect.source.file;

import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.util.List;

/** How a task finds and follows files: spooling complete files, or tailing growing ones. */
interface FileSourceMode extends AutoCloseable {

    /** Up to {@code max} records; empty when nothing is ready. Called from the task thread. */
    List<SourceRecord> poll(int max) throws IOException;

    /** Kafka acknowledged {@code record} (or a transform dropped it). Called from a producer thread. */
    void acknowledged(SourceRecord record);

    /** Bytes of known files not read yet. */
    long unreadBytes();

    FileSourceMetrics metrics();

    @Override
    void close();
}
