package io.tributary.processor.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.Driver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AggregateJobTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    private static String config(String window, String emit, String... aggregations) {
        return """
                application.id: aggregate-test
                bootstrap.servers: 127.0.0.1:9092
                jobs:
                  - name: agg
                    kind: aggregate
                    input: events
                    output: results
                    late.topic: late
                    dead.letter.topic: dlq
                    group.by: type
                    time.field: ts
                    window: %s
                    emit: %s
                    aggregations:
                """.formatted(window, emit) + String.join("\n", Arrays.stream(aggregations).map(a -> "      - " + a).toList())
                + "\n";
    }

    private static String event(String type, double amount, long ts) {
        return "{\"type\": \"" + type + "\", \"amount\": " + amount + ", \"ts\": " + ts + ", \"user\": \"u" + (long) amount
                + "\"}";
    }

    private static List<JsonNode> results(Driver d) {
        List<JsonNode> out = new ArrayList<>();
        for (TestRecord<String, String> r : d.read("results")) {
            try {
                out.add(JSON.readTree(r.value()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return out;
    }

    @Test
    void tumblingWindowsEmitOnceWhenClosedWithExactAggregatesAndLateEventsKept() throws Exception {
        String config = config("{type: tumbling, size: 1m, grace: 10s}", "final", "{name: n, fn: count}",
                "{name: sum, fn: sum, field: amount}", "{name: avg, fn: avg, field: amount}",
                "{name: min, fn: min, field: amount}", "{name: max, fn: max, field: amount}",
                "{name: sd, fn: stddev, field: amount}", "{name: first, fn: first, field: user}",
                "{name: last, fn: last, field: user}");
        try (Driver d = new Driver(config, state)) {
            d.send("k", event("a", 1, 10_000), 0).send("k", event("a", 2, 20_000), 0).send("k", event("b", 5, 65_000), 0);
            assertThat(results(d)).as("nothing is final before stream time passes end + grace").isEmpty();
            d.send("k", event("a", 3, 50_000), 0);   // out of order, within the grace: counted, and counted as late
            d.send("k", event("b", 1, 75_000), 0);   // stream time 75 s: the first minute closes
            List<JsonNode> first = results(d);
            assertThat(first).hasSize(1);
            JsonNode a = first.get(0);
            assertThat(a.get("type").asText()).isEqualTo("a");
            assertThat(a.get("window_start").asText()).isEqualTo("1970-01-01T00:00:00Z");
            assertThat(a.get("window_end_ms").asLong()).isEqualTo(60_000);
            assertThat(a.get("events").asLong()).isEqualTo(3);
            assertThat(a.get("n").asLong()).isEqualTo(3);
            assertThat(a.get("sum").asDouble()).isEqualTo(6.0);
            assertThat(a.get("avg").asDouble()).isEqualTo(2.0);
            assertThat(a.get("min").asDouble()).isEqualTo(1.0);
            assertThat(a.get("max").asDouble()).isEqualTo(3.0);
            assertThat(a.get("sd").asDouble()).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
            assertThat(a.get("first").asText()).isEqualTo("u1");
            assertThat(a.get("last").asText()).isEqualTo("u3");
            assertThat(a.get("late_events").asLong()).isEqualTo(1);

            d.send("k", event("a", 9, 30_000), 0);   // its window closed: to the late topic, not into any window
            List<TestRecord<String, String>> late = d.read("late");
            assertThat(late).hasSize(1);
            assertThat(late.get(0).value()).isEqualTo(event("a", 9, 30_000));
            assertThat(late.get(0).key()).isEqualTo("k");
            assertThat(Driver.header(late.get(0), "tributary.processor.job")).isEqualTo("agg");
            assertThat(Driver.header(late.get(0), "tributary.late.window.start")).isEqualTo("0");
            assertThat(Driver.header(late.get(0), "tributary.late.window.end")).isEqualTo("60000");
            assertThat(Driver.header(late.get(0), "tributary.late.by.ms")).isEqualTo("45000");
            assertThat(Driver.header(late.get(0), "tributary.late.partial")).isEqualTo("false");

            d.send("k", event("b", 1, 200_000), 0);
            List<JsonNode> second = results(d);
            assertThat(second).hasSize(1);
            assertThat(second.get(0).get("type").asText()).isEqualTo("b");
            assertThat(second.get(0).get("events").asLong()).isEqualTo(2);
            assertThat(d.droppedByKafkaStreams()).as("Kafka Streams dropped nothing unseen").isZero();
        }
    }

    @Test
    void anEventLateForSomeHoppingWindowsGoesIntoTheOpenOnesAndToTheLateTopic() throws Exception {
        String config = config("{type: hopping, size: 2m, advance: 1m}", "final", "{name: n, fn: count}");
        try (Driver d = new Driver(config, state)) {
            d.send("k", event("a", 1, 0), 0).send("k", event("a", 1, 150_000), 0);
            // [0, 2m) has closed, [1m, 3m) is open: the event is late for the first only (stream time 150 s had not
            // passed the second's end when it came, so that window does not count it as late).
            d.send("k", event("a", 1, 70_000), 0);
            List<TestRecord<String, String>> late = d.read("late");
            assertThat(late).hasSize(1);
            assertThat(Driver.header(late.get(0), "tributary.late.partial")).isEqualTo("true");
            assertThat(Driver.header(late.get(0), "tributary.late.window.end")).isEqualTo("120000");
            d.send("k", event("a", 1, 400_000), 0);
            List<JsonNode> windows = results(d);
            assertThat(windows).extracting(w -> w.get("window_start_ms").asLong() + ":" + w.get("events").asLong()
                    + ":" + w.get("late_events").asLong()).containsExactly("0:1:0", "60000:2:0", "120000:1:0");
            assertThat(d.droppedByKafkaStreams()).as("a partial drop, seen in the late topic").isEqualTo(1.0);
        }
    }

    @Test
    void sessionsMergeAcrossTheGapAndLateEventsAreKept() throws Exception {
        String config = config("{type: session, gap: 30s, grace: 60s}", "final", "{name: n, fn: count}",
                "{name: sum, fn: sum, field: amount}", "{name: users, fn: distinct, field: user}");
        try (Driver d = new Driver(config, state)) {
            d.send("k", event("a", 1, 0), 0).send("k", event("a", 2, 50_000), 0);
            d.send("k", event("a", 3, 25_000), 0);   // bridges the two sessions into one
            d.send("k", event("b", 1, 100_000), 0);
            d.send("k", event("a", 4, 300_000), 0);  // closes everything before 240 s
            d.send("k", event("a", 5, 1_000), 0);    // far too late
            List<JsonNode> sessions = results(d);
            assertThat(sessions).extracting(s -> s.get("type").asText() + "[" + s.get("window_start_ms").asLong() + ","
                    + s.get("window_end_ms").asLong() + "]=" + s.get("n").asLong() + "/" + s.get("sum").asDouble() + "/"
                    + s.get("users").asLong()).containsExactlyInAnyOrder("a[0,50000]=3/6.0/3", "b[100000,100000]=1/1.0/1");
            assertThat(d.read("late")).hasSize(1);
            assertThat(d.droppedByKafkaStreams()).isZero();
        }
    }

    @Test
    void slidingWindowsHoldExactlyTheEventsBetweenTheirBounds() throws Exception {
        String config = config("{type: sliding, size: 10s}", "update", "{name: sum, fn: sum, field: amount}");
        long[] times = {0, 4_000, 9_000, 15_000, 16_000, 30_000};
        try (Driver d = new Driver(config, state)) {
            for (int i = 0; i < times.length; i++) {
                d.send("k", event("a", i + 1, times[i]), 0);
            }
            List<JsonNode> windows = results(d);
            assertThat(windows).isNotEmpty();
            // The last update of each window must equal a count and sum over the events inside it.
            java.util.Map<String, JsonNode> last = new java.util.LinkedHashMap<>();
            windows.forEach(w -> last.put(w.get("window_start_ms").asLong() + "-" + w.get("window_end_ms").asLong(), w));
            for (JsonNode w : last.values()) {
                long start = w.get("window_start_ms").asLong();
                long end = w.get("window_end_ms").asLong();
                long count = 0;
                double sum = 0;
                for (int i = 0; i < times.length; i++) {
                    if (times[i] >= start && times[i] <= end) {
                        count++;
                        sum += i + 1;
                    }
                }
                assertThat(w.get("events").asLong()).as("events in [%d, %d]", start, end).isEqualTo(count);
                assertThat(w.get("sum").asDouble()).isEqualTo(sum);
            }
            assertThat(last).containsKeys("0-10000", "6000-16000", "20000-30000");
        }
    }

    @Test
    void percentilesAndDistinctCountsStayWithinTheirSketchesErrorBounds() throws Exception {
        String config = config("{type: tumbling, size: 1h}", "final", "{name: p, fn: percentiles, field: amount, "
                + "ranks: [0.5, 0.95, 0.99]}", "{name: users, fn: distinct, field: user}");
        Random random = new Random(3);
        int n = 20_000;
        double[] amounts = new double[n];
        Set<String> users = new HashSet<>();
        try (Driver d = new Driver(config, state)) {
            for (int i = 0; i < n; i++) {
                amounts[i] = Math.round(random.nextDouble() * 1_000_000) / 100.0;
                String user = "user-" + random.nextInt(5_000);
                users.add(user);
                d.send("k", "{\"type\": \"a\", \"amount\": " + amounts[i] + ", \"ts\": " + i + ", \"user\": \"" + user
                        + "\"}", 0);
            }
            d.advanceWallClock(10_000_000).send("k", event("z", 0, 10_000_000), 0);
            JsonNode w = results(d).get(0);
            Arrays.sort(amounts);
            for (String p : List.of("p50", "p95", "p99")) {
                double value = w.get("p").get(p).asDouble();
                double rank = (double) Math.abs(Arrays.binarySearch(amounts, value)) / n;
                double expected = Double.parseDouble(p.substring(1)) / 100;
                assertThat(rank).as(p).isCloseTo(expected, within(0.02));   // KLL k=200: ~1.65% rank error
            }
            assertThat(w.get("users").asDouble()).isCloseTo(users.size(), within(users.size() * 0.05));
        }
    }

    @Test
    void eventsMissingTheGroupOrTimeOrWithAWrongTypeGoToTheDeadLetterTopic() {
        String config = config("{type: tumbling, size: 1m}", "final", "{name: sum, fn: sum, field: amount}");
        try (Driver d = new Driver(config, state)) {
            d.send("k", "{\"amount\": 1, \"ts\": 1}", 0).send("k", "{\"type\": \"a\", \"amount\": 1}", 0)
                    .send("k", "{\"type\": \"a\", \"amount\": \"ten\", \"ts\": 1}", 0).send("k", "[1, 2]", 0)
                    .send("k", "{\"type\": \"a\", \"ts\": 2}", 0).send("k", event("a", 1, 100_000), 0)
                    .send("k", event("a", 1, 3_600_000), 0);   // an hour ahead of the driver's clock (at 0)
            List<TestRecord<String, String>> dead = d.read("dlq");
            assertThat(dead).extracting(r -> Driver.header(r, "tributary.error.stage"))
                    .containsExactly("group", "time", "value", "parse", "time");
            List<String> messages = dead.stream().map(r -> Driver.header(r, "tributary.error.message")).toList();
            assertThat(messages.subList(0, 3)).containsExactly("field 'type' is missing", "field 'ts' is missing",
                    "field 'amount' of aggregation 'sum' is not a number");
            assertThat(messages.get(3)).startsWith("the value is not a JSON object");
            assertThat(messages.get(4)).isEqualTo("event time is more than 55 minutes ahead of the clock");
            assertThat(dead.get(0).value()).isEqualTo("{\"amount\": 1, \"ts\": 1}");
            assertThat(dead).allSatisfy(r -> assertThat(Driver.header(r, "tributary.original.topic")).isEqualTo("events"));
            JsonNode w = results(d).get(0);
            assertThat(w.get("events").asLong()).as("an event without the amount still counts").isEqualTo(1);
            assertThat(w.get("sum").asDouble()).isEqualTo(0.0);
        }
    }

    @Test
    void anIdlePartitionClosesItsWindowsAfterTheWallClockTimeoutAndLaterEventsForThemAreLate() {
        String config = config("{type: tumbling, size: 1m, grace: 10s, idle.close: 30s}", "final",
                "{name: n, fn: count}");
        try (Driver d = new Driver(config, state)) {
            d.send("k", event("a", 1, 10_000), 0).send("k", event("b", 2, 20_000), 0);
            d.advanceWallClock(20_000);
            assertThat(results(d)).as("not idle for long enough yet").isEmpty();
            d.advanceWallClock(11_000);
            List<JsonNode> closed = results(d);
            assertThat(closed).extracting(r -> r.get("type").asText()).containsExactlyInAnyOrder("a", "b");
            assertThat(closed).allSatisfy(r -> assertThat(r.get("events").asLong()).isEqualTo(1));
            assertThat(closed).allSatisfy(r -> assertThat(r.get("window_end_ms").asLong()).isEqualTo(60_000));
            d.advanceWallClock(60_000);
            assertThat(results(d)).as("one close per idle spell, and the tick's own window is never emitted").isEmpty();

            d.send("k", event("a", 5, 40_000), 0);   // its window was emitted: late, not a second result
            assertThat(d.read("late")).hasSize(1);
            d.send("k", event("a", 7, 130_000), 0);  // a later window is open as usual
            d.advanceWallClock(31_000);
            List<JsonNode> next = results(d);
            assertThat(next).hasSize(1);
            assertThat(next.get(0).get("window_start_ms").asLong()).isEqualTo(120_000);
            assertThat(next.get(0).get("n").asLong()).isEqualTo(1);
            assertThat(d.droppedByKafkaStreams()).isZero();
        }
    }

    @Test
    void idleCloseEmitsEveryHoppingWindowAndOpenSessions() {
        try (Driver d = new Driver(config("{type: hopping, size: 5m, advance: 1m, grace: 0s, idle.close: 10s}",
                "final", "{name: n, fn: count}"), state)) {
            d.send("k", event("a", 1, 600_000), 0);
            d.advanceWallClock(10_000);
            assertThat(results(d)).extracting(r -> r.get("window_start_ms").asLong())
                    .containsExactlyInAnyOrder(360_000L, 420_000L, 480_000L, 540_000L, 600_000L);
        }
        try (Driver d = new Driver(config("{type: session, gap: 30m, grace: 1m, idle.close: 1m}", "final",
                "{name: n, fn: count}"), state.resolve("sessions"), java.time.Instant.ofEpochMilli(3_000_000))) {
            // Event times far enough from the epoch (Kafka's cached session store fails on sessions whose search
            // range reaches before it), and a wall clock near them, as in life: idle close never moves stream time
            // more than 55 minutes past the clock.
            d.send("k", event("a", 1, 2_400_000), 0).send("k", event("a", 2, 3_000_000), 0)
                    .send("k", event("b", 2, 2_970_000), 0);
            d.advanceWallClock(59_000);
            assertThat(results(d)).isEmpty();
            d.advanceWallClock(2_000);
            List<JsonNode> sessions = results(d);
            assertThat(sessions).extracting(r -> r.get("type").asText() + ":" + r.get("events").asLong())
                    .containsExactlyInAnyOrder("a:2", "b:1");
        }
    }

    @Test
    void aWhereConditionKeepsOnlyMatchingEventsInTheWindows() {
        String config = config("{type: tumbling, size: 1m}", "final", "{name: n, fn: count}")
                .replace("    time.field: ts\n", "    time.field: ts\n    where: {field: amount, op: \">\", value: 10}\n");
        try (Driver d = new Driver(config, state)) {
            d.send("k", event("a", 5, 1_000), 0).send("k", event("a", 50, 2_000), 0).send("k", event("a", 500, 3_000), 0)
                    .send("k", event("z", 11, 61_000), 0);
            List<JsonNode> out = results(d);
            assertThat(out).hasSize(1);
            assertThat(out.get(0).get("n").asLong()).isEqualTo(2);
            assertThat(d.read("dlq")).isEmpty();
        }
    }

    @Test
    void resultsWithTheirSchemaBecomeTypedStructsThroughConnectsJsonConverter() {
        String config = config("{type: tumbling, size: 1m}", "final", "{name: n, fn: count}",
                "{name: sum, fn: sum, field: amount}", "{name: p, fn: percentiles, field: amount, ranks: [0.5, 0.999]}",
                "{name: users, fn: distinct, field: user}", "{name: last, fn: last, field: user}")
                .replace("    emit: final\n", "    emit: final\n    output.format: json-with-schema\n");
        try (Driver d = new Driver(config, state);
             org.apache.kafka.connect.json.JsonConverter converter = new org.apache.kafka.connect.json.JsonConverter()) {
            converter.configure(java.util.Map.of("schemas.enable", "true"), false);
            d.send("k", event("a", 2, 1_000), 0).send("k", event("a", 4, 2_000), 0).send("k", event("z", 1, 61_000), 0);
            List<TestRecord<String, String>> out = d.read("results");
            assertThat(out).hasSize(1);
            var value = converter.toConnectData("results", out.get(0).value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            org.apache.kafka.connect.data.Struct struct = (org.apache.kafka.connect.data.Struct) value.value();
            struct.validate();
            assertThat(struct.getString("type")).isEqualTo("a");
            assertThat(struct.getInt64("window_start_ms")).isEqualTo(0L);
            assertThat(struct.getInt64("n")).isEqualTo(2L);
            assertThat(struct.getFloat64("sum")).isEqualTo(6.0);
            assertThat(struct.getStruct("p").getFloat64("p50")).isEqualTo(2.0);
            assertThat(struct.getStruct("p").schema().field("p99.9")).isNotNull();
            assertThat(struct.getInt64("users")).isEqualTo(2L);
            assertThat(struct.getString("last")).isEqualTo("u4");
            assertThat(struct.getInt64("late_events")).isZero();
        }
    }
}
