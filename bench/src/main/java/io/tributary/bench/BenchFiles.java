package io.tributary.bench;

import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The benchmarks' files: an empty work directory to start from (nothing of an earlier run — topics, state — carries
 * over), the generated events they read, and the file source's spool directories.
 */
public final class BenchFiles {

    private BenchFiles() {
    }

    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The bytes of the regular files under {@code dir} (0 when it does not exist). */
    public static long sizeOf(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            long total = 0;
            for (Path p : paths.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    /** The file benchmarks' input: all the measured events, and the fewer of the warm-up runs. */
    public record EventFiles(Path full, Path warmup) {
    }

    /**
     * Writes the file benchmarks' input to {@code work}/data: {@code records} events for the measured runs,
     * {@code warmup} for the warm-up; prints their count and size.
     */
    public static EventFiles eventFiles(Path work, int records, int warmup) throws IOException {
        Path data = Files.createDirectories(work.resolve("data"));
        Path full = writeEvents(data.resolve("events-full.jsonl"), records);
        Path small = writeEvents(data.resolve("events-warmup.jsonl"), warmup);
        System.out.printf("  %,d events, %,d bytes (%.0f B each); warm-up runs on %,d%n", records, Files.size(full),
                (double) Files.size(full) / records, warmup);
        return new EventFiles(full, small);
    }

    /** {@code count} clean generated events, one JSON line each; the file. */
    public static Path writeEvents(Path file, int count) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            EventGenerator generator = new EventGenerator(GeneratorSettings.clean(count, 1), Instant.now());
            while (generator.hasNext()) {
                GeneratedEvent event = generator.next();
                out.write(event.bytes());
                out.write('\n');
            }
        }
        return file;
    }

    public static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** A new directory {@code dir} holding a copy of {@code file} as events.jsonl, for the file source to spool. */
    public static Path spoolInput(Path dir, Path file) throws IOException {
        Path input = Files.createDirectories(dir);
        Files.copy(file, input.resolve("events.jsonl"));
        return input;
    }

    /**
     * Waits until the file source has moved {@code input}'s events.jsonl to finished/, which it does once Kafka
     * acknowledged its last record (under exactly-once: committed it); the time it was seen there.
     */
    public static long awaitSpooled(Path input) throws InterruptedException {
        Path finished = input.resolve("finished/events.jsonl");
        while (!Files.exists(finished)) {
            Thread.sleep(10);
        }
        return System.currentTimeMillis();
    }
}
