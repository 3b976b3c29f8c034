package io.tributary.connect.common.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters and gauges registered through Connect's plugin metrics (KIP-877), so they appear in JMX next to the
 * worker's own metrics and reach Prometheus through the JMX exporter. On a runtime older than Kafka 4.1 there is
 * no {@code pluginMetrics()}: counting still works, nothing is exported.
 */
public final class TaskMetrics {

    private static final AtomicLong SENSORS = new AtomicLong();

    private final PluginMetrics metrics;

    private TaskMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Wraps {@code () -> context.pluginMetrics()}; a runtime that lacks the method yields metrics that only count.
     * Callers pass a lambda, never the method reference {@code context::pluginMetrics}: a method reference links when
     * it is created, outside this try, and fails the task on Connect before 4.1.
     */
    public static TaskMetrics from(Supplier<PluginMetrics> pluginMetrics) {
        PluginMetrics metrics;
        try {
            metrics = pluginMetrics.get();
        } catch (NoSuchMethodError | AbstractMethodError | NoClassDefFoundError | UnsupportedOperationException e) {
            metrics = null;
        }
        return new TaskMetrics(metrics);
    }

    public static TaskMetrics none() {
        return new TaskMetrics(null);
    }

    /** A counter exported as {@code <name>-total} and {@code <name>-rate} (per second). */
    public Counter counter(String name, String description) {
        return counter(name, description, new LinkedHashMap<>());
    }

    /**
     * A counter with tags of its own, e.g. {@code rule=vip} for one counter per rule. Counting is a {@link LongAdder}
     * increment; the exported metrics read it when they are read, so the per-record cost stays a few nanoseconds
     * (a Kafka {@link Sensor} takes a lock and the clock on every record).
     */
    public Counter counter(String name, String description, LinkedHashMap<String, String> tags) {
        Counter counter = new Counter(null);
        if (metrics != null) {
            metrics.addMetric(metrics.metricName(name + "-total", "Total " + description, tags),
                    (Measurable) (config, now) -> counter.count());
            metrics.addMetric(metrics.metricName(name + "-rate", "Per-second rate of " + description
                    + ", over the time since the previous reading (at least a second)", tags), new RateOf(counter));
        }
        return counter;
    }

    /** A latency (or any amount) recorded per event, exported as {@code <name>-avg} and {@code <name>-max}. */
    public Counter measure(String name, String description) {
        if (metrics == null) {
            return new Counter(null);
        }
        // Sensor names are global in the worker's registry (PluginMetrics.addSensor is Metrics.sensor): two tasks, or
        // two transforms of one task, with the same measure would share one sensor and its average, and the first to
        // close would remove it for all. The name is made unique per instance; only the metric names are exported.
        Sensor sensor = metrics.addSensor(name + "#" + SENSORS.incrementAndGet());
        sensor.add(metricName(name + "-avg", "Average " + description), new org.apache.kafka.common.metrics.stats.Avg());
        sensor.add(metricName(name + "-max", "Maximum " + description), new org.apache.kafka.common.metrics.stats.Max());
        return new Counter(sensor);
    }

    /** A value read when the metric is read, e.g. bytes still unread. */
    public void gauge(String name, String description, Supplier<? extends Number> value) {
        if (metrics != null) {
            metrics.addMetric(metricName(name, description), (Gauge<Number>) (config, now) -> value.get());
        }
    }

    private MetricName metricName(String name, String description) {
        return metrics.metricName(name, description, new LinkedHashMap<>());
    }

    /** Counts locally and records into the exported sensor when there is one (measures). Thread-safe. */
    public static final class Counter {
        private final Sensor sensor;
        private final LongAdder count = new LongAdder();

        private Counter(Sensor sensor) {
            this.sensor = sensor;
        }

        public void increment() {
            add(1);
        }

        public void add(long n) {
            count.add(n);
            if (sensor != null) {
                sensor.record(n);
            }
        }

        public long count() {
            return count.sum();
        }
    }

    /** The rate of a counter between two readings at least a second apart; readings in between repeat the last. */
    private static final class RateOf implements Measurable {
        private final Counter counter;
        private long lastMs = -1;
        private long lastCount;
        private double rate;

        RateOf(Counter counter) {
            this.counter = counter;
        }

        @Override
        public synchronized double measure(MetricConfig config, long now) {
            long count = counter.count();
            if (lastMs < 0) {
                lastMs = now;
                lastCount = count;
            } else if (now - lastMs >= 1_000) {
                rate = (count - lastCount) * 1_000.0 / (now - lastMs);
                lastMs = now;
                lastCount = count;
            }
            return rate;
        }
    }
}
