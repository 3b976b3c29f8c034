package io.tributary.connect.sink.clickhouse.convert;

import io.tributary.connect.sink.clickhouse.convert.ClickHouseType.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseTypeTest {

    @ParameterizedTest
    @CsvSource({
            "Int8, INT8, 8, true", "Int16, INT16, 16, true", "Int32, INT32, 32, true", "Int64, INT64, 64, true",
            "Int128, INT128, 128, true", "Int256, INT256, 256, true",
            "UInt8, UINT8, 8, false", "UInt16, UINT16, 16, false", "UInt32, UINT32, 32, false",
            "UInt64, UINT64, 64, false", "UInt128, UINT128, 128, false", "UInt256, UINT256, 256, false"})
    void integerKindsKnowTheirWidthAndSign(String text, Kind kind, int bits, boolean signed) {
        ClickHouseType type = ClickHouseType.parse(text);
        assertThat(type.kind()).isEqualTo(kind);
        assertThat(type.kind().isInteger()).isTrue();
        assertThat(type.kind().bits()).isEqualTo(bits);
        assertThat(type.kind().isSigned()).isEqualTo(signed);
        assertThat(type.text()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"Float32, FLOAT32", "Float64, FLOAT64", "Bool, BOOL", "String, STRING", "UUID, UUID",
            "IPv4, IPV4", "IPv6, IPV6", "Date, DATE", "Date32, DATE32", "DateTime, DATETIME"})
    void parsesTypesWithoutParameters(String text, Kind kind) {
        ClickHouseType type = ClickHouseType.parse(text);
        assertThat(type.kind()).isEqualTo(kind);
        assertThat(type.kind().isInteger()).isFalse();
        assertThat(type.isSupported()).isTrue();
        assertThat(type.isNullable()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "Decimal(10, 2); 10; 2", "Decimal(38,10); 38; 10", "Decimal(5); 5; 0", "Decimal32(3); 9; 3",
            "Decimal64(4); 18; 4", "Decimal128(20); 38; 20", "Decimal256(40); 76; 40"})
    void decimalsCarryPrecisionAndScale(String text, int precision, int scale) {
        ClickHouseType type = ClickHouseType.parse(text);
        assertThat(type.kind()).isEqualTo(Kind.DECIMAL);
        assertThat(type.precision()).isEqualTo(precision);
        assertThat(type.scale()).isEqualTo(scale);
    }

    @Test
    void fixedStringCarriesItsLength() {
        ClickHouseType type = ClickHouseType.parse("FixedString(16)");
        assertThat(type.kind()).isEqualTo(Kind.FIXED_STRING);
        assertThat(type.length()).isEqualTo(16);
    }

    @Test
    void dateTimeMayNameATimeZone() {
        assertThat(ClickHouseType.parse("DateTime").timeZone()).isEmpty();
        ClickHouseType zoned = ClickHouseType.parse("DateTime('Europe/Berlin')");
        assertThat(zoned.kind()).isEqualTo(Kind.DATETIME);
        assertThat(zoned.timeZone()).contains("Europe/Berlin");
    }

    @Test
    void dateTime64CarriesPrecisionAndOptionalTimeZone() {
        ClickHouseType plain = ClickHouseType.parse("DateTime64(3)");
        assertThat(plain.kind()).isEqualTo(Kind.DATETIME64);
        assertThat(plain.precision()).isEqualTo(3);
        assertThat(plain.timeZone()).isEmpty();
        ClickHouseType zoned = ClickHouseType.parse("DateTime64(9, 'Asia/Tokyo')");
        assertThat(zoned.precision()).isEqualTo(9);
        assertThat(zoned.timeZone()).contains("Asia/Tokyo");
    }

    @Test
    void enumNamesMayHoldQuotesCommasEqualsSignsAndParentheses() {
        // As 18.16 prints Enum8('d\'e' = -3, 'a' = 1, 'b,c' = 2) once TSV escaping is undone.
        ClickHouseType type = ClickHouseType.parse(
                "Enum8('d\\'e' = -3, 'a' = 1, 'b,c' = 2, 'x = (y)' = 3, 'it''s' = 4, 'back\\\\slash' = 5)");
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("d'e", -3);
        expected.put("a", 1);
        expected.put("b,c", 2);
        expected.put("x = (y)", 3);
        expected.put("it's", 4);
        expected.put("back\\slash", 5);
        assertThat(type.kind()).isEqualTo(Kind.ENUM8);
        assertThat(type.enumValues()).containsExactlyEntriesOf(expected);
    }

    @Test
    void enum16TakesWideValues() {
        ClickHouseType type = ClickHouseType.parse("Enum16('low' = -1000, 'high' = 30000)");
        assertThat(type.kind()).isEqualTo(Kind.ENUM16);
        assertThat(type.enumValues()).containsEntry("low", -1000).containsEntry("high", 30000);
    }

    @Test
    void nullableAndLowCardinalityWrapTheirElement() {
        ClickHouseType nullable = ClickHouseType.parse("Nullable(Int32)");
        assertThat(nullable.kind()).isEqualTo(Kind.NULLABLE);
        assertThat(nullable.isNullable()).isTrue();
        assertThat(nullable.valueType().kind()).isEqualTo(Kind.INT32);

        ClickHouseType lowCardinality = ClickHouseType.parse("LowCardinality(String)");
        assertThat(lowCardinality.isNullable()).isFalse();
        assertThat(lowCardinality.valueType().kind()).isEqualTo(Kind.STRING);

        ClickHouseType both = ClickHouseType.parse("LowCardinality(Nullable(String))");
        assertThat(both.isNullable()).isTrue();
        assertThat(both.valueType().kind()).isEqualTo(Kind.STRING);
    }

    @Test
    void arraysNest() {
        ClickHouseType type = ClickHouseType.parse("Array(Array(Nullable(Decimal(10, 2))))");
        assertThat(type.kind()).isEqualTo(Kind.ARRAY);
        ClickHouseType inner = type.element().element();
        assertThat(inner.isNullable()).isTrue();
        assertThat(inner.valueType().precision()).isEqualTo(10);
        assertThat(inner.valueType().scale()).isEqualTo(2);
    }

    @Test
    void mapHasKeyAndValueTypes() {
        ClickHouseType type = ClickHouseType.parse("Map(LowCardinality(String), Array(Tuple(UInt8, String)))");
        assertThat(type.kind()).isEqualTo(Kind.MAP);
        assertThat(type.elements()).extracting(ClickHouseType::text)
                .containsExactly("LowCardinality(String)", "Array(Tuple(UInt8, String))");
        assertThat(type.elements().get(1).element().elements()).extracting(ClickHouseType::kind)
                .containsExactly(Kind.UINT8, Kind.STRING);
    }

    @Test
    void unnamedTupleHasPositionsOnly() {
        ClickHouseType type = ClickHouseType.parse("Tuple(Int32, String, DateTime('UTC'))");
        assertThat(type.kind()).isEqualTo(Kind.TUPLE);
        assertThat(type.elementNames()).isEmpty();
        assertThat(type.elements()).extracting(ClickHouseType::kind)
                .containsExactly(Kind.INT32, Kind.STRING, Kind.DATETIME);
    }

    @Test
    void namedTupleKeepsMemberNamesIncludingQuotedOnes() {
        ClickHouseType type = ClickHouseType.parse(
                "Tuple(a Int32, b Nullable(String), `c d` Map(String, UInt64), e Tuple(f Enum8('x, y' = 1)))");
        assertThat(type.elementNames()).containsExactly("a", "b", "c d", "e");
        assertThat(type.elements().get(2).kind()).isEqualTo(Kind.MAP);
        ClickHouseType e = type.elements().get(3);
        assertThat(e.elementNames()).containsExactly("f");
        assertThat(e.elements().get(0).enumValues()).containsOnlyKeys("x, y");
    }

    @Test
    void nestedIsParsedWithItsMembers() {
        ClickHouseType type = ClickHouseType.parse("Nested(id UInt32, tags Array(String))");
        assertThat(type.kind()).isEqualTo(Kind.NESTED);
        assertThat(type.elementNames()).containsExactly("id", "tags");
        assertThat(type.elements()).extracting(ClickHouseType::kind).containsExactly(Kind.UINT32, Kind.ARRAY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Object('json')", "JSON", "Variant(String, UInt64)", "AggregateFunction(sum, UInt64)",
            "Nothing", "Point", "IntervalDay", "Time64(3)"})
    void unknownTypesAreUnsupportedWithTheirText(String text) {
        ClickHouseType type = ClickHouseType.parse(text);
        assertThat(type.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(type.isSupported()).isFalse();
        assertThat(type.text()).isEqualTo(text);
    }

    @Test
    void anUnsupportedElementMakesTheWholeTypeUnsupported() {
        ClickHouseType type = ClickHouseType.parse("Array(Tuple(String, Object('json')))");
        assertThat(type.kind()).isEqualTo(Kind.ARRAY);
        assertThat(type.isSupported()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Array(Int32", "Decimal(x, 2)", "Enum8('a' = )", "Enum8('a = 1)", "Map(String)",
            "Nullable(Int32, Int64)", "Tuple(Int32,)", "DateTime(UTC)", "FixedString()", ""})
    void malformedTextIsUnsupportedNotAnException(String text) {
        ClickHouseType type = ClickHouseType.parse(text);
        assertThat(type.kind()).isEqualTo(Kind.UNSUPPORTED);
        assertThat(type.text()).isEqualTo(text);
    }
}
