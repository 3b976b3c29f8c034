package io.tributary.launcher.dlq;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The record a replay sends for a dead letter, and the names of its progress. */
class ReplayTest {

    @Test
    void keepsKeyValueTimestampAndProvenanceMovesTheErrorAsideAndSaysWhereItCameFrom() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("tributary.source.file", utf8("/in/a.jsonl"));
        headers.add("tributary.error.stage", utf8("parse"));
        headers.add("tributary.error.class", utf8("com.fasterxml.jackson.core.JsonParseException"));
        headers.add("__connect.errors.topic", utf8("orders-raw"));
        ConsumerRecord<byte[], byte[]> dead = new ConsumerRecord<>("orders-dlq", 1, 17, 1_700_000_000_000L,
                TimestampType.CREATE_TIME, 3, 5, utf8("k"), utf8("value"), headers, Optional.empty());

        ProducerRecord<byte[], byte[]> replayed = Replay.replayed(dead, "orders-raw", "run-1", "2026-12-07T14:00:00Z");

        assertThat(replayed.topic()).isEqualTo("orders-raw");
        assertThat(replayed.key()).isEqualTo(utf8("k"));
        assertThat(replayed.value()).isEqualTo(utf8("value"));
        assertThat(replayed.timestamp()).isEqualTo(1_700_000_000_000L);
        Map<String, String> out = new LinkedHashMap<>();
        for (Header header : replayed.headers()) {
            out.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(out).containsExactly(
                Map.entry("tributary.source.file", "/in/a.jsonl"),
                Map.entry("tributary.replay.error.stage", "parse"),
                Map.entry("tributary.replay.error.class", "com.fasterxml.jackson.core.JsonParseException"),
                Map.entry("__connect.errors.topic", "orders-raw"),
                Map.entry("tributary.replay.time", "2026-12-07T14:00:00Z"),
                Map.entry("tributary.replay.source.topic", "orders-dlq"),
                Map.entry("tributary.replay.source.partition", "1"),
                Map.entry("tributary.replay.source.offset", "17"),
                Map.entry("tributary.replay.run", "run-1"));
    }

    @Test
    void progressIsPerSelectionAndTheTransactionPerSourceAndTarget() {
        HeaderFilter uk = HeaderFilter.parse("shop=uk");
        HeaderFilter stage = HeaderFilter.parse("tributary.error.stage=validate");

        assertThat(Replay.groupId("d", "raw", List.of())).isEqualTo("tributary-dlq-replay.d.to.raw");
        assertThat(Replay.groupId("d", "raw", List.of(uk, stage)))
                .isEqualTo(Replay.groupId("d", "raw", List.of(stage, uk)))
                .startsWith("tributary-dlq-replay.d.to.raw.where-")
                .isNotEqualTo(Replay.groupId("d", "raw", List.of(uk)));
        assertThat(Replay.transactionalId("d", "raw")).isEqualTo("tributary-dlq-replay.d.to.raw");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
