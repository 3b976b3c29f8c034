package io.tributary.connect.transforms.headers;

import io.tributary.connect.transforms.Records;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.HoistField;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderToFieldTest {

    private static HeaderToField.Value<SinkRecord> transform(String headers, String fields) {
        HeaderToField.Value<SinkRecord> t = new HeaderToField.Value<>();
        t.configure(Map.of("headers", headers, "fields", fields));
        return t;
    }

    /** A dead letter as a sink with StringConverter reads it: the raw line as text, its error headers. */
    private static SinkRecord deadLetter(String raw) {
        SinkRecord record = new SinkRecord("dlq", 0, null, null, Schema.OPTIONAL_STRING_SCHEMA, raw, 7);
        record.headers().addString("tributary.error.stage", "parse");
        record.headers().addString("tributary.error.message", "Unexpected end-of-input");
        record.headers().addLong("tributary.error.timestamp", 1_765_000_000_000L);
        return record;
    }

    @Test
    void aHoistedDeadLetterGetsItsErrorHeadersAsStringFieldsEvenThoughItIsADeadLetter() {
        HoistField.Value<SinkRecord> hoist = new HoistField.Value<>();
        hoist.configure(Map.of("field", "payload"));
        try (HeaderToField.Value<SinkRecord> t = transform(
                "tributary.error.stage,tributary.error.message,tributary.error.timestamp,tributary.source.remote",
                "error_stage,error_message,error_timestamp,source_remote")) {
            SinkRecord out = t.apply(hoist.apply(deadLetter("{\"eventId\":\"e-1\",")));
            Struct value = (Struct) out.value();
            assertThat(value.getString("payload")).isEqualTo("{\"eventId\":\"e-1\",");
            assertThat(value.getString("error_stage")).isEqualTo("parse");
            assertThat(value.getString("error_message")).isEqualTo("Unexpected end-of-input");
            assertThat(value.getString("error_timestamp")).isEqualTo("1765000000000");
            assertThat(value.getString("source_remote")).as("a header the record lacks").isNull();
            assertThat(out.valueSchema().fields()).extracting(f -> f.name() + ":" + f.schema().type()
                    + (f.schema().isOptional() ? "?" : "")).containsExactly("payload:STRING?", "error_stage:STRING?",
                    "error_message:STRING?", "error_timestamp:STRING?", "source_remote:STRING?");
            assertThat(out.headers().lastWithName("tributary.error.stage").value()).as("headers stay").isEqualTo("parse");
        }
    }

    @Test
    void everyRecordOfOneInputSchemaGetsOneOutputSchemaWhicheverHeadersItCarries() {
        HoistField.Value<SinkRecord> hoist = new HoistField.Value<>();
        hoist.configure(Map.of("field", "payload"));
        try (HeaderToField.Value<SinkRecord> t = transform("tributary.error.stage", "error_stage")) {
            SinkRecord with = t.apply(hoist.apply(deadLetter("a")));
            SinkRecord without = t.apply(hoist.apply(new SinkRecord("dlq", 0, null, null, Schema.OPTIONAL_STRING_SCHEMA,
                    "b", 8)));
            assertThat(without.valueSchema()).isSameAs(with.valueSchema());
        }
    }

    @Test
    void mapsGetTheFieldsWithoutTheInputBeingChanged() {
        Map<String, Object> original = map("id", "e-1");
        SourceRecord record = Records.value(original);
        record.headers().addBytes("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        record.headers().addInt("attempt", 3);
        HeaderToField.Value<SourceRecord> t = new HeaderToField.Value<>();
        t.configure(Map.of("headers", "trace,attempt,missing", "fields", "meta.trace,attempt,missing"));
        SourceRecord out = t.apply(record);
        assertThat(out.value()).isEqualTo(map("id", "e-1", "meta", map("trace", "t-1"), "attempt", "3", "missing", null));
        assertThat(original).containsOnlyKeys("id");
    }

    @Test
    void aValueThatHasNoFieldsIsRefusedSayingToWrapItFirst() {
        try (HeaderToField.Value<SinkRecord> t = transform("tributary.error.stage", "error_stage")) {
            assertThatThrownBy(() -> t.apply(deadLetter("raw text"))).isInstanceOf(DataException.class)
                    .hasMessage("HeaderToField needs a Struct or map value; this record's is a String (wrap it into a "
                            + "field first, e.g. with HoistField)");
        }
    }

    @Test
    void oneFieldPerHeaderIsRequired() {
        assertThatThrownBy(() -> transform("a,b", "x")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("names 1 fields for 2 headers");
        assertThat(new HeaderToField.Value<SinkRecord>().config().validate(Map.of("headers", "", "fields", "x")))
                .filteredOn(v -> v.name().equals("headers")).flatExtracting(v -> v.errorMessages()).isNotEmpty();
    }

    @Test
    void aTombstoneStaysATombstoneWithOrWithoutASchema() {
        try (HeaderToField.Value<SinkRecord> t = transform("tributary.error.stage", "error_stage")) {
            SinkRecord schemaless = new SinkRecord("dlq", 0, null, "k", null, null, 7);
            schemaless.headers().addString("tributary.error.stage", "parse");
            assertThat(t.apply(schemaless)).isSameAs(schemaless);
            Schema struct = org.apache.kafka.connect.data.SchemaBuilder.struct().optional()
                    .field("payload", Schema.OPTIONAL_STRING_SCHEMA).build();
            SinkRecord typed = new SinkRecord("dlq", 0, null, "k", struct, null, 8);
            typed.headers().addString("tributary.error.stage", "parse");
            SinkRecord out = t.apply(typed);
            assertThat(out.value()).isNull();
            assertThat(out.valueSchema()).isSameAs(struct);
        }
    }

    @Test
    void aRecordWithoutAKeyKeepsItsNullKey() {
        try (HeaderToField.Key<SinkRecord> t = new HeaderToField.Key<>()) {
            t.configure(Map.of("headers", "trace", "fields", "trace"));
            SinkRecord record = new SinkRecord("t", 0, null, null, null, map("id", "e-1"), 7);
            record.headers().addString("trace", "t-1");
            SinkRecord out = t.apply(record);
            assertThat(out.key()).isNull();
            assertThat(out.keySchema()).isNull();
            assertThat(out.value()).isEqualTo(map("id", "e-1"));
        }
    }
}
