package io.tributary.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.Topics;
import io.tributary.processor.config.EnvironmentOverrides;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.config.StatusSettings;
import io.tributary.processor.event.DeadLetters;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stateful processor's part of the demo and of {@code up}: the jobs of {@code connector-configs/processor/demo.yaml}
 * (dedup of the routed events, then windowed aggregates) run in this JVM against the local stack, exactly as
 * {@code ./tributary processor --config} runs them; and a tally of what they write, for the demo's summary.
 */
final class DemoProcessor implements AutoCloseable {

    static final String CONFIG = "connector-configs/processor/demo.yaml";
    /** The same jobs with Avro in and out through the schema registry, for {@code demo --avro}. */
    static final String AVRO_CONFIG = "connector-configs/processor/demo-avro.yaml";
    /** Its name in a {@link StopSequence}. */
    static final String STOP_STEP = "stateful processor";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessorConfig config;
    private final ProcessorRuntime runtime;
    /** The config file, relative to the project root. */
    private final String configFile;
    /** The value of an aggregate result → its {@code events} count (JSON, or Avro for the Avro config). */
    private final ResultReader results;
    /** The aggregate jobs, looked up once: {@link #observe} runs for every record the demo counts. */
    private final List<JobSpec.Aggregate> aggregates;
    private final Map<String, AtomicLong> windows = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> windowEvents = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lateByJob = new ConcurrentHashMap<>();

    /** Reads the number of events out of an aggregate job's result. */
    interface ResultReader {
        long events(byte[] value) throws IOException;
    }

    private DemoProcessor(ProcessorConfig config, ProcessorRuntime runtime, String configFile, ResultReader results) {
        this.config = config;
        this.runtime = runtime;
        this.configFile = configFile;
        this.results = results;
        this.aggregates = config.jobs().stream().filter(j -> j instanceof JobSpec.Aggregate)
                .map(j -> (JobSpec.Aggregate) j).toList();
    }

    /**
     * Creates the jobs' topics and starts the jobs, with the operations endpoint on 127.0.0.1:{@code httpPort}.
     * {@code client} is bootstrap.servers and, on a secure stack, the processor principal's SASL_SSL settings
     * ({@link LocalStack#clientConfig}); they go into the Kafka Streams settings, so all its clients use them.
     */
    static DemoProcessor start(Path root, Path stateDir, Map<String, Object> client, int httpPort)
            throws IOException, InterruptedException {
        return start(root, CONFIG, EnvironmentOverrides.none(), stateDir, client, httpPort,
                value -> JSON.readTree(value).path("events").asLong(), StatusSettings.none());
    }

    /** The jobs of another JSON config file (relative to the project root), as {@link #start(Path, Path, Map, int)}. */
    static DemoProcessor start(Path root, String configFile, Path stateDir, Map<String, Object> client, int httpPort)
            throws IOException, InterruptedException {
        return start(root, configFile, EnvironmentOverrides.none(), stateDir, client, httpPort,
                value -> JSON.readTree(value).path("events").asLong(), StatusSettings.none());
    }

    /**
     * {@link #start(Path, Path, Map, int)} with {@code /pipeline/status} and {@code /events/stats} looking at the
     * Connect worker at {@code connectUrl} and, when the JMX exporter's agent runs ({@link WorkerMetrics}), its
     * per-task metrics, and beside it the Connect clusters at {@code otherConnectUrls} (up's push-source worker
     * group) with their workers' metrics pages {@code otherMetricsUrls}: what {@code up} runs.
     */
    static DemoProcessor start(Path root, Path stateDir, Map<String, Object> client, int httpPort, String connectUrl,
                               List<String> otherConnectUrls, List<String> otherMetricsUrls)
            throws IOException, InterruptedException {
        Map<String, String> status = new HashMap<>();
        status.put(StatusSettings.CONNECT_URL_CONFIG, connectUrl);
        status.put(StatusSettings.CONNECT_OTHER_URLS_CONFIG, String.join(",", otherConnectUrls));
        List<String> metrics = new ArrayList<>();
        if (WorkerMetrics.url() != null) {
            metrics.add(WorkerMetrics.url());
        }
        metrics.addAll(otherMetricsUrls);
        if (!metrics.isEmpty()) {
            status.put(StatusSettings.METRICS_URL_CONFIG, String.join(",", metrics));
        }
        return start(root, CONFIG, EnvironmentOverrides.none(), stateDir, client, httpPort,
                value -> JSON.readTree(value).path("events").asLong(), StatusSettings.of(status));
    }

    /**
     * The jobs of {@link #AVRO_CONFIG}, with the registry at {@code registryApiUrl} (Apicurio's API) and aggregate
     * results read by {@code avro}.
     */
    static DemoProcessor startAvro(Path root, String registryApiUrl, AvroValues avro, Path stateDir,
                                   Map<String, Object> client, int httpPort) throws IOException, InterruptedException {
        EnvironmentOverrides registry = EnvironmentOverrides.from(
                Map.of(EnvironmentOverrides.REGISTRY_PREFIX + "URL", registryApiUrl));
        return start(root, AVRO_CONFIG, registry, stateDir, client, httpPort, value -> {
            Object events = avro.read(value).get("events");
            if (!(events instanceof Number n)) {
                throw new IOException("the result has no 'events' count");
            }
            return n.longValue();
        }, StatusSettings.none());
    }

    private static DemoProcessor start(Path root, String configFile, EnvironmentOverrides environment, Path stateDir,
                                       Map<String, Object> client, int httpPort, ResultReader results,
                                       StatusSettings status) throws IOException, InterruptedException {
        Map<String, String> overrides = new HashMap<>();
        client.forEach((k, v) -> overrides.put(k, String.valueOf(v)));
        overrides.put("state.dir", stateDir.toString());
        ProcessorConfig config = ProcessorConfig.load(root.resolve(configFile), environment)
                .with(overrides, "127.0.0.1", httpPort);
        if (!status.connectUrls().isEmpty()) {
            config = config.withStatus(status);
        }
        try {
            // The overrides are Kafka Streams settings, so on a secure stack the admin client that creates the
            // topics logs in as the processor, as Streams' own clients do.
            Topics.createMissing(config);
        } catch (ExecutionException e) {
            throw new IOException("Cannot create the processor's topics: " + e.getCause(), e);
        }
        return new DemoProcessor(config, ProcessorRuntime.start(config, null, null), configFile, results);
    }

    /** The processor's application.id in {@link #CONFIG} (the secure stack's ACLs are named after it). */
    static String applicationId(Path root) throws IOException {
        return ProcessorConfig.load(root.resolve(CONFIG)).streams().get(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    int httpPort() {
        return runtime.httpPort();
    }

    String state() {
        return runtime.streams().state().toString();
    }

    /** The dedup job (the demos' configs have one): what it reads and where it writes. */
    JobSpec.Dedup dedup() {
        return config.jobs().stream().filter(j -> j instanceof JobSpec.Dedup).map(j -> (JobSpec.Dedup) j)
                .findFirst().orElseThrow(() -> new IllegalStateException(configFile + " has no dedup job"));
    }

    /** The config file the jobs come from, relative to the project root. */
    String configFile() {
        return configFile;
    }

    List<JobSpec.Aggregate> aggregates() {
        return aggregates;
    }

    /** Every topic the jobs write, for the demo's topic counter. */
    List<String> outputTopics() {
        Set<String> topics = new LinkedHashSet<>();
        for (JobSpec job : config.jobs()) {
            topics.addAll(job.outputs());
        }
        return new ArrayList<>(topics);
    }

    /** Sees every record the demo's topic counter reads: window results and late events are tallied. */
    void observe(ConsumerRecord<byte[], byte[]> record) {
        for (JobSpec.Aggregate job : aggregates) {
            if (record.topic().equals(job.output())) {
                try {
                    long events = results.events(record.value());
                    windows.computeIfAbsent(job.name(), k -> new AtomicLong()).incrementAndGet();
                    windowEvents.computeIfAbsent(job.name(), k -> new AtomicLong()).addAndGet(events);
                } catch (IOException e) {
                    windows.computeIfAbsent(job.name() + " (unreadable)", k -> new AtomicLong()).incrementAndGet();
                }
            }
            if (record.topic().equals(job.lateTopic())) {
                Header header = record.headers().lastHeader(DeadLetters.JOB);
                if (header != null && new String(header.value(), StandardCharsets.UTF_8).equals(job.name())) {
                    lateByJob.computeIfAbsent(job.name(), k -> new AtomicLong()).incrementAndGet();
                }
            }
        }
    }

    long windows(String job) {
        AtomicLong n = windows.get(job);
        return n == null ? 0 : n.get();
    }

    /** The events counted in the job's emitted windows (an event in several hopping windows counts in each). */
    long eventsInWindows(String job) {
        AtomicLong n = windowEvents.get(job);
        return n == null ? 0 : n.get();
    }

    long late(String job) {
        AtomicLong n = lateByJob.get(job);
        return n == null ? 0 : n.get();
    }

    /**
     * Whether every event of the job is either in exactly one emitted window or in the late topic, so the two
     * together reconcile with the job's input: tumbling windows and sessions (hopping and sliding windows hold an
     * event several times).
     */
    static boolean reconciles(JobSpec.Aggregate job) {
        return job.window().type() == JobSpec.WindowType.TUMBLING || job.window().type() == JobSpec.WindowType.SESSION;
    }

    @Override
    public void close() {
        runtime.close();
    }
}
