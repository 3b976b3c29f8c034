package io.tributary.processor.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The processor's metrics in Prometheus text, from Micrometer's Prometheus registry:
 * <ul>
 *   <li>Kafka Streams' and its clients' metrics through Micrometer's Kafka Streams binder, as
 *       {@code kafka_<group>_<name>} with the metrics' own tags ({@code kafka_stream_thread_process_total},
 *       {@code kafka_consumer_fetch_manager_records_lag{client_id,topic,partition}}), counters where Kafka counts;</li>
 *   <li>the JVM and the process through Micrometer's JVM and system binders ({@code jvm_memory_used_bytes},
 *       {@code jvm_gc_pause_seconds}, {@code process_cpu_usage}...), the names JVM dashboards expect, and
 *       {@code process_resident_memory_bytes};</li>
 *   <li>the processor's counts per job ({@link JobMetrics}), labelled {@code processor_job} — not {@code job}, which
 *       Prometheus gives the scrape target and would rename to {@code exported_job};</li>
 *   <li>{@code processor_ready} (1 when running with no store restoring) and {@code processor_restoring_stores}.</li>
 * </ul>
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** Label of the per-job counts. */
    public static final String JOB_LABEL = "processor_job";
    /**
     * How often the Kafka Streams binder looks for metrics that appeared since (stream threads' and tasks' come
     * after start, and with every rebalance); Micrometer's default is a minute.
     */
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "processor-metrics-refresh");
        t.setDaemon(true);
        return t;
    });
    private final KafkaStreamsMetrics kafkaStreams;
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * @param jobs      the config's job names: each gets every count at 0 from the start, so rates and alerts
     *                  see a series before the first event counts
     * @param ready     whether the application is running with no store restoring
     * @param restoring the number of stores restoring now
     */
    public PrometheusMetrics(KafkaStreams streams, List<String> jobs, BooleanSupplier ready, AtomicInteger restoring) {
        kafkaStreams = new KafkaStreamsMetrics(streams, List.of(), refresher, KAFKA_METRICS_REFRESH);
        kafkaStreams.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        // Micrometer has no resident-set binder, and the Prometheus client's ProcessMetrics, which has one, would
        // register process_start_time_seconds a second time beside UptimeMetrics'. RocksDB lives outside the heap,
        // so this is the number to size a container by.
        Gauge.builder("process.resident.memory", () -> Math.max(ProcessMemory.residentBytes(), 0))
                .baseUnit(BaseUnits.BYTES)
                .description("Resident set size: the heap, RocksDB's native memory and the rest of the JVM")
                .register(registry);
        for (String job : jobs) {
            for (JobMetrics.Count count : JobMetrics.Count.values()) {
                FunctionCounter.builder(count.metric, JobMetrics.adder(count, job), adder -> adder.sum())
                        .description(count.help).tag(JOB_LABEL, job).register(registry);
            }
        }
        Gauge.builder("processor.ready", () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 when Kafka Streams is RUNNING and no state store is restoring, else 0")
                .register(registry);
        Gauge.builder("processor.restoring.stores", restoring, AtomicInteger::get)
                .description("State stores restoring from their changelogs now").register(registry);
    }

    /** Every metric in the Prometheus text format (0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        kafkaStreams.close();
        gc.close();
        refresher.shutdownNow();
        registry.close();
    }
}
