package io.tributary.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened to the cluster (signals, exits, restarts) and to the clients (connections, failures, failovers), with
 * wall-clock times in the workers' log format, so a client's longest gap can be laid beside the workers' logs. Every
 * entry is also appended to a file as it happens. Acknowledgements are not entries (one every 100 ms per client).
 */
final class Timeline {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss,SSS");

    record Entry(long millis, String who, String what) {
        @Override
        public String toString() {
            return at(millis) + "  " + who + ": " + what;
        }
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    Timeline(Path file) {
        this.file = file;
    }

    static String at(long millis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(millis), ZoneId.systemDefault()).format(TIME);
    }

    void add(String who, String what) {
        Entry entry = new Entry(System.currentTimeMillis(), who, what);
        synchronized (this) {
            entries.add(entry);
            try {
                Files.writeString(file, entry + System.lineSeparator(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The entries of {@code who} from {@code fromMillis} to {@code toMillis}, and the cluster's (workers', processor
     * instances') from {@code leadMillis} earlier: a signal sent shortly before a gap began is part of its story.
     */
    synchronized List<Entry> between(long fromMillis, long toMillis, long leadMillis, String who) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            boolean cluster = e.who().startsWith("worker-") || e.who().startsWith("processor-");
            long from = cluster ? fromMillis - leadMillis : fromMillis;
            if (e.millis() >= from && e.millis() <= toMillis && (cluster || e.who().equals(who))) {
                out.add(e);
            }
        }
        return out;
    }
}
