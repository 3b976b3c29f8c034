package io.tributary.generator.sink;

import io.tributary.generator.GeneratedEvent;

import java.io.IOException;

/** Where generated lines go: files, an HTTP endpoint, a Kafka topic. */
public interface EventSink extends AutoCloseable {

    void accept(GeneratedEvent event) throws IOException, InterruptedException;

    /** Makes everything accepted so far visible to readers (complete files, sent requests, acked records). */
    void flush() throws IOException, InterruptedException;

    @Override
    void close() throws IOException, InterruptedException;
}
