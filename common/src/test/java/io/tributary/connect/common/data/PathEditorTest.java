package io.tributary.connect.common.data;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PathEditorTest {

    private final PathEditor editor = new PathEditor(16);

    private static final Map<String, Object> ORDER = Map.of(
            "id", 7L,
            "user", Map.of("email", "ann@example.com"),
            "items", List.of(Map.of("card", "4111111111111111"), Map.of("card", "5500000000000004")));

    @Test
    void schemalessUpdatesCopyAlongThePathAndLeaveTheInputAlone() {
        Object updated = PathEditor.update(ORDER, FieldPath.parse("user.email"), v -> "x");
        assertThat(FieldPath.parse("user.email").get(updated)).isEqualTo("x");
        assertThat(FieldPath.parse("user.email").get(ORDER)).isEqualTo("ann@example.com");
        assertThat(((Map<?, ?>) updated).get("items")).isSameAs(ORDER.get("items"));
    }

    @Test
    void anEditSessionCopiesEachContainerOnceAndLeavesTheInputAlone() {
        PathEditor.Edits edits = new PathEditor.Edits(ORDER)
                .set(FieldPath.parse("channel"), "web")
                .set(FieldPath.parse("region"), "eu")
                .update(FieldPath.parse("user.email"), v -> "x")
                .set(FieldPath.parse("user.tier"), "gold")
                .update(FieldPath.parse("items[*].card"), v -> "****")
                .remove(FieldPath.parse("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) edits.result();
        assertThat(out).containsEntry("channel", "web").containsEntry("region", "eu").doesNotContainKey("id");
        assertThat(out.get("user")).isEqualTo(Map.of("email", "x", "tier", "gold"));
        assertThat(FieldPath.parse("items[*].card").get(out)).isEqualTo(List.of("****", "****"));
        assertThat(ORDER).containsEntry("id", 7L).doesNotContainKey("channel");
        assertThat(ORDER.get("user")).isEqualTo(Map.of("email", "ann@example.com"));
        assertThat(FieldPath.parse("items[*].card").get(ORDER)).isEqualTo(List.of("4111111111111111", "5500000000000004"));
        // Untouched branches stay shared with the input.
        Map<?, ?> onlyTop = (Map<?, ?>) new PathEditor.Edits(ORDER).set(FieldPath.parse("a"), 1).set(FieldPath.parse("b"), 2)
                .result();
        assertThat(onlyTop.get("user")).isSameAs(ORDER.get("user"));
        assertThat(new PathEditor.Edits(ORDER).update(FieldPath.parse("nope.deeper"), v -> "x").result()).isSameAs(ORDER);
    }

    @Test
    void schemalessWildcardsReachEveryElement() {
        Object updated = PathEditor.update(ORDER, FieldPath.parse("items[*].card"), v -> "****");
        assertThat(FieldPath.parse("items[*].card").get(updated)).isEqualTo(List.of("****", "****"));
    }

    @Test
    void schemalessSetCreatesMissingMapsAndRemoveDropsTheKey() {
        Object set = PathEditor.set(ORDER, FieldPath.parse("enriched.tier"), "gold");
        assertThat(FieldPath.parse("enriched.tier").get(set)).isEqualTo("gold");
        Object removed = PathEditor.remove(ORDER, FieldPath.parse("user.email"));
        assertThat((Map<?, ?>) ((Map<?, ?>) removed).get("user")).isEmpty();
        assertThat(PathEditor.update(ORDER, FieldPath.parse("nope.deeper"), v -> "x")).isSameAs(ORDER);
    }

    private static final Schema ITEM = SchemaBuilder.struct().name("Item").field("card", Schema.STRING_SCHEMA)
            .field("qty", Schema.INT32_SCHEMA).build();
    private static final Schema ORDER_SCHEMA = SchemaBuilder.struct().name("Order").field("id", Schema.INT64_SCHEMA)
            .field("items", SchemaBuilder.array(ITEM).build()).build();

    private static Struct order() {
        return new Struct(ORDER_SCHEMA).put("id", 7L).put("items", List.of(
                new Struct(ITEM).put("card", "4111").put("qty", 1), new Struct(ITEM).put("card", "5500").put("qty", 2)));
    }

    @Test
    void structLeafTypeChangesRebuildEverySchemaOnThePathOnce() {
        Struct order = order();
        PathEditor.LeafChange toString = new PathEditor.LeafChange() {
            @Override
            public Schema schema(Schema old) {
                return Schema.OPTIONAL_STRING_SCHEMA;
            }

            @Override
            public Object value(Schema oldSchema, Object oldValue) {
                return "qty=" + oldValue;
            }
        };
        SchemaAndValue first = editor.update(ORDER_SCHEMA, order, FieldPath.parse("items[*].qty"), toString);
        SchemaAndValue second = editor.update(ORDER_SCHEMA, order(), FieldPath.parse("items[*].qty"), toString);
        Struct updated = (Struct) first.value();
        updated.validate();
        assertThat(FieldPath.parse("items[*].qty").get(updated)).isEqualTo(List.of("qty=1", "qty=2"));
        assertThat(first.schema()).isSameAs(second.schema());
        assertThat(first.schema().field("items").schema().valueSchema().field("qty").schema().type())
                .isEqualTo(Schema.Type.STRING);
        assertThat(first.schema().name()).isEqualTo("Order");
        assertThat(FieldPath.parse("items[*].qty").get(order)).isEqualTo(List.of(1, 2));
    }

    @Test
    void structSetAddsAMissingFieldAndRemoveDropsOne() {
        SchemaAndValue added = editor.set(ORDER_SCHEMA, order(), FieldPath.parse("tier"), Schema.OPTIONAL_STRING_SCHEMA, "gold");
        ((Struct) added.value()).validate();
        assertThat(((Struct) added.value()).getString("tier")).isEqualTo("gold");
        SchemaAndValue removed = editor.remove(ORDER_SCHEMA, order(), FieldPath.parse("id"));
        assertThat(removed.schema().field("id")).isNull();
        ((Struct) removed.value()).validate();
    }

    @Test
    void aValueOnlyChangeKeepsTheSchemaAndCopiesTheOtherFieldsAsTheyAre() {
        Struct order = order();
        PathEditor.LeafChange mask = new PathEditor.LeafChange() {
            @Override
            public Schema schema(Schema old) {
                return old;
            }

            @Override
            public Object value(Schema oldSchema, Object oldValue) {
                return "**" + oldValue.toString().substring(2);
            }
        };
        SchemaAndValue masked = editor.update(ORDER_SCHEMA, order, FieldPath.parse("items[0].card"), mask);
        Struct copy = (Struct) masked.value();
        copy.validate();
        assertThat(StructCopy.trusted()).as("this Kafka's Struct can be filled without re-validation").isTrue();
        assertThat(masked.schema()).isSameAs(ORDER_SCHEMA);
        assertThat(copy).isNotSameAs(order);
        assertThat(copy.getInt64("id")).isEqualTo(7L);
        assertThat(FieldPath.parse("items[*].card").get(copy)).isEqualTo(List.of("**11", "5500"));
        assertThat(copy.getArray("items").get(1)).isSameAs(order.getArray("items").get(1));
        assertThat(FieldPath.parse("items[*].card").get(order)).isEqualTo(List.of("4111", "5500"));

        SchemaAndValue added = editor.set(ORDER_SCHEMA, copy, FieldPath.parse("tier"), Schema.OPTIONAL_STRING_SCHEMA, "gold");
        ((Struct) added.value()).validate();
        assertThat(((Struct) added.value()).getArray("items")).isSameAs(copy.getArray("items"));
    }

    @Test
    void absentStructPathsLeaveTheValueAsItIs() {
        Struct order = order();
        SchemaAndValue same = editor.remove(ORDER_SCHEMA, order, FieldPath.parse("nope"));
        assertThat(same.value()).isSameAs(order);
        assertThat(same.schema()).isSameAs(ORDER_SCHEMA);
    }
}
