package io.tributary.processor.dedup;

import io.tributary.processor.Driver;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DedupJobTest {

    private static final long HOUR = 3_600_000;
    private static final String CONFIG = """
            application.id: dedup-test
            bootstrap.servers: 127.0.0.1:9092
            jobs:
              - {name: dedup, kind: dedup, input: raw, output: unique, dead.letter.topic: dlq, id: event_id, retention: 1h, time.field: ts}
            """;

    @TempDir
    Path state;

    private static String event(String id, long ts) {
        return "{\"event_id\": \"" + id + "\", \"ts\": " + ts + ", \"user_id\": \"u-1\"}";
    }

    @Test
    void repeatsWithinTheRetentionAreDroppedAndOrderIsKept() {
        try (Driver d = new Driver(CONFIG, state)) {
            d.send("u-1", event("a", 1_000), 1).send("u-1", event("b", 2_000), 2).send("u-1", event("a", 1_000), 3)
                    .send("u-1", event("c", 3_000), 4).send("u-1", event("b", 2_000 + HOUR - 1), 5)
                    .send("u-1", event("a", 1_000 + HOUR), 6);
            assertThat(d.read("unique")).extracting(TestRecord::value).containsExactly(event("a", 1_000),
                    event("b", 2_000), event("c", 3_000), event("a", 1_000 + HOUR));
            assertThat(d.read("dlq")).isEmpty();
            assertThat(io.tributary.processor.state.BoundedRocksDb.bound()).as("the id store opened with the shared, "
                    + "bounded RocksDB memory").isEqualTo(64L << 20);
        }
    }

    @Test
    void aRepeatArrivingBeforeItsFirstOccurrenceInEventTimeIsStillARepeat() {
        try (Driver d = new Driver(CONFIG, state, java.time.Instant.ofEpochMilli(10 * HOUR))) {
            d.send("u-1", event("a", 10 * HOUR), 1).send("u-1", event("a", 10 * HOUR - 30 * 60_000), 2);
            assertThat(d.read("unique")).hasSize(1);
        }
    }

    @Test
    void eventsWithoutIdOrTimeOrThatAreNotJsonGoToTheDeadLetterTopicWithTheirOrigin() {
        try (Driver d = new Driver(CONFIG, state)) {
            d.send("k", "{\"ts\": 5}", 1).send("k", "{\"event_id\": \"x\"}", 2).send("k", "{not json", 3)
                    .sendBytes("k", new byte[] {(byte) 0xff, 0, 1}, 4).send("k", null, 5)
                    .send("k", "{\"event_id\": \"x\", \"ts\": \"yesterday\"}", 6).send("k", event("ok", 7), 7);
            List<TestRecord<String, String>> dead = d.read("dlq");
            assertThat(dead).hasSize(6);
            assertThat(dead).extracting(r -> Driver.header(r, "tributary.error.stage"))
                    .containsExactly("id", "time", "parse", "parse", "parse", "time");
            assertThat(Driver.header(dead.get(0), "tributary.error.message")).isEqualTo("field 'event_id' is missing");
            assertThat(Driver.header(dead.get(5), "tributary.error.message"))
                    .isEqualTo("field 'ts' is not an RFC 3339 time or epoch milliseconds");
            assertThat(dead).allSatisfy(r -> {
                assertThat(Driver.header(r, "tributary.processor.job")).isEqualTo("dedup");
                assertThat(Driver.header(r, "tributary.original.topic")).isEqualTo("raw");
                assertThat(Driver.header(r, "tributary.original.offset")).isNotNull();
            });
            assertThat(dead.get(2).value()).isEqualTo("{not json");
            assertThat(d.read("unique")).extracting(TestRecord::value).containsExactly(event("ok", 7));
        }
    }

    @Test
    void anEventDatedFurtherAheadThanTheRetentionIsADeadLetterAndRepeatsKeepBeingDropped() {
        long now = System.currentTimeMillis();
        long year9999 = java.time.Instant.parse("9999-01-01T00:00:00Z").toEpochMilli();
        try (Driver d = new Driver(CONFIG, state, java.time.Instant.ofEpochMilli(now))) {
            d.send("u-1", event("a", now), 1).send("u-1", event("far", year9999), 2)
                    .send("u-1", event("near", now + HOUR / 2), 3).send("u-1", event("a", now + 1), 4);
            // Had the year-9999 event been kept, the store's stream time would have passed every id: "a" forgotten.
            assertThat(d.read("unique")).extracting(TestRecord::value).containsExactly(event("a", now),
                    event("near", now + HOUR / 2));
            List<TestRecord<String, String>> dead = d.read("dlq");
            assertThat(dead).extracting(TestRecord::value).containsExactly(event("far", year9999));
            assertThat(Driver.header(dead.get(0), "tributary.error.stage")).isEqualTo("time");
            assertThat(Driver.header(dead.get(0), "tributary.error.message"))
                    .isEqualTo("event time is more than the retention (1h) ahead of the clock");
        }
    }

    @Test
    void theIdMayComeFromAHeader() {
        String config = CONFIG.replace("id: event_id, retention: 1h, time.field: ts", "id.header: idempotency-key, retention: 1m");
        try (Driver d = new Driver(config, state)) {
            RecordHeaders first = new RecordHeaders();
            first.add("idempotency-key", "k-1".getBytes(StandardCharsets.UTF_8));
            d.send("raw", "a", "anything, not even JSON", 1_000, first);
            d.send("raw", "a", "the retry", 2_000, new RecordHeaders(first.toArray()));
            d.send("raw", "a", "no header", 3_000, new RecordHeaders());
            assertThat(d.read("unique")).extracting(TestRecord::value).containsExactly("anything, not even JSON");
            assertThat(d.read("dlq")).extracting(r -> Driver.header(r, "tributary.error.message"))
                    .containsExactly("header 'idempotency-key' is missing");
        }
    }
}
