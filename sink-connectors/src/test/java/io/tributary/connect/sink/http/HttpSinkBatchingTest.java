package io.tributary.connect.sink.http;

import io.tributary.testsupport.InMemorySinkContext;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tributary.connect.sink.http.HttpSinkTasks.TP0;
import static io.tributary.connect.sink.http.HttpSinkTasks.current;
import static io.tributary.connect.sink.http.HttpSinkTasks.map;
import static io.tributary.connect.sink.http.HttpSinkTasks.record;
import static io.tributary.connect.sink.http.HttpSinkTasks.records;
import static org.assertj.core.api.Assertions.assertThat;

/** How records become requests: batch formats and limits, linger, templates, ordering, committed offsets. */
class HttpSinkBatchingTest {

    private final Receiver receiver = new Receiver();
    private final InMemorySinkContext context = new InMemorySinkContext();

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void jsonArrayBatchesAreCutAtBatchMaxRecords() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "batch.max.records", "4");
        task.put(records(0, 10));
        assertThat(receiver.bodies()).containsExactly(
                "[{\"n\":0},{\"n\":1},{\"n\":2},{\"n\":3}]",
                "[{\"n\":4},{\"n\":5},{\"n\":6},{\"n\":7}]",
                "[{\"n\":8},{\"n\":9}]");
        assertThat(receiver.requests).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
        });
    }

    @Test
    void ndjsonBatchesAreCutAtBatchMaxBytes() {
        // Each body {"n":x} is 7 bytes: 3 fit in 21 bytes, a fourth would not.
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "batch.format", "ndjson", "batch.max.bytes", "21");
        task.put(records(0, 7));
        assertThat(receiver.bodies()).containsExactly(
                "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n", "{\"n\":3}\n{\"n\":4}\n{\"n\":5}\n", "{\"n\":6}\n");
        assertThat(receiver.requests.get(0).header("Content-Type")).isEqualTo("application/x-ndjson");
    }

    @Test
    void singleSendsOneRequestPerRecordWithTheMethodConfigured() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "batch.format", "single", "http.method", "PUT");
        task.put(records(0, 3));
        assertThat(receiver.bodies()).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        assertThat(receiver.requests).extracting(Receiver.Request::method).containsOnly("PUT");
    }

    @Test
    void recordsWaitForMoreUntilTheLingerExpiresThenGoOnPutOrPreCommit() {
        MockTime time = new MockTime();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, time, "batch.linger.ms", "1000",
                "batch.max.records", "10");
        task.put(records(0, 3));
        task.put(List.of());
        assertThat(receiver.requests).isEmpty();
        assertThat(task.preCommit(current(3, 0))).as("the commit stays at the first buffered record")
                .isEqualTo(HttpSinkTasks.offsets(TP0, 0));
        time.sleep(1000);
        task.put(List.of());
        assertThat(receiver.bodies()).containsExactly("[{\"n\":0},{\"n\":1},{\"n\":2}]");

        task.put(records(3, 5));
        time.sleep(1000);
        assertThat(task.preCommit(current(5, 0))).isEqualTo(Map.of(TP0, new org.apache.kafka.clients.consumer
                .OffsetAndMetadata(5)));
        assertThat(receiver.requests).hasSize(2);
    }

    @Test
    void preCommitReturnsOnlyOffsetsOfDeliveredRecords() {
        MockTime time = new MockTime();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, time, "batch.linger.ms", "1000",
                "batch.max.records", "4");
        task.put(records(0, 6));   // 0..3 full and sent; 4, 5 wait
        assertThat(task.preCommit(current(6, 0))).containsOnlyKeys(TP0);
        assertThat(task.preCommit(current(6, 0)).get(TP0).offset()).isEqualTo(4);
    }

    @Test
    void onlyRecordsRenderingToTheSameUrlShareARequestAndOrderIsKept() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "http.url", receiver.url("/users/{{value.user}}"),
                "batch.max.records", "10");
        List<SinkRecord> records = new ArrayList<>();
        String[] users = {"ann", "ann", "bob", "ann"};
        for (int i = 0; i < users.length; i++) {
            records.add(record(0, i, map("user", users[i], "n", i)));
        }
        task.put(records);
        assertThat(receiver.requests).extracting(Receiver.Request::path)
                .containsExactly("/users/ann", "/users/bob", "/users/ann");
        assertThat(receiver.bodies()).containsExactly(
                "[{\"user\":\"ann\",\"n\":0},{\"user\":\"ann\",\"n\":1}]",
                "[{\"user\":\"bob\",\"n\":2}]",
                "[{\"user\":\"ann\",\"n\":3}]");
    }

    @Test
    void urlHeadersAndBodyAreTemplatesOverTheRecord() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "batch.format", "single",
                "http.url", receiver.url("/t/{{topic}}/{{partition}}/{{key}}?id={{value.user.id}}"),
                "http.headers", "X-Offset: {{offset}}, X-Id: {{value.user.id}}",
                "http.body.template", "{\"id\": {{value.user.id}}, \"name\": {{value.user.name}}, \"at\": {{timestamp}}, "
                        + "\"all\": {{value}}}");
        task.put(List.of(record(0, 7, map("user", map("id", 42, "name", "Zoë Ä/b")))));
        Receiver.Request request = receiver.requests.get(0);
        assertThat(request.path()).isEqualTo("/t/events/0/k7");
        assertThat(request.query()).isEqualTo("id=42");
        assertThat(request.header("X-Offset")).isEqualTo("7");
        assertThat(request.header("X-Id")).isEqualTo("42");
        assertThat(request.body()).isEqualTo("{\"id\": 42, \"name\": \"Zoë Ä/b\", \"at\": 1700000000007, "
                + "\"all\": {\"user\":{\"id\":42,\"name\":\"Zoë Ä/b\"}}}");
    }

    @Test
    void aHeaderValueWithALineBreakIsReportedNotSent() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "http.headers", "X-Name: {{value.name}}");
        task.put(List.of(record(0, 0, Map.of("name", "a\r\nX-Admin: yes")), record(0, 1, Map.of("name", "b"))));
        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(0L);
        assertThat(context.errors().get(0).getMessage()).contains("{{value.name}}").contains("events-0@0")
                .doesNotContain("X-Admin");
        assertThat(receiver.requests).extracting(r -> r.header("X-Name")).containsExactly("b");
        assertThat(task.preCommit(current(2, 0))).isEqualTo(HttpSinkTasks.offsets(TP0, 2));
    }

    @Test
    void placeholderValuesArePercentEncodedInTheUrl() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "batch.format", "single",
                "http.url", receiver.url("/users/{{value.name}}"));
        task.put(List.of(record(0, 0, Map.of("name", "a b/c?d"))));
        assertThat(receiver.requests.get(0).path()).isEqualTo("/users/a%20b%2Fc%3Fd");
    }

    @Test
    void structsAreWrittenAsPlainJsonWithDecimalsAsNumbersAndTimestampsAsIso() {
        Schema schema = SchemaBuilder.struct().name("order")
                .field("id", Schema.INT64_SCHEMA)
                .field("amount", Decimal.schema(2))
                .field("at", Timestamp.SCHEMA)
                .field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        Struct order = new Struct(schema).put("id", 1L).put("amount", new BigDecimal("12.50"))
                .put("at", new java.util.Date(0));
        HttpSinkTask task = HttpSinkTasks.start(receiver, context);
        task.put(List.of(new SinkRecord(HttpSinkTasks.TOPIC, 0, null, null, schema, order, 0)));
        assertThat(receiver.bodies()).containsExactly(
                "[{\"id\":1,\"amount\":12.50,\"at\":\"1970-01-01T00:00:00Z\",\"note\":null}]");
    }

    @Test
    void schemalessStringsAndNumbersAreJsonValues() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context);
        task.put(List.of(record(0, 0, "plain text"), record(0, 1, 5L), record(0, 2, List.of(1L, 2L))));
        assertThat(receiver.bodies()).containsExactly("[\"plain text\",5,[1,2]]");
    }

    @Test
    void rawValuesAreSentAsTheyAreAndOtherValuesAreReported() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "http.body.raw.enabled", "true");
        task.put(List.of(record(0, 0, "{\"already\": \"json\"}"), record(0, 1, "[1,2]".getBytes()),
                record(0, 2, 7L)));
        assertThat(receiver.bodies()).containsExactly("[{\"already\": \"json\"},[1,2]]");
        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(2L);
        assertThat(context.errors().get(0).getMessage()).contains("http.body.raw.enabled").contains("holds a Long");
    }

    @Test
    void everyRequestCarriesAnIdempotencyKeyOfItsTopicPartitionAndOffsets() {
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "batch.max.records", "3",
                "idempotency.key.header", "Idempotency-Key");
        task.put(records(10, 15));
        assertThat(receiver.requests).extracting(r -> r.header("Idempotency-Key"))
                .containsExactly("events-0-10-12", "events-0-13-14");
    }

    @Test
    void severalPartitionsAreInFlightAtOnceButEachInOffsetOrder() throws Exception {
        // Partition 0's first request is held until partition 1's arrives: only possible if both are in flight.
        CountDownLatch partitionOneArrived = new CountDownLatch(1);
        AtomicInteger heldAndReleased = new AtomicInteger();
        receiver.script = request -> {
            if (request.path().equals("/p/1")) {
                partitionOneArrived.countDown();
            } else if (request.path().equals("/p/0") && request.body().contains("\"n\":0")) {
                try {
                    if (partitionOneArrived.await(30, TimeUnit.SECONDS)) {
                        heldAndReleased.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Receiver.Answer.ok();
        };
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, "http.url", receiver.url("/p/{{partition}}"),
                "batch.max.records", "2", "max.in.flight", "2");
        List<SinkRecord> both = new ArrayList<>(records(0, 0, 6));
        both.addAll(records(1, 0, 6));
        task.put(both);
        assertThat(heldAndReleased).hasValue(1);
        List<String> partitionZero = receiver.requests.stream().filter(r -> r.path().equals("/p/0"))
                .map(Receiver.Request::body).toList();
        assertThat(partitionZero).containsExactly("[{\"n\":0},{\"n\":1}]", "[{\"n\":2},{\"n\":3}]",
                "[{\"n\":4},{\"n\":5}]");
        assertThat(task.preCommit(current(6, 6))).isEqualTo(current(6, 6));
    }

    @Test
    void aClosedPartitionsBufferIsDroppedAndItsOffsetNoLongerReported() {
        MockTime time = new MockTime();
        HttpSinkTask task = HttpSinkTasks.start(receiver, context, time, "batch.linger.ms", "60000");
        task.put(records(0, 3));
        task.close(List.of(TP0));
        time.sleep(60_000);
        task.put(List.of());
        assertThat(receiver.requests).isEmpty();
        assertThat(task.preCommit(current(3, 0))).isEmpty();
    }
}
