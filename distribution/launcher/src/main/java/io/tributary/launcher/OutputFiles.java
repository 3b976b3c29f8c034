package io.tributary.launcher;

import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
        for (Path file : committedFiles()) {
            if (!counted.containsKey(file)) {
                long n = file.getFileName().toString().endsWith(".avro") ? countAvroRecords(file) : countLines(file);
                counted.put(file, n);
                lines += n;
            }
        }
        return lines;
    }

    /**
     * The event id of every record in the committed files (the {@code event_id} field of Avro records, the first UUID
     * of a line otherwise), file by file; a record without one is listed as {@code (no event id: file:record)}.
     * Reads every file again: only for a count that does not reconcile.
     */
    List<String> eventIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path file : committedFiles()) {
            long n = 0;
            if (file.getFileName().toString().endsWith(".avro")) {
                try (InputStream in = Files.newInputStream(file);
                     DataFileStream<GenericRecord> avro = new DataFileStream<>(in, new GenericDatumReader<>())) {
                    for (GenericRecord record : avro) {
                        n++;
                        Object id = record.getSchema().getField("event_id") == null ? null : record.get("event_id");
                        ids.add(id != null ? id.toString() : "(no event id: " + file + ":" + n + ")");
                    }
                }
            } else {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    n++;
                    String id = EventIds.find(line.getBytes(StandardCharsets.UTF_8));
                    ids.add(id != null ? id : "(no event id: " + file + ":" + n + ")");
                }
            }
        }
        return ids;
    }

    private List<Path> committedFiles() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
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
        committed.sort(null);
        return committed;
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
