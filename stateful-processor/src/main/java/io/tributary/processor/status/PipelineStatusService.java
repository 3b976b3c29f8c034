package io.tributary.processor.status;

import io.tributary.processor.Topics;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.config.StatusSettings;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Takes {@link Snapshot}s of the pipeline — Connect's REST API, the brokers' offsets through an admin client with the
 * processor's own Kafka settings, the workers' Prometheus pages, this processor's Kafka Streams state and metrics —
 * on request and every {@code status.sample.interval.ms}, keeping the samples' counters for the rates of
 * {@code /events/stats}. Nothing else is kept: every number comes from one of those sources at the time it is shown.
 */
public final class PipelineStatusService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineStatusService.class);
    private static final Duration LONGEST_WINDOW = Duration.ofMinutes(5);

    private final StatusSettings settings;
    private final KafkaStreams streams;
    private final AtomicInteger restoring;
    private final BooleanSupplier ready;
    private final String applicationId;
    private final List<Snapshot.Job> jobs;
    private final KafkaOffsets offsets;
    private final ConnectRestClient connect;
    private final SampleHistory history;
    private final ScheduledExecutorService sampler;
    /** The last sampling failure logged, so that an unreachable part is logged once, not every interval. */
    private volatile String lastLogged;

    public PipelineStatusService(ProcessorConfig config, KafkaStreams streams, AtomicInteger restoring,
                                 BooleanSupplier ready) {
        this.settings = config.status();
        this.streams = streams;
        this.restoring = restoring;
        this.ready = ready;
        this.applicationId = config.streams().get("application.id");
        this.jobs = config.jobs().stream().map(PipelineStatusService::job).toList();
        Map<String, Object> admin = new HashMap<>(Topics.adminConfig(config));
        admin.put("client.id", applicationId + "-status");
        this.offsets = new KafkaOffsets(Admin.create(admin), settings.requestTimeout());
        this.connect = settings.connectUrls().isEmpty() ? null : new ConnectRestClient(settings);
        this.history = new SampleHistory(LONGEST_WINDOW.plus(settings.sampleInterval().multipliedBy(2)));
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "processor-status-sampler");
            t.setDaemon(true);
            return t;
        });
        long interval = settings.sampleInterval().toMillis();
        sampler.scheduleWithFixedDelay(this::sample, interval, interval, TimeUnit.MILLISECONDS);
        log.info("Pipeline status on /pipeline/status and /events/stats; {}", settings);
    }

    private static Snapshot.Job job(JobSpec spec) {
        return new Snapshot.Job(spec.name(), spec.kind(), List.copyOf(spec.inputs()),
                List.copyOf(new TreeSet<>(spec.outputs())), spec.deadLetterTopic());
    }

    /** The {@code /pipeline/status} document. */
    public Map<String, Object> status() {
        return PipelineReport.status(take());
    }

    /** The {@code /events/stats} document; this look is a sample too. */
    public Map<String, Object> stats() {
        Snapshot s = take();
        history.add(s.atMs(), PipelineReport.counters(s));
        return PipelineReport.stats(s, history, settings.sampleInterval());
    }

    private void sample() {
        try {
            Snapshot s = take();
            history.add(s.atMs(), PipelineReport.counters(s));
            String problem = s.kafkaError() != null ? "offsets: " + s.kafkaError()
                    : s.connect() != null && s.connect().error() != null ? "Connect: " + s.connect().error()
                    : s.workerErrors().isEmpty() ? null : "worker metrics: " + s.workerErrors();
            if (problem != null && !problem.equals(lastLogged)) {
                log.warn("Pipeline status sampler: {}", problem);
            }
            lastLogged = problem;
        } catch (RuntimeException e) {
            log.warn("Pipeline status sampler failed", e);
        }
    }

    Snapshot take() {
        long now = System.currentTimeMillis();
        Snapshot.Connect connectPart = null;
        if (connect != null) {
            try {
                ConnectRestClient.Listing listing = connect.connectors();
                connectPart = new Snapshot.Connect(listing.url(), listing.error(), listing.connectors());
            } catch (IOException e) {
                connectPart = new Snapshot.Connect(null, e.getMessage(), List.of());
            }
        }
        Set<String> topics = new TreeSet<>();
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        groups.put(applicationId, new TreeSet<>());
        for (Snapshot.Job job : jobs) {
            topics.addAll(job.inputs());
            topics.addAll(job.outputs());
            topics.add(job.deadLetterTopic());
        }
        if (connectPart != null) {
            for (ConnectorView c : connectPart.connectors()) {
                topics.addAll(c.topics());
                topics.addAll(c.deadLetterTopics());
                if (c.isSink()) {
                    groups.put(c.sinkGroup(), Set.copyOf(c.topics()));
                }
            }
        }
        Map<TopicPartition, Long> starts = Map.of();
        Map<TopicPartition, Long> ends = Map.of();
        Set<String> missing = Set.of();
        Map<String, Map<TopicPartition, Long>> committed = new TreeMap<>();
        String kafkaError = null;
        try {
            KafkaOffsets.Topics read = offsets.topics(topics);
            starts = read.starts();
            ends = read.ends();
            missing = read.missing();
            for (String group : groups.keySet()) {
                committed.put(group, offsets.committed(group));
            }
        } catch (ExecutionException e) {
            kafkaError = String.valueOf(e.getCause() == null ? e : e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            kafkaError = "no answer from the brokers within " + settings.requestTimeout().toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kafkaError = "interrupted";
        }
        Map<String, Double> workers = new TreeMap<>();
        List<String> workerErrors = new ArrayList<>();
        if (connect != null) {
            for (String url : settings.metricsUrls()) {
                try {
                    WorkerMetricsText.taskCounters(connect.text(url)).forEach((k, v) -> workers.merge(k, v, Double::sum));
                } catch (IOException e) {
                    workerErrors.add(e.getMessage());
                }
            }
        }
        String state = streams.state().name();
        Snapshot.Processor processor = new Snapshot.Processor(applicationId, state, ready.getAsBoolean(),
                restoring.get(), jobs);
        return new Snapshot(now, connectPart, processor, starts, ends, missing, committed, kafkaError, workers,
                List.copyOf(workerErrors), processorTopics(topics), jobCounts());
    }

    /**
     * Records this processor's consumers fetched and producers sent, per topic, from Kafka Streams' client metrics
     * (consumer-fetch-manager-metrics records-consumed-total, producer-topic-metrics record-send-total): the numbers
     * /metrics exports, summed over the stream threads' clients.
     */
    private Map<String, Double> processorTopics(Set<String> topics) {
        Map<String, Double> out = new TreeMap<>();
        // Kafka registers a topic's client metrics on its first fetch or send: until then each job topic counts 0, so
        // that the first records are part of a rate rather than its starting point.
        for (Snapshot.Job job : jobs) {
            job.inputs().forEach(t -> out.put("consumed:" + t, 0.0));
            job.outputs().forEach(t -> out.put("sent:" + t, 0.0));
        }
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            String topic = name.tags().get("topic");
            if (topic == null || name.tags().containsKey("partition") || !topics.contains(topic)) {
                continue;
            }
            String kind = name.group().equals("consumer-fetch-manager-metrics")
                    && name.name().equals("records-consumed-total") ? "consumed"
                    : name.group().equals("producer-topic-metrics") && name.name().equals("record-send-total")
                    ? "sent" : null;
            if (kind != null && e.getValue().metricValue() instanceof Number n) {
                out.merge(kind + ":" + topic, n.doubleValue(), Double::sum);
            }
        }
        return out;
    }

    private Map<String, Map<String, Long>> jobCounts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        for (Snapshot.Job job : jobs) {
            Map<String, Long> counts = new TreeMap<>();
            for (JobMetrics.Count count : JobMetrics.Count.values()) {
                counts.put(count.metric.substring("processor.".length()).replace('.', '_'),
                        JobMetrics.get(count, job.name()));
            }
            out.put(job.name(), counts);
        }
        return out;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        offsets.close();
    }
}
