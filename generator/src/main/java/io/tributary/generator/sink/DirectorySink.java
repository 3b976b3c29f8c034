package io.tributary.generator.sink;

import io.tributary.generator.GeneratedEvent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes JSON-lines files into a directory, {@code eventsPerFile} lines each. A file is written under a hidden
 * temporary name and renamed into place when complete, the way a spooling reader expects files to appear.
 */
public final class DirectorySink implements EventSink {

    private final Path directory;
    private final String prefix;
    private final long eventsPerFile;
    private OutputStream out;
    private Path temp;
    private long inFile;
    private int fileIndex;
    private int filesWritten;

    public DirectorySink(Path directory, String prefix, long eventsPerFile) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.prefix = prefix;
        this.eventsPerFile = eventsPerFile;
    }

    @Override
    public void accept(GeneratedEvent event) throws IOException {
        if (out == null) {
            temp = directory.resolve("." + fileName() + ".tmp");
            out = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024);
        }
        out.write(event.bytes());
        out.write('\n');
        if (++inFile >= eventsPerFile) {
            flush();
        }
    }

    @Override
    public void flush() throws IOException {
        if (out == null) {
            return;
        }
        out.close();
        Files.move(temp, directory.resolve(fileName()), StandardCopyOption.ATOMIC_MOVE);
        out = null;
        inFile = 0;
        fileIndex++;
        filesWritten++;
    }

    private String fileName() {
        return String.format("%s-%05d.jsonl", prefix, fileIndex);
    }

    public int filesWritten() {
        return filesWritten;
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
