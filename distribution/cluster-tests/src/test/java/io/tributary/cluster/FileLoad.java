package io.tributary.cluster;

import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a file of demo events into the file source's watched directory at a steady rate. Each file is written under
 * a name the source's glob does not match and renamed into place, so the source never sees a half-written file.
 */
final class FileLoad implements AutoCloseable {

    static final int EVENTS_PER_FILE = 100;
    private static final long EVERY_MS = 2_000;

    private final Path input;
    private final EventGenerator events;
    private final Set<String> written = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable died;
    private int files;

    FileLoad(Path input, long seed) {
        this.input = input;
        this.events = new EventGenerator(new GeneratorSettings(Long.MAX_VALUE, 1_000.0 * EVENTS_PER_FILE / EVERY_MS,
                0, 0, 0, 0, 0, 1_000, seed, EnumSet.allOf(Scenario.class)), Instant.now());
        this.thread = new Thread(this::run, "file-load");
        thread.setDaemon(true);
    }

    FileLoad start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                StringBuilder lines = new StringBuilder();
                Set<String> ids = new java.util.HashSet<>();
                for (int i = 0; i < EVENTS_PER_FILE; i++) {
                    GeneratedEvent event = events.next();
                    lines.append(new String(event.bytes(), StandardCharsets.UTF_8)).append('\n');
                    ids.add(event.eventId());
                }
                String name = String.format("events-%05d", files++);
                Path partial = input.resolve(name + ".writing");
                Files.writeString(partial, lines);
                Files.move(partial, input.resolve(name + ".jsonl"), StandardCopyOption.ATOMIC_MOVE);
                written.addAll(ids);
                Thread.sleep(EVERY_MS);
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (IOException | RuntimeException e) {
            died = e;
        }
    }

    /** The ids of every event in a file handed to the source. */
    Set<String> written() {
        return written;
    }

    int files() {
        return files;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
        if (died != null) {
            throw new AssertionError("the file generator died", died);
        }
    }
}
