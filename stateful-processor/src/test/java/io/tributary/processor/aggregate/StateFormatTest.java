package io.tributary.processor.aggregate;

import io.tributary.processor.compat.StateCompatFixture;
import io.tributary.processor.compat.StateCompatFixture.Stored;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The serialized state of release {@value StateCompatFixture#RELEASE} (the fixture in
 * {@code src/test/resources/state-compat/}) read by today's serdes: each record decodes to what the fixture's input
 * made, and encodes back to the very same bytes. A failure here means a serde's format changed: the processor could
 * no longer restore state (or read repartitioned records) written by that release. Change the format only with a
 * migration or a new application.id (docs/processor.md, "Upgrades and state compatibility").
 */
class StateFormatTest {

    private static final JobSpec.Aggregate COUNTS = (JobSpec.Aggregate) ProcessorConfig.parse(
            StateCompatFixture.configYaml(), "processor.yaml").jobs().get(1);
    private static final long WINDOW = StateCompatFixture.WINDOW_START;

    @Test
    void dedupChangelogKeysAreIdEventTimeAndSequenceWithTheEventTimeAsValue() {
        List<Stored> records = StateCompatFixture.records("dedup-seen-ids-changelog");
        List<String> ids = new ArrayList<>();
        for (Stored r : records) {
            ByteBuffer key = ByteBuffer.wrap(r.key());
            byte[] id = new byte[r.key().length - 12];
            key.get(id);
            long time = key.getLong();
            assertThat(key.getInt()).as("sequence number").isZero();
            ids.add(new String(id, StandardCharsets.UTF_8));
            assertThat(Serdes.Long().deserializer().deserialize("t", r.value())).isEqualTo(time);
            assertThat(Serdes.Long().serializer().serialize("t", time)).isEqualTo(r.value());
            assertThat(time).isEqualTo(r.timestamp());
        }
        assertThat(ids).containsExactly("f-1", "f-2", "f-3", "f-4", "f-5", "f-6", "f-7");
        assertThat(records.get(0).timestamp()).isEqualTo(WINDOW + 1_000);
    }

    @Test
    void windowStoreChangelogValuesReadAsTheFixturesAggregatesAndWriteBackIdentically() {
        Serde<Accumulator> serde = Accumulator.serde(COUNTS.aggregations());
        List<Stored> records = StateCompatFixture.records("counts-windows-changelog");
        assertThat(records).hasSize(7);
        for (Stored r : records) {
            Accumulator acc = serde.deserializer().deserialize("t", r.value());
            assertThat(serde.serializer().serialize("t", acc)).as("re-encoded").isEqualTo(r.value());
            ByteBuffer key = ByteBuffer.wrap(r.key());
            byte[] group = new byte[r.key().length - 12];
            key.get(group);
            assertThat(key.getLong()).as("window start").isEqualTo(WINDOW);
            assertThat(key.getInt()).as("sequence number").isZero();
            assertThat(new String(group, StandardCharsets.UTF_8)).isIn("[\"payment\"]", "[\"refund\"]");
        }
        Accumulator payments = serde.deserializer().deserialize("t", last(records, "[\"payment\"]").value());
        assertThat(payments.events).isEqualTo(5);
        assertThat(results(payments)).containsExactly(5L, 850.0, 3L, Map.of("p50", 125.0), "u-1");
        Accumulator refunds = serde.deserializer().deserialize("t", last(records, "[\"refund\"]").value());
        assertThat(results(refunds)).containsExactly(2L, 100.0, 2L, Map.of("p50", 40.0), "u-1");
    }

    @Test
    void repartitionedObservationsReadAsTheFixturesEventsAndWriteBackIdentically() {
        Serde<Observation> serde = Observation.serde();
        List<Long> times = new ArrayList<>();
        for (Stored r : StateCompatFixture.records("counts-by-group-repartition")) {
            Observation o = serde.deserializer().deserialize("t", r.value());
            assertThat(serde.serializer().serialize("t", o)).as("re-encoded").isEqualTo(r.value());
            assertThat(o.deadLetter).isFalse();
            times.add(o.time);
        }
        // Seven distinct events (the repeat of f-2 was dropped by dedup), three seconds apart from the second 1.
        assertThat(times).containsExactly(WINDOW + 1_000, WINDOW + 4_000, WINDOW + 7_000, WINDOW + 13_000,
                WINDOW + 16_000, WINDOW + 19_000, WINDOW + 22_000);
    }

    @Test
    void theSuppressionBufferStillHoldsTheAggregatesBytes() {
        // The buffer's own envelope is Kafka Streams' (version header v=3); inside it is our serde's value.
        List<Stored> buffer = StateCompatFixture.records("counts-final-store-changelog");
        Stored lastPayment = buffer.stream().filter(r -> new String(r.key(), 0, 11, StandardCharsets.UTF_8)
                .equals("[\"payment\"]")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastPayment.headers()).containsOnlyKeys("v");
        assertThat(lastPayment.headers().get("v")).containsExactly(3);
        byte[] aggregate = last(StateCompatFixture.records("counts-windows-changelog"), "[\"payment\"]").value();
        assertThat(indexOf(lastPayment.value(), aggregate)).as("the aggregate's bytes inside the buffer's value")
                .isNotNegative();
    }

    private static List<Object> results(Accumulator acc) {
        List<Object> out = new ArrayList<>();
        out.add(acc.events);
        for (int i = 1; i < COUNTS.aggregations().size(); i++) {
            out.add(acc.result(i));
        }
        return out;
    }

    private static Stored last(List<Stored> records, String group) {
        Stored found = null;
        for (Stored r : records) {
            if (new String(Arrays.copyOf(r.key(), r.key().length - 12), StandardCharsets.UTF_8).equals(group)) {
                found = r;
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
