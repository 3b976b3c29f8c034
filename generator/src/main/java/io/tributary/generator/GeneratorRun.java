package io.tributary.generator;

import io.tributary.generator.sink.EventSink;

import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;

/** Drives a generator into a sink at the settings' rate, counting what it made. */
public final class GeneratorRun {

    private GeneratorRun() {
    }

    /**
     * Generates every event into {@code sink}, then flushes it. {@code progress} is called about once a second
     * with the counts so far (from the generating thread).
     */
    public static GenerationStats run(GeneratorSettings settings, EventSink sink, Consumer<GenerationStats> progress)
            throws IOException, InterruptedException {
        return run(new EventGenerator(settings, Instant.now()), settings.ratePerSecond(), sink, progress);
    }

    /** The same for any generator of events (the cart events' one), at {@code ratePerSecond} (0: unpaced). */
    public static GenerationStats run(Iterator<GeneratedEvent> generator, double ratePerSecond, EventSink sink,
                                      Consumer<GenerationStats> progress) throws IOException, InterruptedException {
        GenerationStats stats = new GenerationStats();
        Pacer pacer = new Pacer(ratePerSecond);
        long nextReport = System.nanoTime() + 1_000_000_000L;
        while (generator.hasNext()) {
            pacer.await();
            GeneratedEvent event = generator.next();
            sink.accept(event);
            stats.count(event);
            if ((stats.total() & 0xff) == 0 && System.nanoTime() >= nextReport) {
                progress.accept(stats);
                nextReport = System.nanoTime() + 1_000_000_000L;
            }
        }
        sink.flush();
        return stats;
    }
}
