package io.tributary.generator;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of what was generated, by quality and by event type, for reconciling a pipeline's output. */
public final class GenerationStats {

    private final Map<Quality, AtomicLong> byQuality = new EnumMap<>(Quality.class);
    private final Map<String, AtomicLong> byEventType = new TreeMap<>();
    private final AtomicLong total = new AtomicLong();

    public GenerationStats() {
        for (Quality q : Quality.values()) {
            byQuality.put(q, new AtomicLong());
        }
    }

    synchronized void count(GeneratedEvent event) {
        total.incrementAndGet();
        byQuality.get(event.quality()).incrementAndGet();
        if (event.quality() != Quality.MALFORMED) {
            byEventType.computeIfAbsent(event.eventType(), t -> new AtomicLong()).incrementAndGet();
        }
    }

    public long total() {
        return total.get();
    }

    public long count(Quality quality) {
        return byQuality.get(quality).get();
    }

    /** Lines that parse as JSON: valid, late, duplicate and invalid ones. */
    public long wellFormed() {
        return total() - count(Quality.MALFORMED);
    }

    public synchronized Map<String, Long> byEventType() {
        Map<String, Long> copy = new TreeMap<>();
        byEventType.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    @Override
    public String toString() {
        return "generated=" + total() + " valid=" + count(Quality.VALID) + " late=" + count(Quality.LATE)
                + " duplicate=" + count(Quality.DUPLICATE) + " invalid=" + count(Quality.INVALID)
                + " malformed=" + count(Quality.MALFORMED);
    }
}
