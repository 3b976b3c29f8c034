package io.tributary.connect.common.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Counters and gauges registered through Connect's plugin metrics (KIP-877), so they appear in JMX next to the
 * worker's own metrics and reach Prometheus through the JMX exporter. On a runtime older than Kafka 4.1 there is
 * no {@code pluginMetrics()}: counting still works, nothing is exported.
 *
 * <p>Registering never fails the task. The names of a task's metrics are its connector, task and plugin alias, so a
 * second instance of the same task in one worker asks for the same names while the first still holds them: Connect
 * starts a new instance when the old one's graceful stop timed out ({@code task.shutdown.graceful.timeout.ms}), and
 * closes the old one's plugin metrics only if and when its thread ends. The newer instance takes each name over:
 * the old registration is removed through the {@link PluginMetrics} that made it (so the old instance's close, when
 * it comes, no longer removes the name), then the new one is added. The abandoned instance goes on counting into its
 * own counters, which nobody reads. The newer instance is the one that registers later: an abandoned instance whose
 * start comes after its replacement's (Connect's exactly-once initialization can hold a task thread for seconds)
 * takes the names back, and its close then removes them, leaving the replacement counting unexported until it
 * restarts; still better than the alternative, a replacement that fails.
 */
public final class TaskMetrics {

    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);
    private static final AtomicLong SENSORS = new AtomicLong();

    /**
     * Who holds each name registered from this class loader, to take it over from (guarded by itself). Weak: a
     * registry whose task is gone must not be kept alive by this map; entries of collected ones are purged. Keyed by
     * name alone, as a PluginMetrics does not tell its registry: with several workers in one JVM (tests), the holder
     * taken over could be another worker's instance of the task, which then stops being exported.
     */
    private static final Map<MetricName, Holder> HOLDERS = new HashMap<>();

    /** The plugin metrics that registered a name, and the sensor it belongs to (null for a plain metric). */
    private record Holder(WeakReference<PluginMetrics> metrics, String sensor) {
    }

    private final PluginMetrics metrics;
    private boolean tookOver; // logged once per instance; guarded by HOLDERS

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
            register(metrics.metricName(name + "-total", "Total " + description, tags),
                    (Measurable) (config, now) -> counter.count());
            register(metrics.metricName(name + "-rate", "Per-second rate of " + description
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
        String sensorName = name + "#" + SENSORS.incrementAndGet();
        Sensor sensor = metrics.addSensor(sensorName);
        addToSensor(sensor, sensorName, metricName(name + "-avg", "Average " + description), new Avg());
        addToSensor(sensor, sensorName, metricName(name + "-max", "Maximum " + description), new Max());
        return new Counter(sensor);
    }

    /** A value read when the metric is read, e.g. bytes still unread. */
    public void gauge(String name, String description, Supplier<? extends Number> value) {
        if (metrics != null) {
            register(metricName(name, description), (Gauge<Number>) (config, now) -> value.get());
        }
    }

    private void register(MetricName name, MetricValueProvider<?> provider) {
        synchronized (HOLDERS) {
            try {
                metrics.addMetric(name, provider);
            } catch (IllegalArgumentException taken) {
                if (!takeOver(name, taken)) {
                    return;
                }
                try {
                    metrics.addMetric(name, provider);
                } catch (IllegalArgumentException | IllegalStateException still) {
                    unexported(name, still);
                    return;
                }
            }
            hold(name, null);
        }
    }

    private void addToSensor(Sensor sensor, String sensorName, MetricName name, MeasurableStat stat) {
        synchronized (HOLDERS) {
            try {
                sensor.add(name, stat);
            } catch (IllegalArgumentException taken) {
                if (!takeOver(name, taken)) {
                    return;
                }
                try {
                    sensor.add(name, stat);
                } catch (IllegalArgumentException still) {
                    unexported(name, still);
                    return;
                }
            }
            hold(name, sensorName);
        }
    }

    /**
     * Removes the registration of {@code name} that is in the way, through the plugin metrics that made it; false
     * (and a warning) if this class loader did not make it: the name stays with its holder, unexported for us.
     */
    private boolean takeOver(MetricName name, IllegalArgumentException taken) {
        Holder holder = HOLDERS.remove(name);
        PluginMetrics previous = holder == null ? null : holder.metrics().get();
        if (previous == null) {
            unexported(name, taken);
            return false;
        }
        try {
            if (holder.sensor() != null) {
                previous.removeSensor(holder.sensor());
            } else {
                previous.removeMetric(name);
            }
        } catch (IllegalArgumentException | IllegalStateException released) {
            // Closed or removed meanwhile: the name is free now (or the retry says who else holds it).
        }
        if (!tookOver) {
            tookOver = true;
            log.info("Metrics {} taken over from a previous instance of the plugin that was not closed (a task whose "
                    + "graceful stop timed out, say), starting with {}", name.tags(), name.name());
        }
        return true;
    }

    private void hold(MetricName name, String sensorName) {
        HOLDERS.values().removeIf(h -> h.metrics().get() == null);
        HOLDERS.put(name, new Holder(new WeakReference<>(metrics), sensorName));
    }

    private static void unexported(MetricName name, RuntimeException why) {
        log.warn("Metric {} {} is not exported: {}; the plugin goes on counting", name.name(), name.tags(),
                why.getMessage());
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
