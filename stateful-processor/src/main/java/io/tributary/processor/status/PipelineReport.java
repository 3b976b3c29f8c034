package io.tributary.processor.status;

import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code /pipeline/status} and {@code /events/stats} computed from a {@link Snapshot} (and, for rates, the
 * {@link SampleHistory}): no I/O here, so every rule is unit-tested with snapshots built by hand. Field names are
 * snake_case and stable; docs/processor.md shows both documents.
 * <p>
 * The overall status:
 * <ul>
 *   <li>{@code FAILED} (HTTP 503): nothing flows through a part — the processor's Kafka Streams is not running
 *       (ERROR, PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING), or Connect answers with connectors and every one of
 *       them is FAILED or has only FAILED tasks;</li>
 *   <li>{@code DEGRADED} (HTTP 200): something needs a look while events still flow — a connector or task FAILED or
 *       UNASSIGNED, Connect's REST API unreachable, the offsets unreadable, the processor rebalancing or restoring, a
 *       job's input topic missing;</li>
 *   <li>{@code RUNNING} (HTTP 200) otherwise. Paused and stopped connectors are an operator's choice and shown as
 *       they are, not counted against the pipeline.</li>
 * </ul>
 * 503 only for FAILED, so a load balancer or probe pointed here takes the pipeline out only when it is down; the
 * body always says why.
 */
public final class PipelineReport {

    public static final String RUNNING = "RUNNING";
    public static final String DEGRADED = "DEGRADED";
    public static final String FAILED = "FAILED";
    /** The rate windows of /events/stats, by the name its documents use. */
    public static final Map<String, Duration> WINDOWS = windows();

    private static final Set<String> STREAMS_DOWN = Set.of("ERROR", "PENDING_ERROR", "PENDING_SHUTDOWN", "NOT_RUNNING");
    private static final Set<String> BROKEN = Set.of("FAILED", "UNASSIGNED");

    private PipelineReport() {
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("1m", Duration.ofMinutes(1));
        w.put("5m", Duration.ofMinutes(5));
        return java.util.Collections.unmodifiableMap(w);
    }

    /** 503 for FAILED, else 200. */
    public static int httpStatus(Map<String, Object> status) {
        return FAILED.equals(status.get("status")) ? 503 : 200;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // /pipeline/status

    public static Map<String, Object> status(Snapshot s) {
        List<String> failed = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", null);
        out.put("reasons", null);
        out.put("checked_at", Instant.ofEpochMilli(s.atMs()).toString());

        Snapshot.Processor p = s.processor();
        if (STREAMS_DOWN.contains(p.state())) {
            failed.add("processor '" + p.applicationId() + "' is " + p.state());
        } else if (!"RUNNING".equals(p.state())) {
            degraded.add("processor '" + p.applicationId() + "' is " + p.state());
        } else if (p.restoringStores() > 0) {
            degraded.add("processor '" + p.applicationId() + "' is restoring " + p.restoringStores() + " state stores");
        }
        if (s.kafkaError() != null) {
            degraded.add("offsets unreadable (lag and dead letters unknown): " + s.kafkaError());
        }

        Map<String, Object> connect = new LinkedHashMap<>();
        List<Object> connectors = new ArrayList<>();
        if (s.connect() == null) {
            connect.put("configured", false);
        } else {
            connect.put("configured", true);
            connect.put("url", s.connect().url());
            connect.put("reachable", s.connect().error() == null);
            connect.put("error", s.connect().error());
            if (s.connect().error() != null) {
                degraded.add("Connect REST API unreachable: " + s.connect().error());
            }
            // With an error, the connectors of the clusters that answered (none when the first did not).
            int down = 0;
            for (ConnectorView c : s.connect().connectors()) {
                boolean connectorDown = "FAILED".equals(c.state()) || !c.tasks().isEmpty()
                        && c.tasks().stream().allMatch(t -> "FAILED".equals(t.state()));
                down += connectorDown ? 1 : 0;
                if (BROKEN.contains(c.state())) {
                    degraded.add("connector '" + c.name() + "' is " + c.state() + where(c.workerId())
                            + trace(c.trace()));
                }
                for (ConnectorView.Task t : c.tasks()) {
                    if (BROKEN.contains(t.state())) {
                        degraded.add("connector '" + c.name() + "' task " + t.id() + " is " + t.state()
                                + where(t.workerId()) + trace(t.trace()));
                    }
                }
                connectors.add(connector(c, s));
            }
            if (down > 0 && down == s.connect().connectors().size()) {
                failed.add("every connector is FAILED or has only FAILED tasks");
            }
        }
        out.put("connect", connect);
        out.put("connectors", connectors);

        Map<String, Object> processor = new LinkedHashMap<>();
        processor.put("application_id", p.applicationId());
        processor.put("state", p.state());
        processor.put("ready", p.ready());
        processor.put("restoring_stores", p.restoringStores());
        out.put("processor", processor);
        List<Object> jobs = new ArrayList<>();
        for (Snapshot.Job job : p.jobs()) {
            for (String input : job.inputs()) {
                if (s.missingTopics().contains(input)) {
                    degraded.add("topic '" + input + "', input of job '" + job.name() + "', does not exist");
                }
            }
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", job.name());
            j.put("kind", job.kind());
            j.put("state", p.state());
            j.put("inputs", job.inputs());
            j.put("outputs", job.outputs());
            j.put("dead_letter_topic", job.deadLetterTopic());
            j.put("lag", s.kafkaError() == null ? lag(s, p.applicationId(), job.inputs()) : null);
            jobs.add(j);
        }
        out.put("jobs", jobs);
        out.put("missing_topics", List.copyOf(new TreeSet<>(s.missingTopics())));

        List<String> reasons = new ArrayList<>(failed);
        reasons.addAll(degraded);
        out.put("status", !failed.isEmpty() ? FAILED : !degraded.isEmpty() ? DEGRADED : RUNNING);
        out.put("reasons", reasons);
        return out;
    }

    private static Map<String, Object> connector(ConnectorView c, Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("type", c.type());
        m.put("state", c.state());
        m.put("worker_id", c.workerId());
        m.put("trace", c.trace());
        List<Object> tasks = new ArrayList<>();
        for (ConnectorView.Task t : c.tasks()) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", t.id());
            task.put("state", t.state());
            task.put("worker_id", t.workerId());
            task.put("trace", t.trace());
            tasks.add(task);
        }
        m.put("tasks", tasks);
        m.put("topics", c.topics());
        m.put("dead_letter_topics", List.copyOf(c.deadLetterTopics()));
        if (c.isSink()) {
            m.put("group", c.sinkGroup());
            m.put("lag", s.kafkaError() == null ? lag(s, c.sinkGroup(), c.topics()) : null);
        }
        return m;
    }

    private static String where(String worker) {
        return worker == null ? "" : " on " + worker;
    }

    private static String trace(String trace) {
        return trace == null ? "" : ": " + trace;
    }

    /**
     * A group's lag on topics: per partition the end offset (read_committed) minus the committed offset; a partition
     * the group never committed counts every record still in it (end minus first offset), as a consumer that starts
     * from the earliest offset would read them.
     */
    static Map<String, Object> lag(Snapshot s, String group, Collection<String> topics) {
        Map<TopicPartition, Long> committed = s.committed().getOrDefault(group, Map.of());
        Map<String, Object> byTopic = new LinkedHashMap<>();
        long total = 0;
        for (String topic : new TreeSet<>(topics)) {
            if (s.missingTopics().contains(topic)) {
                continue;
            }
            List<Object> partitions = new ArrayList<>();
            long topicEnd = 0;
            long topicLag = 0;
            for (TopicPartition tp : partitions(s.ends(), topic)) {
                long end = s.ends().get(tp);
                Long done = committed.get(tp);
                long lag = Math.max(0, done == null ? end - s.starts().getOrDefault(tp, 0L) : end - done);
                Map<String, Object> part = new LinkedHashMap<>();
                part.put("partition", tp.partition());
                part.put("end_offset", end);
                part.put("committed_offset", done);
                part.put("lag", lag);
                partitions.add(part);
                topicEnd += end;
                topicLag += lag;
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("lag", topicLag);
            t.put("end_offset", topicEnd);
            t.put("partitions", partitions);
            byTopic.put(topic, t);
            total += topicLag;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("group", group);
        out.put("total", total);
        out.put("topics", byTopic);
        return out;
    }

    private static List<TopicPartition> partitions(Map<TopicPartition, Long> offsets, String topic) {
        return offsets.keySet().stream().filter(tp -> tp.topic().equals(topic))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    /** Records retained in a topic: its end offsets minus its first offsets, over every partition. */
    static long retained(Snapshot s, String topic) {
        long n = 0;
        for (TopicPartition tp : partitions(s.ends(), topic)) {
            n += s.ends().get(tp) - s.starts().getOrDefault(tp, 0L);
        }
        return n;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // /events/stats

    /** The counters of a snapshot that /events/stats takes rates of (see {@link SampleHistory}). */
    static Map<String, Double> counters(Snapshot s) {
        Map<String, Double> out = new TreeMap<>();
        s.ends().forEach((tp, end) -> out.merge("end:" + tp.topic(), (double) end, Double::sum));
        s.committed().forEach((group, offsets) -> offsets.forEach((tp, offset) ->
                out.merge("committed:" + group + ":" + tp.topic(), (double) offset, Double::sum)));
        s.workers().forEach((key, value) -> out.put("worker:" + key, value));
        s.processorTopics().forEach((key, value) -> out.put("processor:" + key, value));
        s.jobCounts().forEach((job, counts) -> counts.forEach((name, n) -> out.put("job:" + job + ":" + name,
                (double) n)));
        return out;
    }

    static Map<String, Object> stats(Snapshot s, SampleHistory history, Duration sampleInterval) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generated_at", Instant.ofEpochMilli(s.atMs()).toString());
        Map<String, Object> windows = new LinkedHashMap<>();
        WINDOWS.forEach((name, d) -> windows.put(name, d.toSeconds()));
        out.put("windows_s", windows);
        out.put("sample_interval_ms", sampleInterval.toMillis());
        out.put("samples", history.size());
        out.put("offsets_error", s.kafkaError());
        out.put("connect_error", s.connect() == null ? null : s.connect().error());
        out.put("worker_metrics_errors", s.workerErrors());

        Map<String, Set<String>> dlqWriters = new TreeMap<>();
        List<Object> connectors = new ArrayList<>();
        if (s.connect() != null) {
            for (ConnectorView c : s.connect().connectors()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("type", c.type());
                List<Object> topics = new ArrayList<>();
                for (String topic : c.topics()) {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("topic", topic);
                    t.put("records_per_s", rates(history, "end:" + topic));
                    if (c.isSink()) {
                        t.put("consumed_per_s", rates(history, "committed:" + c.sinkGroup() + ":" + topic));
                    }
                    topics.add(t);
                }
                m.put("topics", topics);
                m.put("tasks", tasks(c, s, history));
                m.put("dead_letters", deadLetters(c.deadLetterTopics(), s, history));
                c.deadLetterTopics().forEach(t -> dlqWriters.computeIfAbsent(t, k -> new TreeSet<>())
                        .add("connector " + c.name()));
                connectors.add(m);
            }
        }
        out.put("connectors", connectors);

        List<Object> jobs = new ArrayList<>();
        for (Snapshot.Job job : s.processor().jobs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("name", job.name());
            j.put("records_in_per_s", sum(history, job.inputs().stream().map(t -> "processor:consumed:" + t).toList()));
            List<String> results = job.outputs().stream().filter(t -> !t.equals(job.deadLetterTopic())).toList();
            j.put("records_out_per_s", sum(history, results.stream().map(t -> "processor:sent:" + t).toList()));
            Map<String, Object> counts = new LinkedHashMap<>();
            new TreeMap<>(s.jobCounts().getOrDefault(job.name(), Map.of())).forEach((name, n) -> {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("total", n);
                c.put("per_s", rates(history, "job:" + job.name() + ":" + name));
                counts.put(name, c);
            });
            j.put("counts", counts);
            j.put("lag", s.kafkaError() == null ? lag(s, s.processor().applicationId(), job.inputs()).get("total")
                    : null);
            j.put("dead_letters", deadLetters(Set.of(job.deadLetterTopic()), s, history));
            dlqWriters.computeIfAbsent(job.deadLetterTopic(), k -> new TreeSet<>()).add("job " + job.name());
            jobs.add(j);
        }
        out.put("jobs", jobs);
        List<Object> all = new ArrayList<>();
        dlqWriters.forEach((topic, writers) -> {
            Map<String, Object> d = deadLetter(topic, s, history);
            d.put("written_by", List.copyOf(writers));
            all.add(d);
        });
        out.put("dead_letters", all);
        return out;
    }

    private static List<Object> tasks(ConnectorView c, Snapshot s, SampleHistory history) {
        List<Object> tasks = new ArrayList<>();
        for (ConnectorView.Task t : c.tasks()) {
            String prefix = c.name() + "/" + t.id() + "/";
            if (s.workers().keySet().stream().noneMatch(k -> k.startsWith(prefix))) {
                continue;
            }
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", t.id());
            task.put("state", t.state());
            for (String name : List.of("records_in", "records_out", "record_errors", "dead_letters")) {
                Double total = s.workers().get(prefix + name);
                if (total != null) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("total", Math.round(total));
                    v.put("per_s", rates(history, "worker:" + prefix + name));
                    task.put(name, v);
                }
            }
            tasks.add(task);
        }
        return tasks;
    }

    private static List<Object> deadLetters(Collection<String> topics, Snapshot s, SampleHistory history) {
        List<Object> out = new ArrayList<>();
        for (String topic : new LinkedHashSet<>(topics)) {
            out.add(deadLetter(topic, s, history));
        }
        return out;
    }

    private static Map<String, Object> deadLetter(String topic, Snapshot s, SampleHistory history) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("topic", topic);
        boolean known = s.kafkaError() == null && !s.missingTopics().contains(topic);
        d.put("exists", s.kafkaError() == null ? !s.missingTopics().contains(topic) : null);
        // Not one conditional expression: "known ? long : (cond ? 0L : null)" unboxes the null and throws (the
        // broker unreachable made /events/stats answer nothing at all).
        Long records = null;
        if (known) {
            records = retained(s, topic);
        } else if (s.kafkaError() == null) {
            records = 0L;
        }
        d.put("records", records);
        d.put("per_s", rates(history, "end:" + topic));
        return d;
    }

    /** A counter's rate over each window, rounded to 0.01 records a second; null where unknown. */
    static Map<String, Object> rates(SampleHistory history, String key) {
        Map<String, Object> out = new LinkedHashMap<>();
        WINDOWS.forEach((name, window) -> {
            SampleHistory.Rate r = history.rate(key, window);
            out.put(name, r == null ? null : round(r.perSecond()));
        });
        return out;
    }

    private static Map<String, Object> sum(SampleHistory history, List<String> keys) {
        Map<String, Object> out = new LinkedHashMap<>();
        WINDOWS.forEach((name, window) -> {
            Double total = null;
            for (String key : keys) {
                SampleHistory.Rate r = history.rate(key, window);
                if (r != null) {
                    total = (total == null ? 0 : total) + r.perSecond();
                }
            }
            out.put(name, total == null ? null : round(total));
        });
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
