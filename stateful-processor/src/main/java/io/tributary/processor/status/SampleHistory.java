package io.tributary.processor.status;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Counters sampled over time, for rates over the last minutes: topic end offsets, group committed offsets, the
 * workers' per-task totals, the processor's per-topic totals. A rate over a window is the difference between the
 * newest sample and the oldest one no older than the window, divided by the time between them; null with fewer than
 * two such samples, or when the counter went down (a worker restarted, a topic was re-created).
 */
final class SampleHistory {

    record Sample(long atMs, Map<String, Double> counters) {
    }

    /** The rate of a counter over a window, and the span it was measured over. */
    record Rate(double perSecond, double spanSeconds) {
    }

    private final Duration keep;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** @param keep how far back samples are kept: the longest window, plus a sample interval */
    SampleHistory(Duration keep) {
        this.keep = keep;
    }

    /** Adds a sample (ignored when it is not newer than the newest) and forgets the ones older than {@code keep}. */
    synchronized void add(long atMs, Map<String, Double> counters) {
        if (!samples.isEmpty() && samples.peekLast().atMs() >= atMs) {
            return;
        }
        samples.addLast(new Sample(atMs, Map.copyOf(counters)));
        while (samples.size() > 2 && samples.peekFirst().atMs() < atMs - keep.toMillis()) {
            samples.removeFirst();
        }
    }

    synchronized int size() {
        return samples.size();
    }

    /** The rate of {@code key} over the window ending at the newest sample, or null (see the class comment). */
    synchronized Rate rate(String key, Duration window) {
        if (samples.size() < 2) {
            return null;
        }
        Sample newest = samples.peekLast();
        Double now = newest.counters().get(key);
        if (now == null) {
            return null;
        }
        Sample from = null;
        for (Iterator<Sample> it = samples.iterator(); it.hasNext(); ) {
            Sample s = it.next();
            if (s != newest && s.atMs() >= newest.atMs() - window.toMillis() && s.counters().containsKey(key)) {
                from = s;
                break;
            }
        }
        if (from == null) {
            return null;
        }
        double delta = now - from.counters().get(key);
        double seconds = (newest.atMs() - from.atMs()) / 1000.0;
        if (delta < 0 || seconds <= 0) {
            return null;
        }
        return new Rate(delta / seconds, seconds);
    }
}
