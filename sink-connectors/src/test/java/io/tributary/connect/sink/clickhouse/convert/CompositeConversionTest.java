package io.tributary.connect.sink.clickhouse.convert;

import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.UnknownFields;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.sink.clickhouse.convert.Encoding.PLAIN;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.encode;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nullable, LowCardinality, Array, Map, Tuple, Nested and JSON text: the exact RowBinary bytes. */
class CompositeConversionTest {

    private static final Schema POINT = SchemaBuilder.struct()
            .field("x", Schema.INT32_SCHEMA)
            .field("label", Schema.OPTIONAL_STRING_SCHEMA)
            .build();

    @Test
    void nullableHasANullFlagBeforeTheValue() {
        assertThat(encode("Nullable(Int32)", Schema.OPTIONAL_INT32_SCHEMA, 5)).isEqualTo("00 05 00 00 00");
        assertThat(encode("Nullable(Int32)", Schema.OPTIONAL_INT32_SCHEMA, null)).isEqualTo("01");
    }

    @Test
    void lowCardinalityIsWrittenAsItsElement() {
        assertThat(encode("LowCardinality(String)", Schema.STRING_SCHEMA, "a")).isEqualTo("01 61");
        assertThat(encode("LowCardinality(Nullable(String))", Schema.OPTIONAL_STRING_SCHEMA, null)).isEqualTo("01");
        assertThat(encode("LowCardinality(Nullable(String))", Schema.OPTIONAL_STRING_SCHEMA, "a"))
                .isEqualTo("00 01 61");
    }

    @Test
    void aNullForAColumnThatIsNotNullableIsTheTypesZeroInPlainRowBinary() {
        assertThat(encode("Int32", Schema.OPTIONAL_INT32_SCHEMA, null)).isEqualTo("00 00 00 00");
        assertThat(encode("String", Schema.OPTIONAL_STRING_SCHEMA, null)).isEqualTo("00");
        assertThat(encode("FixedString(3)", Schema.OPTIONAL_STRING_SCHEMA, null)).isEqualTo("00 00 00");
        assertThat(encode("Enum8('a' = 5, 'b' = -1)", Schema.OPTIONAL_STRING_SCHEMA, null)).isEqualTo("ff");
        assertThat(encode("Array(Int8)", SchemaBuilder.array(Schema.INT8_SCHEMA).optional().build(), null))
                .isEqualTo("00");
    }

    @Test
    void arraysAreAVarintCountThenTheElements() {
        Schema ints = SchemaBuilder.array(Schema.INT16_SCHEMA).build();
        assertThat(encode("Array(Int16)", ints, List.of((short) 1, (short) 2))).isEqualTo("02 01 00 02 00");
        assertThat(encode("Array(Int16)", ints, List.of())).isEqualTo("00");
        Schema nested = SchemaBuilder.array(SchemaBuilder.array(Schema.STRING_SCHEMA).build()).build();
        assertThat(encode("Array(Array(String))", nested, List.of(List.of("a"), List.of())))
                .isEqualTo("02 01 01 61 00");
    }

    @Test
    void nullElementsAreNullInNullableArraysAndZeroOtherwise() {
        Schema optionalInts = SchemaBuilder.array(Schema.OPTIONAL_INT8_SCHEMA).build();
        List<Byte> withNull = Arrays.asList((byte) 1, null);
        assertThat(encode("Array(Nullable(Int8))", optionalInts, withNull)).isEqualTo("02 00 01 01");
        assertThat(encode("Array(Int8)", optionalInts, withNull)).isEqualTo("02 01 00");
    }

    @Test
    void elementsAreConvertedLikeColumns() {
        Schema texts = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
        assertThat(encode("Array(UInt8)", texts, List.of("7"))).isEqualTo("01 07");
        assertThatThrownBy(() -> encode("Array(UInt8)", texts, List.of("300")))
                .hasMessage("field 'v': out of range for UInt8 (0 to 255)");
    }

    @Test
    void mapsAreACountThenKeyValuePairsAndFitArraysOfPairsToo() {
        Schema schema = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        Map<String, Integer> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", 2);
        String expected = "02 01 61 01 00 00 00 01 62 02 00 00 00";
        assertThat(encode("Map(String, Int32)", schema, map)).isEqualTo(expected);
        assertThat(encode("Array(Tuple(String, Int32))", schema, map)).isEqualTo(expected);
        assertThat(encode("Map(LowCardinality(String), UInt64)", schema, Map.of()))
                .isEqualTo("00");
    }

    @Test
    void aStructGoesIntoANamedTupleByMemberName() {
        Struct point = new Struct(POINT).put("x", 1).put("label", "p");
        assertThat(encode("Tuple(label Nullable(String), x Int32)", POINT, point)).isEqualTo("00 01 70 01 00 00 00");
    }

    @Test
    void namedTupleMembersWithoutAFieldGetTheirZeroValue() {
        Struct point = new Struct(POINT).put("x", 1);
        assertThat(encode("Tuple(x Int32, label Nullable(String), z UInt8)", POINT, point))
                .isEqualTo("01 00 00 00 01 00");
    }

    @Test
    void aStructGoesIntoAnUnnamedTupleByPosition() {
        Struct point = new Struct(POINT).put("x", 1).put("label", "p");
        assertThat(encode("Tuple(Int64, String)", POINT, point)).isEqualTo("01 00 00 00 00 00 00 00 01 70");
    }

    @Test
    void structFieldsTheTupleLacksFollowTheUnknownFieldPolicy() {
        Schema schema = SchemaBuilder.struct().field("v", POINT).build();
        TableSchema table = table("v Tuple(x Int32)");
        RowBinaryEncoder ignoring = RowBinaryEncoder.build(table, schema, PLAIN);
        assertThat(ignoring.columns()).containsExactly("v");
        assertThatThrownBy(() -> RowBinaryEncoder.build(table, schema, PLAIN.withUnknownFields(UnknownFields.FAIL)))
                .isInstanceOf(ConversionException.class)
                .hasMessage("field 'v': struct field 'label' has no member in the column's Tuple (table db.t)");
    }

    @Test
    void aListOfStructsGoesIntoANestedColumnShownWhole() {
        Schema list = SchemaBuilder.array(POINT).build();
        List<Struct> points = List.of(new Struct(POINT).put("x", 1).put("label", "p"), new Struct(POINT).put("x", 2));
        assertThat(encode("Nested(x Int32, label String)", list, points))
                .isEqualTo("02 01 00 00 00 01 70 02 00 00 00 00");
    }

    @Test
    void structsMapsAndArraysGoIntoStringColumnsAsJson() {
        Struct point = new Struct(POINT).put("x", 1).put("label", "p");
        assertThat(text(encode("String", POINT, point), 1)).isEqualTo("{\"x\":1,\"label\":\"p\"}");
        Schema map = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        assertThat(text(encode("String", map, Map.of("a", 1)), 1)).isEqualTo("{\"a\":1}");
        Schema array = SchemaBuilder.array(Schema.STRING_SCHEMA).build();
        assertThat(text(encode("Nullable(String)", array, List.of("a", "b")), 2)).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void aStructCannotGoIntoAScalarColumn() {
        assertThatThrownBy(() -> encode("Int32", POINT, new Struct(POINT).put("x", 1)))
                .hasMessage("field 'v': a field of type STRUCT cannot be written to a column of type Int32");
    }

    /** The UTF-8 text in {@code hex} after its first {@code skip} bytes (flags and the length). */
    private static String text(String hex, int skip) {
        String[] bytes = hex.split(" ");
        byte[] utf8 = new byte[bytes.length - skip];
        for (int i = skip; i < bytes.length; i++) {
            utf8[i - skip] = (byte) Integer.parseInt(bytes[i], 16);
        }
        return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }
}
