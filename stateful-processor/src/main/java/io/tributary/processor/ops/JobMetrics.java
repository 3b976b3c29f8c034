package io.tributary.processor.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The processor's own counts per job — repeats dropped, late events routed, dead letters — which Kafka Streams has
 * no metric for. One set per JVM, as there is one processor per JVM (tests' drivers count here too); the jobs'
 * processors count without holding a registry, and {@link PrometheusMetrics} exports them as counters labelled
 * {@code processor_job}.
 */
public final class JobMetrics {

    public enum Count {
        DUPLICATES("processor.duplicates.dropped", "repeats of an event id dropped by a dedup job"),
        LATE("processor.late.events", "events sent to the late topic (all or some of their windows had closed)"),
        DEAD_LETTERS("processor.dead.letters", "events sent to the dead-letter topic"),
        FILTERED("processor.filtered", "events skipped: not meeting the job's where condition, or no route"),
        ROUTED("processor.routed", "events sent on by a route job"),
        REDIRECTED("processor.redirected", "events a transform of the job sent to a topic other than the job's output "
                + "(a dead-letter route, a rule's route)"),
        IDLE_CLOSES("processor.idle.closes", "times a task's open windows were closed after its idle timeout");

        /** Micrometer's name; in Prometheus, with '_' for '.' and '_total' added: processor_duplicates_dropped_total. */
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
        adder(count, job).increment();
    }

    public static long get(Count count, String job) {
        LongAdder adder = COUNTS.get(count.name() + "\u0000" + job);
        return adder == null ? 0 : adder.sum();
    }

    /** The count itself, created at 0 when the job has not counted yet: for exporting it. */
    static LongAdder adder(Count count, String job) {
        return COUNTS.computeIfAbsent(count.name() + "\u0000" + job, k -> new LongAdder());
    }
}
