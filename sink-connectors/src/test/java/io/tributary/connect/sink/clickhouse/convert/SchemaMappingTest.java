package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.sink.clickhouse.convert.Encoding.V18;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.V24;
import static org.assertj.core.api.Assertions.assertThat;

class SchemaMappingTest {

    private final SchemaMapping modern = new SchemaMapping(V24, "_");
    private final SchemaMapping old = new SchemaMapping(V18, "_");

    @Test
    void primitivesMapToTheirClickHouseTypes() {
        assertThat(modern.typeOf(Schema.INT8_SCHEMA)).isEqualTo("Int8");
        assertThat(modern.typeOf(Schema.INT16_SCHEMA)).isEqualTo("Int16");
        assertThat(modern.typeOf(Schema.INT32_SCHEMA)).isEqualTo("Int32");
        assertThat(modern.typeOf(Schema.INT64_SCHEMA)).isEqualTo("Int64");
        assertThat(modern.typeOf(Schema.FLOAT32_SCHEMA)).isEqualTo("Float32");
        assertThat(modern.typeOf(Schema.FLOAT64_SCHEMA)).isEqualTo("Float64");
        assertThat(modern.typeOf(Schema.STRING_SCHEMA)).isEqualTo("String");
        assertThat(modern.typeOf(Schema.BYTES_SCHEMA)).isEqualTo("String");
        assertThat(modern.typeOf(Schema.BOOLEAN_SCHEMA)).isEqualTo("Bool");
        assertThat(old.typeOf(Schema.BOOLEAN_SCHEMA)).isEqualTo("UInt8");
    }

    @Test
    void logicalTypesMapToTemporalAndDecimalTypes() {
        assertThat(modern.typeOf(Timestamp.SCHEMA)).isEqualTo("DateTime64(3)");
        assertThat(old.typeOf(Timestamp.SCHEMA)).isEqualTo("DateTime");
        assertThat(modern.typeOf(Date.SCHEMA)).isEqualTo("Date");
        assertThat(modern.typeOf(Time.SCHEMA)).isEqualTo("UInt32");
        assertThat(modern.typeOf(Decimal.schema(4))).isEqualTo("Decimal(38, 4)");
        Schema declared = Decimal.builder(2).parameter(SchemaMapping.DECIMAL_PRECISION_PARAMETER, "10").build();
        assertThat(modern.typeOf(declared)).isEqualTo("Decimal(10, 2)");
        Schema huge = Decimal.builder(2).parameter(SchemaMapping.DECIMAL_PRECISION_PARAMETER, "60").build();
        assertThat(modern.typeOf(huge)).isEqualTo("String");
    }

    @Test
    void optionalScalarsAreNullableButArraysMapsAndTuplesAreNot() {
        assertThat(modern.typeOf(Schema.OPTIONAL_INT32_SCHEMA)).isEqualTo("Nullable(Int32)");
        assertThat(modern.typeOf(Decimal.builder(1).optional().build())).isEqualTo("Nullable(Decimal(38, 1))");
        assertThat(modern.typeOf(SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).optional().build()))
                .isEqualTo("Array(Nullable(String))");
        assertThat(modern.typeOf(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build()))
                .isEqualTo("Map(String, Int64)");
    }

    @Test
    void mapsNeedAServerWithMapElseTheyAreJsonText() {
        Schema map = SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA).build();
        assertThat(modern.typeOf(map)).isEqualTo("Map(String, Nullable(Float64))");
        assertThat(old.typeOf(map)).isEqualTo("String");
        assertThat(old.typeOf(SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).optional().build()))
                .isEqualTo("Nullable(String)");
    }

    @Test
    void structsInsideArraysAreNamedTuples() {
        Schema item = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA)
                .field("unit price", Schema.OPTIONAL_FLOAT64_SCHEMA).build();
        assertThat(modern.typeOf(SchemaBuilder.array(item).build()))
                .isEqualTo("Array(Tuple(sku String, `unit price` Nullable(Float64)))");
    }

    @Test
    void aStructFieldIsFlattenedAndAnOptionalParentMakesItsChildrenNullable() {
        Schema geo = SchemaBuilder.struct().field("lat", Schema.FLOAT64_SCHEMA).field("tags",
                SchemaBuilder.array(Schema.STRING_SCHEMA).build()).optional().build();
        Schema address = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA).field("geo", geo).build();
        Schema value = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("address", address).build();
        assertThat(modern.columns(value)).containsExactly(
                new ColumnDefinition("id", "Int64"),
                new ColumnDefinition("address_city", "String"),
                new ColumnDefinition("address_geo_lat", "Nullable(Float64)"),
                new ColumnDefinition("address_geo_tags", "Array(String)"));
        assertThat(new SchemaMapping(V24, "__").columnsFor("address", address)).extracting(ColumnDefinition::name)
                .containsExactly("address__city", "address__geo__lat", "address__geo__tags");
    }

    @Test
    void columnDefinitionsRenderAsDdl() {
        assertThat(new ColumnDefinition("n.x", "Array(Int32)").sql()).isEqualTo("`n.x` Array(Int32)");
    }

    @Test
    void schemalessValuesMapByTheirJavaTypeAlwaysNullable() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "a");
        value.put("count", 3L);
        value.put("small", 3);
        value.put("ratio", 0.5);
        value.put("ok", true);
        value.put("price", new BigDecimal("1.25"));
        value.put("tags", List.of("x"));
        value.put("scores", Arrays.asList(null, 2L));
        value.put("empty", List.of());
        value.put("nested", Map.of("k", 1L));
        value.put("missing", null);
        assertThat(modern.columnsForSchemaless(value)).containsExactly(
                new ColumnDefinition("name", "Nullable(String)"),
                new ColumnDefinition("count", "Nullable(Int64)"),
                new ColumnDefinition("small", "Nullable(Int64)"),
                new ColumnDefinition("ratio", "Nullable(Float64)"),
                new ColumnDefinition("ok", "Nullable(Bool)"),
                new ColumnDefinition("price", "Nullable(Decimal(38, 2))"),
                new ColumnDefinition("tags", "Array(Nullable(String))"),
                new ColumnDefinition("scores", "Array(Nullable(Int64))"),
                new ColumnDefinition("empty", "Array(Nullable(String))"),
                new ColumnDefinition("nested", "Nullable(String)"),
                new ColumnDefinition("missing", "Nullable(String)"));
        assertThat(old.columnForSchemaless("ok", false)).isEqualTo(new ColumnDefinition("ok", "Nullable(UInt8)"));
    }

    @Test
    void everyMappedTypeParsesAsASupportedType() {
        Schema value = SchemaBuilder.struct()
                .field("a", Decimal.builder(3).optional().build())
                .field("b", SchemaBuilder.map(Schema.STRING_SCHEMA, SchemaBuilder.array(Timestamp.SCHEMA).build())
                        .build())
                .field("c", SchemaBuilder.array(SchemaBuilder.struct().field("x", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                        .build()).build())
                .build();
        for (ColumnDefinition column : modern.columns(value)) {
            assertThat(ClickHouseType.parse(column.type()).isSupported()).as(column.type()).isTrue();
        }
    }
}
