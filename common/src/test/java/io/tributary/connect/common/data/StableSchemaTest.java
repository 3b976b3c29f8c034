package io.tributary.connect.common.data;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StableSchemaTest {

    private static List<JsonNode> page(String... records) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String r : records) {
            try {
                nodes.add(JsonData.MAPPER.readTree(r));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        return nodes;
    }

    @Test
    void aPageThatFitsKeepsTheVerySameSchemaObject() {
        StableSchema stable = new StableSchema(null, "r");
        Schema first = stable.fit(page("{\"id\":1,\"name\":\"a\"}", "{\"id\":2,\"name\":\"b\"}")).schema();
        StableSchema.Fit second = stable.fit(page("{\"id\":3}", "{\"name\":\"c\",\"id\":4}", "{\"id\":null}"));
        assertThat(second.schema()).isSameAs(first);
        assertThat(second.changed()).isFalse();
        assertThat(second.problems()).containsOnlyNulls();
        assertThat(stable.changes()).isZero();
    }

    @Test
    void aNewFieldIsAddedOptionalAtTheEndTypedFromThePage() {
        StableSchema stable = new StableSchema(null, "r");
        Schema first = stable.fit(page("{\"id\":1}")).schema();
        StableSchema.Fit fit = stable.fit(page("{\"id\":2,\"score\":1}", "{\"id\":3,\"score\":2.5}",
                "{\"id\":4,\"tags\":[\"x\"]}", "{\"id\":5,\"where\":{\"lat\":1.5}}"));
        assertThat(fit.changed()).isTrue();
        Schema s = fit.schema();
        assertThat(s).isNotSameAs(first);
        assertThat(s.name()).isEqualTo("r");
        assertThat(s.fields()).extracting(f -> f.name()).containsExactly("id", "score", "tags", "where");
        assertThat(s.field("score").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);   // int and fraction on the page
        assertThat(s.field("tags").schema().valueSchema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(s.field("where").schema().isOptional()).isTrue();
        assertThat(s.field("where").schema().field("lat").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(s.fields()).allMatch(f -> f.schema().isOptional());
        assertThat(stable.changes()).isEqualTo(1);
        // The same shapes again: no change.
        assertThat(stable.fit(page("{\"id\":6,\"score\":3}", "{\"where\":{}}")).schema()).isSameAs(s);
    }

    @Test
    void aFieldSeenOnlyAsNullIsAnOptionalStringAndTakesAnyValueLater() {
        StableSchema stable = new StableSchema(null, "r");
        Schema first = stable.fit(page("{\"id\":1,\"note\":null}")).schema();
        assertThat(first.field("note").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        StableSchema.Fit fit = stable.fit(page("{\"id\":2,\"note\":5}", "{\"id\":3,\"note\":{\"a\":1}}"));
        assertThat(fit.schema()).isSameAs(first);
        assertThat(fit.problems()).containsOnlyNulls();
        Object converted = JsonData.toConnect(first, page("{\"note\":{\"a\":1}}").get(0));
        assertThat(((org.apache.kafka.connect.data.Struct) converted).getString("note")).isEqualTo("{\"a\":1}");
    }

    @Test
    void integersWidenStepByStepThenToFloat64() {
        Schema declared = SchemaBuilder.struct().name("r")
                .field("n", SchemaBuilder.int32().optional().build())
                .field("small", SchemaBuilder.int8().build()).build();
        StableSchema stable = new StableSchema(declared, "r");
        assertThat(stable.fit(page("{\"n\":2147483647,\"small\":1}")).schema()).isSameAs(declared);
        Schema wider = stable.fit(page("{\"n\":2147483648,\"small\":300}")).schema();
        assertThat(wider.field("n").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(wider.field("n").schema().isOptional()).isTrue();
        assertThat(wider.field("small").schema().type()).isEqualTo(Schema.Type.INT16);
        assertThat(wider.field("small").schema().isOptional()).isFalse();
        Schema widest = stable.fit(page("{\"n\":0.5,\"small\":1}")).schema();
        assertThat(widest.field("n").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        // Never narrowed back.
        assertThat(stable.fit(page("{\"n\":1,\"small\":1}")).schema()).isSameAs(widest);
        assertThat(stable.changes()).isEqualTo(2);
    }

    @Test
    void anIncompatibleRecordIsReportedAndTheSchemaKept() {
        StableSchema stable = new StableSchema(null, "r");
        Schema first = stable.fit(page("{\"id\":1,\"where\":{\"lat\":1.5},\"ok\":true}")).schema();
        StableSchema.Fit fit = stable.fit(page(
                "{\"id\":2,\"where\":\"Paris\"}",        // a string where a struct was
                "{\"id\":\"three\"}",                    // a string where an integer was
                "{\"id\":4,\"ok\":1}",                   // a number where a boolean was
                "{\"id\":5,\"where\":{\"lat\":2}}",      // fits
                "[1,2]"));                               // not an object
        assertThat(fit.schema()).isSameAs(first);
        assertThat(fit.changed()).isFalse();
        assertThat(fit.problem(0)).contains("field 'where' is a struct in the schema but a JSON string")
                .contains("incompatible");
        assertThat(fit.problem(1)).contains("field 'id' is an integer (int64) in the schema but a JSON string");
        assertThat(fit.problem(2)).contains("field 'ok' is a boolean in the schema but a JSON number");
        assertThat(fit.problem(3)).isNull();
        assertThat(fit.problem(4)).contains("not a JSON object");
    }

    @Test
    void anIncompatibleRecordDoesNotStopTheOthersFromWidening() {
        StableSchema stable = new StableSchema(null, "r");
        stable.fit(page("{\"id\":1}"));
        StableSchema.Fit fit = stable.fit(page("{\"id\":\"x\",\"extra\":1}", "{\"id\":2,\"other\":\"y\"}"));
        assertThat(fit.problem(0)).isNotNull();
        assertThat(fit.problem(1)).isNull();
        // The rejected record's new field is not added: only what went out shapes the schema.
        assertThat(fit.schema().fields()).extracting(f -> f.name()).containsExactly("id", "other");
    }

    @Test
    void aRequiredFieldMissingIsIncompatible() {
        Schema declared = SchemaBuilder.struct().name("r").field("id", Schema.INT64_SCHEMA).build();
        StableSchema stable = new StableSchema(declared, "r");
        StableSchema.Fit fit = stable.fit(page("{\"name\":\"a\"}"));
        assertThat(fit.problem(0)).contains("field 'id' is required");
        assertThat(fit.schema()).isSameAs(declared);
    }

    @Test
    void arraysWidenTheirElementsAndNestedStructsTheirFields() {
        StableSchema stable = new StableSchema(null, "r");
        Schema first = stable.fit(page("{\"xs\":[1,2],\"items\":[{\"a\":1}]}")).schema();
        Schema next = stable.fit(page("{\"xs\":[1.5],\"items\":[{\"a\":1,\"b\":\"x\"}]}")).schema();
        assertThat(next).isNotSameAs(first);
        assertThat(next.field("xs").schema().valueSchema().type()).isEqualTo(Schema.Type.FLOAT64);
        Schema item = next.field("items").schema().valueSchema();
        assertThat(item.fields()).extracting(f -> f.name()).containsExactly("a", "b");
        assertThat(item.field("b").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        StableSchema.Fit bad = stable.fit(page("{\"items\":[\"not a struct\"]}"));
        assertThat(bad.problem(0)).contains("field 'items[0]' is a struct");
    }

    @Test
    void logicalTypesFitOnlyWhatTheyRead() {
        Schema declared = SchemaBuilder.struct().name("r")
                .field("at", org.apache.kafka.connect.data.Timestamp.builder().optional().build()).build();
        StableSchema stable = new StableSchema(declared, "r");
        StableSchema.Fit fit = stable.fit(page("{\"at\":\"2026-01-01T00:00:00Z\"}", "{\"at\":\"yesterday\"}"));
        assertThat(fit.problem(0)).isNull();
        assertThat(fit.problem(1)).contains("field 'at'");
        assertThat(fit.schema()).isSameAs(declared);
    }

    @Test
    void oneRecordAtATimeKeepsTheSameObjectAndWidensOnlyForANewFieldOrAWiderNumber() throws Exception {
        StableSchema stable = new StableSchema(null, "r");
        Schema first = stable.fit(JsonData.MAPPER.readTree("{\"id\":1,\"name\":\"a\"}"));
        assertThat(first.fields()).extracting(f -> f.name()).containsExactly("id", "name");
        assertThat(stable.fit(JsonData.MAPPER.readTree("{\"name\":\"b\",\"id\":2}"))).isSameAs(first);
        assertThat(stable.fit(JsonData.MAPPER.readTree("{\"id\":null}"))).isSameAs(first);
        Schema added = stable.fit(JsonData.MAPPER.readTree("{\"id\":3,\"tags\":[\"x\"]}"));
        assertThat(added.fields()).extracting(f -> f.name()).containsExactly("id", "name", "tags");
        Schema wider = stable.fit(JsonData.MAPPER.readTree("{\"id\":3.5}"));
        assertThat(wider.field("id").schema()).isEqualTo(Schema.OPTIONAL_FLOAT64_SCHEMA);
        assertThat(stable.changes()).isEqualTo(2);
        assertThat(stable.current()).isSameAs(wider);
    }

    @Test
    void oneRecordNeedingAnIncompatibleChangeIsRefusedNamingTheFieldAndTheSchemaStays() throws Exception {
        StableSchema stable = new StableSchema(null, "r");
        Schema first = stable.fit(JsonData.MAPPER.readTree("{\"id\":1,\"geo\":{\"lat\":1.5}}"));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> stable.fit(JsonData.MAPPER.readTree("{\"id\":2,\"geo\":{\"lat\":\"north\"}}")))
                .isInstanceOf(StableSchema.NotFitting.class)
                .isInstanceOf(org.apache.kafka.connect.errors.DataException.class)
                .hasMessageStartingWith("field 'geo.lat' is a float64 in the schema but a JSON string in this record")
                .hasMessageNotContaining("north");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> stable.fit(JsonData.MAPPER.readTree("[1]")))
                .isInstanceOf(StableSchema.NotFitting.class).hasMessageContaining("not a JSON object");
        assertThat(stable.current()).isSameAs(first);
        assertThat(stable.changes()).isZero();
    }

    @Test
    void csvRowsAreTypedAsInferenceTypesTheirCells() {
        JsonNode row = SchemaInference.ofCsvRow(List.of("a", "b", "c", "d", "e", "f"),
                List.of("", "TRUE", "-12", "2.5", "007x", "9"));
        assertThat(row.get("a").isNull()).isTrue();
        assertThat(row.get("b").booleanValue()).isTrue();
        assertThat(row.get("c").longValue()).isEqualTo(-12L);
        assertThat(row.get("d").doubleValue()).isEqualTo(2.5);
        assertThat(row.get("e").textValue()).isEqualTo("007x");
        assertThat(row.get("f").isIntegralNumber()).isTrue();
        assertThat(SchemaInference.ofJsonObjects(List.of(row), "r"))
                .isEqualTo(SchemaInference.ofCsvColumns(List.of("a", "b", "c", "d", "e", "f"),
                        List.of(List.of("", "TRUE", "-12", "2.5", "007x", "9")), "r"));
    }
}
