package io.tributary.connect.common.data;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldPathTest {

    private static final Map<String, Object> ORDER = Map.of(
            "user", Map.of("id", "u1", "address", Map.of("zip", "10115")),
            "items", List.of(Map.of("sku", "a", "qty", 1L), Map.of("sku", "b", "qty", 2L)),
            "a.b", "dotted");

    @Test
    void readsNestedFieldsListElementsAndWildcardsFromMaps() {
        assertThat(FieldPath.parse("user.address.zip").get(ORDER)).isEqualTo("10115");
        assertThat(FieldPath.parse("items[1].sku").get(ORDER)).isEqualTo("b");
        assertThat(FieldPath.parse("items[*].qty").get(ORDER)).isEqualTo(List.of(1L, 2L));
        assertThat(FieldPath.parse("`a.b`").get(ORDER)).isEqualTo("dotted");
    }

    @Test
    void absentStepsGiveNullNotAnError() {
        assertThat(FieldPath.parse("user.phone").get(ORDER)).isNull();
        assertThat(FieldPath.parse("items[7].sku").get(ORDER)).isNull();
        assertThat(FieldPath.parse("user.id.deeper").get(ORDER)).isNull();
        assertThat(FieldPath.parse("anything").get(null)).isNull();
    }

    @Test
    void readsStructsAndTheirSchemas() {
        Schema address = SchemaBuilder.struct().field("zip", Schema.STRING_SCHEMA).build();
        Schema schema = SchemaBuilder.struct().field("address", address).build();
        Struct struct = new Struct(schema).put("address", new Struct(address).put("zip", "10115"));
        FieldPath zip = FieldPath.parse("address.zip");
        assertThat(zip.get(struct)).isEqualTo("10115");
        assertThat(zip.schemaAt(schema)).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(FieldPath.parse("address.nope").schemaAt(schema)).isNull();
    }

    @Test
    void malformedPathsSayWhere() {
        assertThatThrownBy(() -> FieldPath.parse("a..b")).hasMessage(
                "field path 'a..b' is malformed at position 2: empty field name");
        assertThatThrownBy(() -> FieldPath.parse("a[x]")).hasMessageContaining("whole number or *");
        assertThatThrownBy(() -> FieldPath.parse("a[1")).hasMessageContaining("unclosed '['");
        assertThatThrownBy(() -> FieldPath.parse("`a")).hasMessageContaining("unclosed backtick");
        assertThatThrownBy(() -> FieldPath.parse("a.")).hasMessageContaining("ends with '.'");
        assertThatThrownBy(() -> FieldPath.parse(" ")).hasMessageContaining("cannot be empty");
    }
}
