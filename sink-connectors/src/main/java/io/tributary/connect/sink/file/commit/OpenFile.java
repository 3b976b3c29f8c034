package io.tributary.connect.sink.file.commit;

import io.tributary.connect.common.io.Compression;
import io.tributary.connect.sink.file.format.FileFormat;
import io.tributary.connect.sink.file.format.RecordFileWriter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file being written under a temporary name: writer → byte counter → buffer → compressor → file. Closing it
 * completes the format and the compression, and syncs the file to disk before anything renames it.
 */
final class OpenFile {

    private static final Logger log = LoggerFactory.getLogger(OpenFile.class);

    final Path temp;
    final String relativeFinal;
    final RecordFileWriter writer;
    private final Counting counter;
    private final OutputStream stack;

    private OpenFile(Path temp, String relativeFinal, RecordFileWriter writer, Counting counter, OutputStream stack) {
        this.temp = temp;
        this.relativeFinal = relativeFinal;
        this.writer = writer;
        this.counter = counter;
        this.stack = stack;
    }

    static OpenFile create(Path temp, String relativeFinal, FileFormat format, Compression compression,
                           boolean fsync, SinkRecord first) throws IOException {
        FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        OutputStream file = new SyncOnClose(Channels.newOutputStream(channel), channel, fsync);
        Counting counter = null;
        try {
            OutputStream compressed = compression.compress(file);
            counter = new Counting(new BufferedOutputStream(compressed, 64 * 1024));
            RecordFileWriter writer = format.open(counter, first);
            return new OpenFile(temp, relativeFinal, writer, counter, counter);
        } catch (IOException | RuntimeException e) {
            try {
                (counter != null ? counter : file).close();
            } finally {
                Files.deleteIfExists(temp);
            }
            throw e;
        }
    }

    long bytes() {
        return counter.count + writer.bufferedBytes();
    }

    /** Completes and syncs the file. */
    void close() throws IOException {
        writer.finish();
        stack.close();
    }

    /**
     * Closes without caring for the content, frees what the writer holds, and deletes the temporary file; throws
     * nothing, so that a partition's other files are discarded too.
     */
    void abandon() {
        try {
            writer.abandon();
        } catch (RuntimeException e) {
            log.warn("Freeing what the writer of {} held failed: {}", temp, e.toString());
        }
        try {
            stack.close();
        } catch (IOException | RuntimeException ignored) {
            // The content is being thrown away.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Left behind in the task's temp directory, which is emptied when the partition is next opened.
        }
    }

    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    private static final class SyncOnClose extends FilterOutputStream {
        private final FileChannel channel;
        private final boolean fsync;

        SyncOnClose(OutputStream out, FileChannel channel, boolean fsync) {
            super(out);
            this.channel = channel;
            this.fsync = fsync;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            try {
                out.flush();
                if (fsync && channel.isOpen()) {
                    channel.force(true);
                }
            } finally {
                out.close();
            }
        }
    }
}
