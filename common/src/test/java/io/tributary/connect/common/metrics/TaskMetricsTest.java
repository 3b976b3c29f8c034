package io.tributary.connect.common.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** TaskMetrics over Kafka's own plugin metrics registry, read as JMX or a metrics reporter would read it. */
class TaskMetricsTest {

    /** A clock that moves only when the test sleeps. */
    private static final class ManualTime implements Time {
        private long ms = 1_000_000L;

        @Override
        public long milliseconds() {
            return ms;
        }

        @Override
        public long nanoseconds() {
            return ms * 1_000_000L;
        }

        @Override
        public void sleep(long millis) {
            ms += millis;
        }

        @Override
        public void waitObject(Object obj, java.util.function.Supplier<Boolean> condition, long deadlineMs) {
            throw new UnsupportedOperationException();
        }
    }

    private final ManualTime time = new ManualTime();
    private final Metrics registry = new Metrics(time);
    private final TaskMetrics metrics = TaskMetrics.from(() -> new PluginMetricsImpl(registry, Map.of("task", "t-0")));

    private double read(String name, Map<String, String> tags) {
        for (Map.Entry<MetricName, KafkaMetric> e : registry.metrics().entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().tags().entrySet().containsAll(tags.entrySet())) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name + " " + tags + " in " + registry.metrics().keySet());
    }

    @Test
    void aCounterExportsItsTotalAndARateBetweenReadings() {
        TaskMetrics.Counter records = metrics.counter("records-in", "records the transform received");
        records.add(10);
        assertThat(read("records-in-total", Map.of())).isEqualTo(10.0);
        assertThat(read("records-in-rate", Map.of())).as("no interval yet").isZero();

        records.add(500);
        time.sleep(2_000);
        assertThat(read("records-in-rate", Map.of())).isEqualTo(250.0);
        records.add(1_000);
        time.sleep(500);
        assertThat(read("records-in-rate", Map.of())).as("under a second since the last reading: unchanged").isEqualTo(250.0);
        time.sleep(500);
        assertThat(read("records-in-rate", Map.of())).isEqualTo(1_000.0);
        assertThat(read("records-in-total", Map.of())).isEqualTo(1_510.0);
        assertThat(records.count()).isEqualTo(1_510);
    }

    @Test
    void countersWithTagsAreSeparateMetrics() {
        LinkedHashMap<String, String> vip = new LinkedHashMap<>(Map.of("rule", "vip"));
        LinkedHashMap<String, String> bulk = new LinkedHashMap<>(Map.of("rule", "bulk"));
        metrics.counter("rule-matches", "records a rule matched", vip).add(3);
        metrics.counter("rule-matches", "records a rule matched", bulk).add(5);
        assertThat(read("rule-matches-total", vip)).isEqualTo(3.0);
        assertThat(read("rule-matches-total", bulk)).isEqualTo(5.0);
    }

    @Test
    void aMeasureExportsAverageAndMaximum() {
        TaskMetrics.Counter latency = metrics.measure("lookup-latency-us", "time of a lookup");
        latency.add(100);
        latency.add(300);
        assertThat(read("lookup-latency-us-avg", Map.of())).isEqualTo(200.0);
        assertThat(read("lookup-latency-us-max", Map.of())).isEqualTo(300.0);
    }

    @Test
    void theSameMeasureOfTwoTasksInOneWorkerKeepsTwoAveragesAndOutlivesTheOtherTask() throws Exception {
        PluginMetricsImpl otherTask = new PluginMetricsImpl(registry, Map.of("task", "t-1"));
        TaskMetrics.Counter mine = metrics.measure("lookup-latency-us", "time of a lookup");
        TaskMetrics.Counter theirs = TaskMetrics.from(() -> otherTask).measure("lookup-latency-us", "time of a lookup");
        mine.add(100);
        theirs.add(900);
        assertThat(read("lookup-latency-us-avg", Map.of("task", "t-0"))).isEqualTo(100.0);
        assertThat(read("lookup-latency-us-avg", Map.of("task", "t-1"))).isEqualTo(900.0);

        otherTask.close();
        mine.add(300);
        assertThat(read("lookup-latency-us-avg", Map.of("task", "t-0"))).isEqualTo(200.0);
        assertThat(read("lookup-latency-us-max", Map.of("task", "t-0"))).isEqualTo(300.0);
    }

    /**
     * Connect starts a new instance of a task whose graceful stop timed out without closing the old one's plugin
     * metrics (same connector, task and alias tags). The new one must start, and its values are the exported ones,
     * also after the old one's metrics are finally closed.
     */
    @Test
    void aNewInstanceOfATaskTakesOverTheNamesTheAbandonedOneStillHolds() throws Exception {
        PluginMetricsImpl abandonedRegistry = new PluginMetricsImpl(registry, Map.of("task", "t-9"));
        PluginMetricsImpl restartedRegistry = new PluginMetricsImpl(registry, Map.of("task", "t-9"));
        TaskMetrics abandoned = TaskMetrics.from(() -> abandonedRegistry);
        TaskMetrics restarted = TaskMetrics.from(() -> restartedRegistry);
        Map<String, String> t9 = Map.of("task", "t-9");
        LinkedHashMap<String, String> vip = new LinkedHashMap<>(Map.of("rule", "vip"));

        TaskMetrics.Counter oldRecords = abandoned.counter("records-in", "records");
        TaskMetrics.Counter oldVip = abandoned.counter("rule-matches", "matches", vip);
        TaskMetrics.Counter oldLatency = abandoned.measure("ack-latency-ms", "latency");
        abandoned.gauge("queue-records", "records held", () -> 111);

        TaskMetrics.Counter records = restarted.counter("records-in", "records");
        TaskMetrics.Counter vipMatches = restarted.counter("rule-matches", "matches", vip);
        TaskMetrics.Counter latency = restarted.measure("ack-latency-ms", "latency");
        restarted.gauge("queue-records", "records held", () -> 7);

        oldRecords.add(1_000);
        oldVip.add(1_000);
        oldLatency.add(9_000);
        records.add(5);
        vipMatches.add(2);
        latency.add(40);
        assertThat(read("records-in-total", t9)).isEqualTo(5.0);
        assertThat(read("rule-matches-total", Map.of("task", "t-9", "rule", "vip"))).isEqualTo(2.0);
        assertThat(read("ack-latency-ms-max", t9)).isEqualTo(40.0);
        assertThat(read("queue-records", t9)).isEqualTo(7.0);
        assertThat(oldRecords.count()).as("the abandoned instance counts on, unexported").isEqualTo(1_000);

        abandonedRegistry.close();
        records.add(1);
        latency.add(60);
        assertThat(read("records-in-total", t9)).as("the old instance's close leaves the new names").isEqualTo(6.0);
        assertThat(read("ack-latency-ms-avg", t9)).isEqualTo(50.0);
        assertThat(read("queue-records", t9)).isEqualTo(7.0);

        restartedRegistry.close();
        assertThat(registry.metrics().keySet()).noneMatch(n -> n.tags().equals(t9)
                || n.tags().equals(Map.of("task", "t-9", "rule", "vip")));
    }

    @Test
    void aNameHeldByARegistrationNotOursLeavesTheCounterCountingUnexported() {
        Map<String, String> t7 = Map.of("task", "t-7");
        registry.addMetric(registry.metricName("records-in-total", "plugins", "someone else's", t7),
                (Measurable) (config, now) -> -1);
        TaskMetrics.Counter records = TaskMetrics.from(() -> new PluginMetricsImpl(registry, t7))
                .counter("records-in", "records");
        records.add(3);
        assertThat(records.count()).isEqualTo(3);
        assertThat(read("records-in-total", t7)).isEqualTo(-1.0);
        assertThat(read("records-in-rate", t7)).as("the free name is exported").isZero();
    }

    @Test
    void withoutARuntimeRegistryCountersStillCount() {
        TaskMetrics none = TaskMetrics.from(() -> {
            throw new UnsupportedOperationException("an older worker");
        });
        TaskMetrics.Counter counter = none.counter("records-in", "records");
        counter.increment();
        counter.add(2);
        assertThat(counter.count()).isEqualTo(3);
    }
}
