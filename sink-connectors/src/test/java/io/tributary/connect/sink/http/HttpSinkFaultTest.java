package io.tributary.connect.sink.http;

import io.tributary.testsupport.InMemorySinkContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.tributary.connect.sink.http.HttpSinkTasks.TP0;
import static io.tributary.connect.sink.http.HttpSinkTasks.current;
import static io.tributary.connect.sink.http.HttpSinkTasks.offsets;
import static io.tributary.connect.sink.http.HttpSinkTasks.record;
import static io.tributary.connect.sink.http.HttpSinkTasks.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sink against an endpoint that fails: retries, dead letters, failing statuses, pauses, the circuit breaker. */
class HttpSinkFaultTest {

    private final Receiver receiver = new Receiver();
    private final InMemorySinkContext context = new InMemorySinkContext();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void serverErrorsAreRetriedUntilTheBatchIsDeliveredWithTheSameIdempotencyKey() {
        receiver.script = r -> r.n() <= 2 ? Receiver.Answer.status(503) : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "idempotency.key.header", "Idempotency-Key");
        task.put(records(0, 3));
        assertThat(receiver.requests).hasSize(3);
        assertThat(receiver.requests).extracting(r -> r.header("Idempotency-Key")).containsOnly("events-0-0-2");
        assertThat(context.errant()).isEmpty();
        assertThat(task.preCommit(current(3, 0))).isEqualTo(offsets(TP0, 3));
    }

    @Test
    void a429IsRetriedAfterTheRetryAfterTheServerAsks() {
        receiver.script = r -> r.n() == 1 ? Receiver.Answer.status(429).header("Retry-After", "1") : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context);
        task.put(records(0, 2));
        assertThat(receiver.requests).hasSize(2);
        assertThat(receiver.requests.get(1).body()).isEqualTo(receiver.requests.get(0).body());
        assertThat(task.preCommit(current(2, 0))).isEqualTo(offsets(TP0, 2));
    }

    @Test
    void aResponseSlowerThanTheRequestTimeoutIsRetried() {
        // The first answer comes only after the test (the receiver's close interrupts it); the timeout is generous,
        // so the second answer never meets it, even on a loaded machine.
        receiver.script = r -> r.n() == 1 ? Receiver.Answer.ok().after(60_000) : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "http.request.timeout.ms", "2000",
                "idempotency.key.header", "Idempotency-Key");
        task.put(records(0, 2));
        assertThat(receiver.requests).hasSize(2);
        assertThat(receiver.requests).extracting(r -> r.header("Idempotency-Key"))
                .as("the server can tell the retry of a request it may have processed").containsOnly("events-0-0-1");
        assertThat(task.preCommit(current(2, 0))).isEqualTo(offsets(TP0, 2));
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsRetried() {
        receiver.script = r -> r.n() == 1 ? Receiver.Answer.closeWithoutAnswer() : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context);
        task.put(records(0, 2));
        assertThat(receiver.requests).hasSize(2);
        assertThat(context.errant()).isEmpty();
        assertThat(task.preCommit(current(2, 0))).isEqualTo(offsets(TP0, 2));
    }

    @Test
    void a400ForOneRecordOfABatchReportsOnlyThatRecordAndDeliversTheRest() {
        receiver.script = r -> r.body().contains("\"n\":2") ? Receiver.Answer.status(400, "field n: 2 is not allowed")
                : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "batch.max.records", "5");
        task.put(records(0, 5));
        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(2L);
        assertThat(context.errors().get(0).getMessage()).contains("POST " + receiver.url("/in"))
                .contains("answered 400").contains("events-0@2").contains("field n: 2 is not allowed");
        assertThat(receiver.bodies()).containsExactly("[{\"n\":0},{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4}]",
                "[{\"n\":0}]", "[{\"n\":1}]", "[{\"n\":2}]", "[{\"n\":3}]", "[{\"n\":4}]");
        assertThat(task.preCommit(current(5, 0))).isEqualTo(offsets(TP0, 5));
    }

    @Test
    void aFailStatusFailsTheTaskNamingTheEndpoint() {
        receiver.script = r -> Receiver.Answer.status(403, "forbidden");
        HttpSinkTask task = HttpSinkTasks.start(receiver, context);
        assertThatThrownBy(() -> task.put(records(0, 2)))
                .isInstanceOf(ConnectException.class).isNotInstanceOf(RetriableException.class)
                .hasMessageContaining("POST " + receiver.url("/in")).hasMessageContaining("403")
                .hasMessageContaining("fail.statuses");
        assertThat(receiver.requests).as("not retried").hasSize(1);
        assertThat(task.preCommit(current(2, 0))).isEqualTo(offsets(TP0, 0));
    }

    @Test
    void whenRetriesRunOutTheBatchIsSplitAndEachFailingRecordReported() {
        receiver.script = r -> r.body().contains("\"n\":1") ? Receiver.Answer.status(503) : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "retry.max.attempts", "2");
        task.put(records(0, 3));
        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
        assertThat(context.errors().get(0).getMessage()).contains("answered 503").contains("after every retry");
        assertThat(receiver.requests).as("2 for the batch, 1 for record 0, 2 for record 1, 1 for record 2").hasSize(6);
        assertThat(task.preCommit(current(3, 0))).isEqualTo(offsets(TP0, 3));
    }

    @Test
    void withRetryExhaustedPauseTheTaskThrowsRetriableAndRedeliveryCausesNoDuplicate() {
        receiver.script = r -> r.n() <= 2 ? Receiver.Answer.status(500) : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "retry.max.attempts", "2",
                "retry.exhausted", "pause", "batch.max.records", "2");
        List<SinkRecord> batch = records(0, 4);
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class)
                .hasMessageContaining("retry.exhausted=pause");
        assertThat(context.timeouts()).containsExactly(50L);
        assertThat(task.preCommit(current(0, 0))).as("paused: preCommit sends nothing").isEqualTo(offsets(TP0, 0));
        assertThat(receiver.requests).hasSize(2);
        assertThat(context.errant()).isEmpty();

        task.put(batch);   // what Connect does after a RetriableException: the same records again
        assertThat(receiver.bodies()).containsExactly("[{\"n\":0},{\"n\":1}]", "[{\"n\":0},{\"n\":1}]",
                "[{\"n\":0},{\"n\":1}]", "[{\"n\":2},{\"n\":3}]");
        assertThat(task.preCommit(current(4, 0))).isEqualTo(offsets(TP0, 4));
    }

    @Test
    void recordsAlreadyDeliveredAreNotSentAgainWhenABatchIsRedelivered() {
        // Partition 0 is delivered; partition 1 pauses the whole put. Connect redelivers both.
        receiver.script = r -> r.path().equals("/p/1") && r.n() <= 3 ? Receiver.Answer.status(500) : Receiver.Answer.ok();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "http.url", receiver.url("/p/{{partition}}"),
                "retry.max.attempts", "1", "retry.exhausted", "pause", "max.in.flight", "1");
        List<SinkRecord> batch = new java.util.ArrayList<>(records(0, 0, 2));
        batch.addAll(records(1, 0, 2));
        assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
        assertThat(task.preCommit(current(2, 2))).isEqualTo(current(2, 0));
        int before = receiver.requests.size();
        receiver.script = r -> Receiver.Answer.ok();
        task.put(batch);
        assertThat(receiver.requests.subList(before, receiver.requests.size()))
                .extracting(Receiver.Request::path).containsExactly("/p/1");
        assertThat(task.preCommit(current(2, 2))).isEqualTo(current(2, 2));
    }

    @Test
    void anOpenCircuitBreakerPausesTheTaskWithoutHammeringTheEndpoint() {
        receiver.script = r -> Receiver.Answer.status(503);
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "retry.max.attempts", "1",
                "circuit.breaker.failure.rate.percent", "50", "circuit.breaker.minimum.calls", "2",
                "circuit.breaker.open.ms", "60000", "batch.max.records", "1", "retry.exhausted", "pause");
        assertThatThrownBy(() -> task.put(records(0, 3))).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> task.put(records(0, 3))).isInstanceOf(RetriableException.class);
        assertThatThrownBy(() -> task.put(records(0, 3))).isInstanceOf(RetriableException.class)
                .hasMessageContaining("circuit breaker").hasMessageContaining("is open");
        assertThat(receiver.requests).as("two failures open the breaker; then no request leaves").hasSize(2);
        assertThat(context.timeouts()).endsWith(60_000L);
        assertThat(context.errant()).isEmpty();
        assertThat(task.preCommit(current(3, 0))).isEqualTo(offsets(TP0, 0));
    }

    @Test
    void anOpenCircuitBreakerPausesEvenWithRetryExhaustedDeadLetterSoNothingIsDeadLetteredForAnOutage() {
        receiver.script = r -> Receiver.Answer.status(503);
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "retry.max.attempts", "1",
                "circuit.breaker.failure.rate.percent", "50", "circuit.breaker.minimum.calls", "2",
                "circuit.breaker.open.ms", "60000", "batch.max.records", "10");
        assertThatThrownBy(() -> task.put(records(0, 5))).isInstanceOf(RetriableException.class)
                .hasMessageContaining("circuit breaker");
        assertThat(receiver.requests).as("the batch, then record 0 alone: the breaker opens").hasSize(2);
        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(0L);
        assertThat(task.preCommit(current(5, 0))).isEqualTo(offsets(TP0, 1));
    }

    @Test
    void aRecordWhoseTemplateFieldIsMissingIsReportedAndTheRestDelivered() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "http.url", receiver.url("/u/{{value.user}}"),
                "batch.format", "single");
        task.put(List.of(record(0, 0, Map.of("user", "ann")), record(0, 1, Map.of("other", 1)),
                record(0, 2, Map.of("user", "bob"))));
        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
        assertThat(context.errors().get(0).getMessage()).contains("{{value.user}}").contains("http.url")
                .contains("events-0@1");
        assertThat(receiver.requests).extracting(Receiver.Request::path).containsExactly("/u/ann", "/u/bob");
        assertThat(task.preCommit(current(3, 0))).isEqualTo(offsets(TP0, 3));
    }

    @Test
    void withoutAnErrantRecordReporterABadRecordFailsTheTaskClearly() {
        receiver.script = r -> Receiver.Answer.status(422, "invalid");
        HttpSinkTask task = HttpSinkTasks.start(receiver, InMemorySinkContext.withoutReporter());
        assertThatThrownBy(() -> task.put(records(0, 1))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("events-0@0").hasMessageContaining("no errant record reporter")
                .hasMessageContaining("errors.tolerance");
        assertThat(task.preCommit(current(1, 0))).as("the record is neither delivered nor reported")
                .isEqualTo(offsets(TP0, 0));
    }
}
