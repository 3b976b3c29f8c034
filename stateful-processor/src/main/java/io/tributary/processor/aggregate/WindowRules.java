package io.tributary.processor.aggregate;

import io.tributary.processor.config.JobSpec;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.SlidingWindows;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * Kafka Streams' windows for a job, and the same rule Kafka Streams uses to decide that a window has closed, so
 * {@link LateRouter} can tell, before the aggregation, which events the aggregation would drop. Kafka Streams
 * drops those silently (a metric only); here they go to the late topic instead.
 *
 * <p>The rules mirror Kafka Streams 4.3's window aggregate processors: with stream time {@code t} (the largest
 * timestamp the step has seen) and {@code close = t - grace}, a time window ending at {@code end} is closed when
 * {@code end <= close}; a sliding window's event is dropped when {@code ts + difference < close}. For sessions the
 * rule here is stricter than Kafka's (an event is late when {@code ts < close}, where Kafka would still merge it
 * into a session that ends later): such an event goes to the late topic rather than into the session, so nothing
 * can be dropped unseen.
 */
final class WindowRules {

    private final JobSpec.Window spec;
    private final TimeWindows timeWindows;

    WindowRules(JobSpec.Window spec) {
        this.spec = spec;
        this.timeWindows = switch (spec.type()) {
            case TUMBLING -> TimeWindows.ofSizeAndGrace(spec.size(), spec.grace());
            case HOPPING -> TimeWindows.ofSizeAndGrace(spec.size(), spec.grace()).advanceBy(spec.advance());
            default -> null;
        };
    }

    TimeWindows timeWindows() {
        return timeWindows;
    }

    SlidingWindows slidingWindows() {
        return SlidingWindows.ofTimeDifferenceAndGrace(spec.size(), spec.grace());
    }

    SessionWindows sessionWindows() {
        return SessionWindows.ofInactivityGapAndGrace(spec.size(), spec.grace());
    }

    long grace() {
        return spec.grace().toMillis();
    }

    /** The idle timeout after which a task's open windows close, in ms; 0 when off. */
    long idleCloseMs() {
        return spec.idleClose() == null ? 0 : spec.idleClose().toMillis();
    }

    /**
     * A stream time at which every window holding an event at {@code streamTime} or before has closed, for the
     * aggregation and for final-results suppression alike: past the latest such window's end (a session's end plus
     * its gap) by more than the grace.
     */
    long timeClosingAllWindowsOf(long streamTime) {
        return streamTime + spec.size().toMillis() + grace() + 2;
    }

    /**
     * The end of the earliest window an event at {@code ts} belongs to (as Kafka's {@code TimeWindows.windowsFor}
     * aligns them); for sliding windows and sessions the event's own time, the least end a window holding it has.
     */
    long firstWindowEnd(long ts) {
        if (timeWindows == null) {
            return ts;
        }
        long size = timeWindows.size();
        long advance = timeWindows.advanceMs;
        long start = Math.max(0, ts - size + advance);
        start -= start % advance;
        return start + size;
    }

    /** How late an event at {@code ts} is, given the window step's stream time. */
    Lateness lateness(long ts, long streamTime) {
        long close = streamTime - grace();
        switch (spec.type()) {
            case TUMBLING:
            case HOPPING: {
                long closed = 0;
                long total = 0;
                long firstClosedStart = -1;
                long lastClosedEnd = -1;
                for (var window : timeWindows.windowsFor(ts).values()) {
                    total++;
                    if (window.end() <= close) {
                        closed++;
                        firstClosedStart = firstClosedStart < 0 ? window.start() : Math.min(firstClosedStart, window.start());
                        lastClosedEnd = Math.max(lastClosedEnd, window.end());
                    }
                }
                return closed == 0 ? Lateness.ON_TIME
                        : new Lateness(closed == total, firstClosedStart, lastClosedEnd, streamTime - ts);
            }
            case SLIDING: {
                long difference = spec.size().toMillis();
                if (ts + difference < close) {
                    return new Lateness(true, ts - difference, ts + difference + 1, streamTime - ts);
                }
                // The event's own window [ts - difference, ts] is closed, later ones are still open.
                return ts <= close ? new Lateness(false, ts - difference, ts, streamTime - ts) : Lateness.ON_TIME;
            }
            default:
                return ts < close ? new Lateness(true, ts, ts, streamTime - ts) : Lateness.ON_TIME;
        }
    }

    /**
     * Whether an event missed some ({@code all} false) or all of its windows, which ones ({@code [from, to)}), and
     * by how much stream time had passed it.
     */
    record Lateness(boolean all, long from, long to, long byMs) {
        static final Lateness ON_TIME = new Lateness(false, 0, 0, 0);

        boolean any() {
            return this != ON_TIME;
        }
    }
}
