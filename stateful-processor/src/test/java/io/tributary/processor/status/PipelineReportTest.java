package io.tributary.processor.status;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineReportTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final Snapshot.Job DEDUP = new Snapshot.Job("dedup", "dedup", List.of("events"),
            List.of("events-unique", "events-unique-dlq"), "events-unique-dlq");

    private static ConnectorView source(String name, String state, ConnectorView.Task... tasks) {
        return new ConnectorView(name, "source", state, "127.0.0.1:8083", null, List.of(tasks),
                Map.of("dlq.topic", "events-dlq", "transforms.validate.dlq.topic", "events-invalid"), List.of("events"));
    }

    private static ConnectorView sink(String name, ConnectorView.Task... tasks) {
        return new ConnectorView(name, "sink", "RUNNING", "127.0.0.1:8083", null, List.of(tasks),
                Map.of("errors.deadletterqueue.topic.name", "sink-dlq", "topics", "events"), List.of("events"));
    }

    private static ConnectorView.Task task(int id, String state, String trace) {
        return new ConnectorView.Task(id, state, "127.0.0.1:8083", trace);
    }

    private static Snapshot snapshot(String streamsState, List<ConnectorView> connectors, Map<TopicPartition, Long> ends,
                                     Map<TopicPartition, Long> starts, Map<String, Map<TopicPartition, Long>> committed,
                                     Set<String> missing) {
        return new Snapshot(NOW, connectors == null ? null : new Snapshot.Connect("http://127.0.0.1:8083", null,
                connectors), new Snapshot.Processor("app", streamsState, "RUNNING".equals(streamsState), 0,
                List.of(DEDUP)), starts, ends, missing, committed, null, Map.of(), List.of(), Map.of(), Map.of());
    }

    private static Snapshot running(List<ConnectorView> connectors) {
        return snapshot("RUNNING", connectors, Map.of(tp("events", 0), 10L), Map.of(), Map.of("app",
                Map.of(tp("events", 0), 10L)), Set.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    @Test
    void everythingRunningIsRunningWith200() {
        Map<String, Object> status = PipelineReport.status(running(List.of(source("files", "RUNNING",
                task(0, "RUNNING", null)))));
        assertThat(status.get("status")).isEqualTo("RUNNING");
        assertThat(list(status.get("reasons"))).isEmpty();
        assertThat(PipelineReport.httpStatus(status)).isEqualTo(200);
    }

    @Test
    void aFailedTaskDegradesThePipelineAndNamesItsTraceAndWorker() {
        Map<String, Object> status = PipelineReport.status(running(List.of(
                source("files", "RUNNING", task(0, "RUNNING", null)),
                sink("out", task(0, "RUNNING", null), task(1, "FAILED",
                        "org.apache.kafka.connect.errors.ConnectException: disk full")))));
        assertThat(status.get("status")).isEqualTo("DEGRADED");
        assertThat(PipelineReport.httpStatus(status)).isEqualTo(200);
        assertThat(list(status.get("reasons"))).containsExactly("connector 'out' task 1 is FAILED on "
                + "127.0.0.1:8083: org.apache.kafka.connect.errors.ConnectException: disk full");
        Map<?, ?> out = (Map<?, ?>) ((List<?>) status.get("connectors")).get(1);
        Map<?, ?> failed = (Map<?, ?>) ((List<?>) out.get("tasks")).get(1);
        assertThat(failed.get("state")).isEqualTo("FAILED");
        assertThat(failed.get("trace")).isEqualTo("org.apache.kafka.connect.errors.ConnectException: disk full");
    }

    @Test
    void anUnassignedTaskDegrades() {
        Map<String, Object> status = PipelineReport.status(running(List.of(source("files", "RUNNING",
                task(0, "RUNNING", null), task(1, "UNASSIGNED", null)))));
        assertThat(status.get("status")).isEqualTo("DEGRADED");
        assertThat(list(status.get("reasons"))).containsExactly("connector 'files' task 1 is UNASSIGNED on "
                + "127.0.0.1:8083");
    }

    @Test
    void pausedConnectorsAreAnOperatorsChoiceNotAFault() {
        Map<String, Object> status = PipelineReport.status(running(List.of(source("files", "PAUSED",
                task(0, "PAUSED", null)))));
        assertThat(status.get("status")).isEqualTo("RUNNING");
    }

    @Test
    void everyConnectorDownIsFailedWith503() {
        Map<String, Object> status = PipelineReport.status(running(List.of(
                source("a", "FAILED"), source("b", "RUNNING", task(0, "FAILED", "java.lang.IllegalStateException")))));
        assertThat(status.get("status")).isEqualTo("FAILED");
        assertThat(PipelineReport.httpStatus(status)).isEqualTo(503);
        assertThat(list(status.get("reasons"))).startsWith("every connector is FAILED or has only FAILED tasks");
    }

    @Test
    void aProcessorInErrorIsFailed() {
        Map<String, Object> status = PipelineReport.status(snapshot("ERROR", null, Map.of(), Map.of(), Map.of(),
                Set.of()));
        assertThat(status.get("status")).isEqualTo("FAILED");
        assertThat(list(status.get("reasons"))).containsExactly("processor 'app' is ERROR");
        assertThat(((Map<?, ?>) status.get("connect")).get("configured")).isEqualTo(false);
    }

    @Test
    void aRebalancingProcessorOrAnUnreachableConnectDegrades() {
        assertThat(PipelineReport.status(snapshot("REBALANCING", List.of(), Map.of(), Map.of(), Map.of(), Set.of()))
                .get("status")).isEqualTo("DEGRADED");
        Snapshot unreachable = new Snapshot(NOW, new Snapshot.Connect(null, "http://127.0.0.1:1/connectors: "
                + "Connection refused", List.of()), new Snapshot.Processor("app", "RUNNING", true, 0, List.of()),
                Map.of(), Map.of(), Set.of(), Map.of(), null, Map.of(), List.of(), Map.of(), Map.of());
        Map<String, Object> status = PipelineReport.status(unreachable);
        assertThat(status.get("status")).isEqualTo("DEGRADED");
        assertThat(list(status.get("reasons"))).containsExactly("Connect REST API unreachable: "
                + "http://127.0.0.1:1/connectors: Connection refused");
    }

    @Test
    void anOtherClusterNotAnsweringDegradesAndTheConnectorsThatAnsweredAreStillListed() {
        Snapshot partly = new Snapshot(NOW, new Snapshot.Connect("http://127.0.0.1:8083", "http://127.0.0.1:8084/"
                + "connectors?expand=status&expand=info: Connection refused", List.of(source("files", "RUNNING",
                task(0, "RUNNING", null)))), new Snapshot.Processor("app", "RUNNING", true, 0, List.of()),
                Map.of(), Map.of(), Set.of(), Map.of(), null, Map.of(), List.of(), Map.of(), Map.of());
        Map<String, Object> status = PipelineReport.status(partly);
        assertThat(status.get("status")).isEqualTo("DEGRADED");
        assertThat(list(status.get("reasons"))).containsExactly("Connect REST API unreachable: http://127.0.0.1:8084/"
                + "connectors?expand=status&expand=info: Connection refused");
        assertThat(list(status.get("connectors"))).hasSize(1);
    }

    @Test
    void aMissingInputTopicDegrades() {
        Map<String, Object> status = PipelineReport.status(snapshot("RUNNING", null, Map.of(), Map.of(), Map.of(),
                Set.of("events")));
        assertThat(list(status.get("reasons"))).containsExactly("topic 'events', input of job 'dedup', does not "
                + "exist");
        assertThat(status.get("missing_topics")).isEqualTo(List.of("events"));
    }

    @Test
    void lagIsEndMinusCommittedAndEverythingRetainedWhereNothingWasCommitted() {
        Snapshot s = snapshot("RUNNING", null,
                Map.of(tp("events", 0), 100L, tp("events", 1), 50L, tp("events", 2), 30L),
                Map.of(tp("events", 0), 0L, tp("events", 1), 0L, tp("events", 2), 10L),
                Map.of("app", Map.of(tp("events", 0), 90L, tp("events", 1), 50L)), Set.of());
        Map<String, Object> lag = PipelineReport.lag(s, "app", List.of("events"));
        assertThat(lag.get("total")).isEqualTo(10L + 0L + 20L);
        Map<?, ?> events = (Map<?, ?>) ((Map<?, ?>) lag.get("topics")).get("events");
        assertThat(events.get("end_offset")).isEqualTo(180L);
        List<?> partitions = (List<?>) events.get("partitions");
        assertThat(((Map<?, ?>) partitions.get(0)).get("lag")).isEqualTo(10L);
        assertThat(((Map<?, ?>) partitions.get(2)).get("committed_offset")).isNull();
        assertThat(((Map<?, ?>) partitions.get(2)).get("lag")).isEqualTo(20L);
    }

    @Test
    void aSinkShowsItsGroupsLag() {
        Snapshot s = snapshot("RUNNING", List.of(sink("out", task(0, "RUNNING", null))),
                Map.of(tp("events", 0), 100L), Map.of(), Map.of("app", Map.of(), "connect-out",
                        Map.of(tp("events", 0), 60L)), Set.of());
        Map<?, ?> out = (Map<?, ?>) ((List<?>) PipelineReport.status(s).get("connectors")).get(0);
        assertThat(out.get("group")).isEqualTo("connect-out");
        assertThat(((Map<?, ?>) out.get("lag")).get("total")).isEqualTo(40L);
        assertThat(out.get("dead_letter_topics")).isEqualTo(List.of("sink-dlq"));
    }

    @Test
    void deadLettersAreTheRecordsRetainedInEachDeadLetterTopicWithWhoWritesIt() {
        SampleHistory history = new SampleHistory(Duration.ofMinutes(6));
        Snapshot s = snapshot("RUNNING", List.of(source("files", "RUNNING", task(0, "RUNNING", null))),
                Map.of(tp("events-dlq", 0), 12L, tp("events-dlq", 1), 3L, tp("events-invalid", 0), 7L,
                        tp("events-unique-dlq", 0), 0L),
                Map.of(tp("events-dlq", 0), 2L, tp("events-dlq", 1), 0L, tp("events-invalid", 0), 0L),
                Map.of(), Set.of());
        Map<String, Object> stats = PipelineReport.stats(s, history, Duration.ofSeconds(10));
        List<Object> all = list(stats.get("dead_letters"));
        assertThat(all.stream().map(d -> (Object) ((Map<?, ?>) d).get("topic")).toList())
                .isEqualTo(List.of("events-dlq", "events-invalid", "events-unique-dlq"));
        assertThat(all.stream().map(d -> (Object) ((Map<?, ?>) d).get("records")).toList())
                .isEqualTo(List.of(13L, 7L, 0L));
        assertThat(((Map<?, ?>) all.get(0)).get("written_by")).isEqualTo(List.of("connector files"));
        assertThat(((Map<?, ?>) all.get(2)).get("written_by")).isEqualTo(List.of("job dedup"));
    }

    @Test
    void ratesComeFromTheDifferenceBetweenSamples() {
        SampleHistory history = new SampleHistory(Duration.ofMinutes(6));
        Snapshot first = snapshot("RUNNING", List.of(source("files", "RUNNING", task(0, "RUNNING", null))),
                Map.of(tp("events", 0), 1_000L), Map.of(), Map.of(), Set.of());
        Snapshot second = new Snapshot(NOW + 20_000, first.connect(), first.processor(), Map.of(),
                Map.of(tp("events", 0), 1_600L), Set.of(), Map.of(), null,
                Map.of("files/0/records_out", 2_500.0), List.of(), Map.of("consumed:events", 400.0,
                "sent:events-unique", 390.0), Map.of());
        history.add(first.atMs(), PipelineReport.counters(first));
        history.add(NOW + 10_000, Map.of("processor:consumed:events", 100.0, "processor:sent:events-unique", 90.0,
                "worker:files/0/records_out", 2_000.0));
        history.add(second.atMs(), PipelineReport.counters(second));
        Map<String, Object> stats = PipelineReport.stats(second, history, Duration.ofSeconds(10));

        Map<?, ?> files = (Map<?, ?>) ((List<?>) stats.get("connectors")).get(0);
        Map<?, ?> topic = (Map<?, ?>) ((List<?>) files.get("topics")).get(0);
        assertThat(topic.get("records_per_s")).isEqualTo(Map.of("1m", 30.0, "5m", 30.0));
        Map<?, ?> task = (Map<?, ?>) ((List<?>) files.get("tasks")).get(0);
        assertThat(task.get("records_out")).isEqualTo(Map.of("total", 2_500L, "per_s", Map.of("1m", 50.0, "5m", 50.0)));
        Map<?, ?> dedup = (Map<?, ?>) ((List<?>) stats.get("jobs")).get(0);
        assertThat(dedup.get("records_in_per_s")).isEqualTo(Map.of("1m", 30.0, "5m", 30.0));
        assertThat(dedup.get("records_out_per_s")).isEqualTo(Map.of("1m", 30.0, "5m", 30.0));
    }
}
