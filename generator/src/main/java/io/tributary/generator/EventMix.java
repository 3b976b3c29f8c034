package io.tributary.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The shares of a {@link GeneratorSettings} applied line by line, for any kind of event: each line is, by a roll of the
 * settings' seeded random, malformed, a repeat of a recent valid or late event (the same bytes), late (10 to 30
 * minutes behind), invalid, or valid (now and then up to a minute out of order). Event time advances by about
 * 1 / rate a line: paced runs keep it with the wall clock (brokers reject timestamps far in the future:
 * log.message.timestamp.after.max.ms), unpaced runs span the recent past, about 1.5 ms a line, ending now. Subclasses
 * make the events themselves. Deterministic for a seed and a start time; not thread-safe.
 */
public abstract class EventMix implements Iterator<GeneratedEvent> {

    private static final int RECENT = 256;

    protected final GeneratorSettings settings;
    protected final Random random;
    private final List<GeneratedEvent> recent = new ArrayList<>(RECENT);
    private final double stepMs;
    /** Event time of the next line; advances by {@code stepMs} a line on average. */
    private double clockMs;
    private long produced;

    protected EventMix(GeneratorSettings settings, Instant start) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.stepMs = settings.ratePerSecond() > 0 ? 1_000.0 / settings.ratePerSecond() : 1.5;
        this.clockMs = settings.ratePerSecond() > 0 ? start.toEpochMilli()
                : start.toEpochMilli() - stepMs * settings.events();
    }

    /** A new well-formed event of this quality and event time. */
    protected abstract GeneratedEvent fresh(Quality quality, long eventTimeMs);

    /** {@code base} made to break the event schema, still well-formed JSON. */
    protected abstract GeneratedEvent invalid(GeneratedEvent base);

    /** {@code base} damaged so that it is no JSON event at all. */
    protected abstract GeneratedEvent malformed(GeneratedEvent base);

    @Override
    public boolean hasNext() {
        return produced < settings.events();
    }

    @Override
    public GeneratedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        produced++;
        this.clockMs += stepMs * (0.5 + random.nextDouble());
        long clockMs = (long) this.clockMs; // this line's event time
        double roll = random.nextDouble();
        if (roll < settings.malformedShare()) {
            return malformed(fresh(Quality.MALFORMED, clockMs));
        }
        roll -= settings.malformedShare();
        if (roll < settings.duplicateShare() && !recent.isEmpty()) {
            GeneratedEvent original = recent.get(random.nextInt(recent.size()));
            return new GeneratedEvent(original.bytes(), Quality.DUPLICATE, original.scenario(), original.eventId(),
                    original.userId(), original.eventType(), original.eventTimeMs());
        }
        roll -= settings.duplicateShare();
        if (roll < settings.lateShare()) {
            return remember(fresh(Quality.LATE, clockMs - 600_000L - random.nextInt(1_200_000)));
        }
        roll -= settings.lateShare();
        if (roll < settings.invalidShare()) {
            return invalid(fresh(Quality.INVALID, clockMs));
        }
        long eventTime = random.nextDouble() < settings.outOfOrderShare() ? clockMs - 1 - random.nextInt(60_000) : clockMs;
        return remember(fresh(Quality.VALID, eventTime));
    }

    private GeneratedEvent remember(GeneratedEvent event) {
        if (recent.size() < RECENT) {
            recent.add(event);
        } else {
            recent.set(random.nextInt(RECENT), event);
        }
        return event;
    }

    /** A random (version 4) UUID from the seeded random: event ids repeat with the seed. */
    protected String uuid() {
        long hi = random.nextLong();
        long lo = random.nextLong();
        return new java.util.UUID((hi & ~0xf000L) | 0x4000L, (lo & 0x3fffffffffffffffL) | 0x8000000000000000L)
                .toString();
    }
}
