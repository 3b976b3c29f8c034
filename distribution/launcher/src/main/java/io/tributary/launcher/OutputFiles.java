package io.tributary.launcher;

import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the records of the files a file sink committed under a directory: the lines of JSON-lines files, the
 * records of Avro container files ({@code .avro}, read with Avro's own reader, so a file Avro cannot read fails the
 * count). Committed files never change, so each is read once; the sink's temporary and offset-marker directories
 * (hidden) are not looked at.
 */
final class OutputFiles {

    private final Path root;
    private final Map<Path, Long> counted = new HashMap<>();
    private long lines;

    OutputFiles(Path root) {
        this.root = root;
    }

    /** Reads files committed since the last call; returns the total of lines in all committed files. */
    long refresh() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        // The sink's hidden directories (temporary files, offset markers) are skipped, not walked: their files come
        // and go while the walk runs.
        List<Path> committed = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !file.getFileName().toString().startsWith(".")) {
                    committed.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        for (Path file : committed) {
            if (!counted.containsKey(file)) {
                long n = file.getFileName().toString().endsWith(".avro") ? countAvroRecords(file) : countLines(file);
                counted.put(file, n);
                lines += n;
            }
        }
        return lines;
    }

    int files() {
        return counted.size();
    }

    long lines() {
        return lines;
    }

    /** The records of an Avro object container file, each decoded with the file's own schema. */
    static long countAvroRecords(Path file) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file);
             DataFileStream<Object> avro = new DataFileStream<>(in, new GenericDatumReader<>())) {
            Object reuse = null;
            while (avro.hasNext()) {
                reuse = avro.next(reuse);
                n++;
            }
        }
        return n;
    }

    private static long countLines(Path file) throws IOException {
        long n = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
