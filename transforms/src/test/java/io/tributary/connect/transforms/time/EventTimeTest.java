package io.tributary.connect.transforms.time;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tributary.connect.transforms.Records.header;
import static io.tributary.connect.transforms.Records.map;
import io.tributary.connect.transforms.Records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTimeTest {

    private static EventTime<SourceRecord> value(Map<String, String> config) {
        EventTime<SourceRecord> transform = new EventTime.Value<>();
        transform.configure(config);
        return transform;
    }

    @Test
    void everyKeyIsDocumented() {
        ConfigDefAssertions.assertFullyDocumented(EventTime.CONFIG_DEF);
    }

    @Test
    void setsTheTimestampFromAnIsoFieldOfAMap() {
        SourceRecord out = value(Map.of("timestamp.field", "ts")).apply(Records.value(map("ts", "2026-01-02T03:04:05.678Z")));
        assertThat(out.timestamp()).isEqualTo(1767323045678L);
    }

    @Test
    void readsEpochUnitsPatternsAndZonesFromNestedFields() {
        assertThat(value(Map.of("timestamp.field", "meta.t", "timestamp.format", "epoch-seconds"))
                .apply(Records.value(map("meta", map("t", 1_700_000_000L)))).timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(value(Map.of("timestamp.field", "t", "timestamp.format", "epoch-micros"))
                .apply(Records.value(map("t", "1700000000123456"))).timestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(value(Map.of("timestamp.field", "t", "timestamp.format", "epoch-seconds"))
                .apply(Records.value(map("t", 1.5))).timestamp()).isEqualTo(1_500L);
        assertThat(value(Map.of("timestamp.field", "t", "timestamp.format", "pattern", "timestamp.pattern",
                "dd/MM/yyyy HH:mm", "timestamp.zone", "Europe/Berlin"))
                .apply(Records.value(map("t", "01/07/2026 12:00"))).timestamp()).isEqualTo(1782900000000L);
    }

    @Test
    void readsAConnectTimestampFieldOfAStructKey() {
        Schema schema = SchemaBuilder.struct().field("at", Timestamp.SCHEMA).build();
        EventTime<SourceRecord> transform = new EventTime.Key<>();
        transform.configure(Map.of("timestamp.field", "at"));
        SourceRecord out = transform.apply(Records.key(schema, new Struct(schema).put("at", new java.util.Date(42L))));
        assertThat(out.timestamp()).isEqualTo(42L);
    }

    @Test
    void anUnreadableTimeFailsByDefaultNamingTheFieldNotTheValue() {
        assertThatThrownBy(() -> value(Map.of("timestamp.field", "ts")).apply(Records.value(map("ts", "yesterday-ish"))))
                .isInstanceOf(DataException.class).hasMessage("No event time: field 'ts' is not an ISO-8601 timestamp");
        assertThatThrownBy(() -> value(Map.of("timestamp.field", "ts")).apply(Records.value(map("other", 1))))
                .hasMessage("No event time: field 'ts' is missing");
    }

    @Test
    void anUnreadableTimeCanKeepTheIngestionTimeOrBeRouted() {
        SourceRecord kept = value(Map.of("timestamp.field", "ts", "on.invalid", "ingestion-time"))
                .apply(Records.value(map("ts", "nope")));
        assertThat(kept.timestamp()).isEqualTo(1_000L);
        assertThat(header(kept, "tributary.event.time.invalid")).contains("ts");
        SourceRecord routed = value(Map.of("timestamp.field", "ts", "on.invalid", "route", "dlq.topic", "late-${topic}"))
                .apply(Records.value(map("ts", "nope")));
        assertThat(routed.topic()).isEqualTo("late-events");
        assertThat(header(routed, ErrorHeaders.ERROR_STAGE)).isEqualTo("event-time");
    }

    @Test
    void addsIngestionMetadataAsFieldsOrHeaders() {
        SourceRecord fields = value(Map.of("metadata.mode", "fields", "metadata.source", "file-source",
                "metadata.pipeline.id", "demo")).apply(Records.value(map("a", 1)));
        Map<?, ?> meta = (Map<?, ?>) ((Map<?, ?>) fields.value()).get("_ingest");
        assertThat(meta.get("source")).isEqualTo("file-source");
        assertThat(meta.get("pipeline")).isEqualTo("demo");
        assertThat((Long) meta.get("time")).isPositive();

        Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        SourceRecord struct = value(Map.of("metadata.mode", "fields", "metadata.field", "meta"))
                .apply(Records.value(schema, new Struct(schema).put("a", 1)));
        ((Struct) struct.value()).validate();
        assertThat(((Struct) struct.value()).getStruct("meta").get("time")).isInstanceOf(java.util.Date.class);

        SourceRecord headers = value(Map.of("metadata.mode", "headers", "metadata.source", "s"))
                .apply(Records.value(map("a", 1)));
        assertThat(header(headers, EventTime.HEADER_SOURCE)).isEqualTo("s");
        assertThat(header(headers, EventTime.HEADER_INGEST_TIME)).matches("\\d+");
    }

    @Test
    void badConfigValuesAreReportedWithTheirKeys() {
        ConfigDef def = EventTime.CONFIG_DEF;
        assertThat(def.validate(Map.of("timestamp.field", "a..b", "timestamp.zone", "Moon/Base", "timestamp.pattern",
                "yyyy-{{", "dlq.topic", "x-${oops")).stream().filter(v -> !v.errorMessages().isEmpty())
                .map(org.apache.kafka.common.config.ConfigValue::name))
                .containsExactlyInAnyOrder("timestamp.field", "timestamp.zone", "timestamp.pattern", "dlq.topic");
    }
}
