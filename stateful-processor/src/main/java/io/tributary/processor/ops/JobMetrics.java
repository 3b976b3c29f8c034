package io.tributary.processor.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The processor's own counts per job — repeats dropped, late events routed, dead letters — which Kafka Streams has
 * no metric for. One registry per JVM, as there is one processor per JVM; exported on {@code /metrics}.
 */
public final class JobMetrics {

    public enum Count {
        DUPLICATES("processor_duplicates_dropped_total", "repeats of an event id dropped by a dedup job"),
        LATE("processor_late_events_total", "events sent to the late topic (all or some of their windows had closed)"),
        DEAD_LETTERS("processor_dead_letters_total", "events sent to the dead-letter topic"),
        FILTERED("processor_filtered_total", "events skipped: not meeting the job's where condition, or no route"),
        ROUTED("processor_routed_total", "events sent on by a route job"),
        IDLE_CLOSES("processor_idle_closes_total", "times a task's open windows were closed after its idle timeout");

        public final String metric;
        public final String help;

        Count(String metric, String help) {
            this.metric = metric;
            this.help = help;
        }
    }

    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

    private JobMetrics() {
    }

    public static void increment(Count count, String job) {
        COUNTS.computeIfAbsent(count.name() + "\u0000" + job, k -> new LongAdder()).increment();
    }

    public static long get(Count count, String job) {
        LongAdder adder = COUNTS.get(count.name() + "\u0000" + job);
        return adder == null ? 0 : adder.sum();
    }

    /** Every count by job, for one metric. */
    static Map<String, Long> byJob(Count count) {
        Map<String, Long> out = new TreeMap<>();
        COUNTS.forEach((key, adder) -> {
            int split = key.indexOf('\u0000');
            if (key.substring(0, split).equals(count.name())) {
                out.put(key.substring(split + 1), adder.sum());
            }
        });
        return out;
    }
}
