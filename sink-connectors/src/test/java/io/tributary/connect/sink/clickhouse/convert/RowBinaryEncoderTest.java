package io.tributary.connect.sink.clickhouse.convert;

import com.clickhouse.data.ClickHouseFormat;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.OffsetColumns;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.UnknownFields;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.sink.clickhouse.convert.Encoding.PLAIN;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.V18;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.V24;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.hex;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.table;
import static io.tributary.connect.sink.clickhouse.convert.Encoding.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which columns an encoder writes, in what order, and what it does with fields, nulls and bad values. */
class RowBinaryEncoderTest {

    private static final Schema ADDRESS = SchemaBuilder.struct()
            .field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA)
            .optional()
            .build();
    private static final Schema USER = SchemaBuilder.struct()
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("address", ADDRESS)
            .build();

    private static Struct user(long id, String name, String city) {
        Struct user = new Struct(USER).put("id", id).put("name", name);
        return city == null ? user : user.put("address", new Struct(ADDRESS).put("city", city));
    }

    @Test
    void columnsAreTheInsertableColumnsTheStructFeedsInTableOrder() {
        TableSchema table = table("name String", "created DateTime DEFAULT now()", "id UInt64",
                "upper String MATERIALIZED upper(name)", "address_city String", "address_zip Nullable(String)");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, USER, PLAIN);
        assertThat(encoder.columns()).containsExactly("name", "id", "address_city", "address_zip");
        assertThat(encoder.quotedColumns()).containsExactly("`name`", "`id`", "`address_city`", "`address_zip`");
        assertThat(encoder.format()).isEqualTo(ClickHouseFormat.RowBinary);
        assertThat(hex(write(encoder, user(1, "a", "B"))))
                .isEqualTo("01 61 01 00 00 00 00 00 00 00 01 42 01");
    }

    @Test
    void everyRowNamesTheTablesLayoutGuardWithAZero() {
        TableSchema table = table("name String", "id UInt64", "_tributary_layout_2 UInt8 DEFAULT 0");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, USER, PLAIN);
        assertThat(encoder.columns()).containsExactly("name", "id", "_tributary_layout_2");
        assertThat(hex(write(encoder, user(1, "a", "B")))).isEqualTo("01 61 01 00 00 00 00 00 00 00 00");
    }

    @Test
    void nestedStructsAreFlattenedWithTheConfiguredSeparator() {
        TableSchema table = table("id Int64", "address.city String");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, USER, PLAIN.withFlattenSeparator("."));
        assertThat(encoder.columns()).containsExactly("id", "address.city");
    }

    @Test
    void aMissingParentStructMakesEveryFlattenedColumnNull() {
        TableSchema table = table("id Int64", "address_city String", "address_zip Nullable(String)");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, USER, PLAIN);
        assertThat(hex(write(encoder, user(2, null, null)))).isEqualTo("02 00 00 00 00 00 00 00 00 01");
    }

    @Test
    void aStructGoesIntoATupleColumnNamedLikeTheField() {
        TableSchema table = table("id Int64", "address Tuple(city String, zip Nullable(String))");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, USER, PLAIN);
        assertThat(encoder.columns()).containsExactly("id", "address");
        assertThat(hex(write(encoder, user(1, null, "B")))).isEqualTo("01 00 00 00 00 00 00 00 01 42 01");
    }

    @Test
    void aListOfStructsGoesIntoNestedColumnsOneArrayEach() {
        Schema item = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .build();
        Schema order = SchemaBuilder.struct().field("items", SchemaBuilder.array(item).build()).build();
        TableSchema table = table("items.sku Array(String)", "items.qty Array(UInt16)");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, order, PLAIN);
        assertThat(encoder.columns()).containsExactly("items.sku", "items.qty");
        Struct value = new Struct(order).put("items", List.of(new Struct(item).put("sku", "a").put("qty", 2),
                new Struct(item).put("sku", "b").put("qty", 3)));
        assertThat(hex(write(encoder, value))).isEqualTo("02 01 61 01 62 02 02 00 03 00");
    }

    @Test
    void nestedMembersWithoutAColumnFollowTheUnknownFieldPolicy() {
        Schema item = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .build();
        Schema order = SchemaBuilder.struct().field("items", SchemaBuilder.array(item).build()).build();
        TableSchema table = table("items.sku Array(String)");
        assertThat(RowBinaryEncoder.build(table, order, PLAIN).columns()).containsExactly("items.sku");
        assertThatThrownBy(() -> RowBinaryEncoder.build(table, order, PLAIN.withUnknownFields(UnknownFields.FAIL)))
                .hasMessage("field 'items[].qty': table db.t has no column 'items.qty'");
    }

    @Test
    void aListOfStructsGoesIntoPerMemberArraysByPositionWhenTheTupleHasNoNames() {
        // How 18.16 describes an Array(Tuple(String, UInt16)) column: one array per member, named by position.
        Schema item = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .build();
        Schema order = SchemaBuilder.struct().field("items", SchemaBuilder.array(item).build()).build();
        TableSchema table = table("items.1 Array(String)", "items.2 Array(UInt16)");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, order, PLAIN);
        assertThat(encoder.columns()).containsExactly("items.1", "items.2");
        Struct value = new Struct(order).put("items", List.of(new Struct(item).put("sku", "a").put("qty", 2)));
        assertThat(hex(write(encoder, value))).isEqualTo("01 01 61 01 02 00");
    }

    @Test
    void aMapGoesIntoKeyAndValueArraysWhenTheTableStoresItsPairsSo() {
        Schema schema = SchemaBuilder.struct()
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build())
                .build();
        TableSchema table = table("attrs.1 Array(String)", "attrs.2 Array(Int8)");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, schema, PLAIN);
        assertThat(encoder.columns()).containsExactly("attrs.1", "attrs.2");
        Map<String, Long> attrs = new LinkedHashMap<>();
        attrs.put("a", 1L);
        attrs.put("b", -1L);
        assertThat(hex(write(encoder, new Struct(schema).put("attrs", attrs)))).isEqualTo("02 01 61 01 62 02 01 ff");
        assertThat(hex(write(encoder, new Struct(schema)))).isEqualTo("00 00");
        assertThatThrownBy(() -> write(encoder, new Struct(schema).put("attrs", Map.of("c", 128L))))
                .hasMessage("field 'attrs' (values, column 'attrs.2'): out of range for Int8 (-128 to 127)");
    }

    @Test
    void fieldsWithoutAColumnAreIgnoredByDefault() {
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table("id Int64"), USER, PLAIN);
        assertThat(encoder.columns()).containsExactly("id");
        assertThat(hex(write(encoder, user(1, "a", "B")))).isEqualTo("01 00 00 00 00 00 00 00");
    }

    @Test
    void fieldsWithoutAColumnFailTheBuildWhenAskedNamingFieldAndTable() {
        EncoderOptions strict = PLAIN.withUnknownFields(UnknownFields.FAIL);
        assertThatThrownBy(() -> RowBinaryEncoder.build(table("id Int64", "address_city String"), USER, strict))
                .isInstanceOf(ConversionException.class)
                .hasMessage("field 'name': table db.t has no column 'name'");
        assertThatThrownBy(() -> RowBinaryEncoder.build(table("id Int64", "name String", "address_city String"),
                USER, strict))
                .hasMessage("field 'address.zip': table db.t has no column 'address_zip'");
    }

    @Test
    void aFieldNamingAMaterializedColumnIsAnUnknownField() {
        TableSchema table = table("id Int64", "name String MATERIALIZED 'x'", "address String");
        assertThat(RowBinaryEncoder.build(table, USER, PLAIN).columns()).containsExactly("id", "address");
        assertThatThrownBy(() -> RowBinaryEncoder.build(table, USER, PLAIN.withUnknownFields(UnknownFields.FAIL)))
                .hasMessage("field 'name': column 'name' of table db.t is MATERIALIZED and cannot be inserted");
    }

    @Test
    void offsetColumnsReceiveTopicPartitionAndOffset() {
        TableSchema table = table("id Int64", "_topic LowCardinality(String)", "_partition Int32", "_offset UInt64");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, USER,
                PLAIN.withOffsetColumns(OffsetColumns.underscored()));
        assertThat(encoder.columns()).containsExactly("id", "_topic", "_partition", "_offset");
        assertThat(hex(write(encoder, user(1, null, null))))
                .isEqualTo("01 00 00 00 00 00 00 00 06 65 76 65 6e 74 73 03 00 00 00 2a 00 00 00 00 00 00 00");
    }

    @Test
    void missingOffsetColumnsFailTheBuildNamingThem() {
        assertThatThrownBy(() -> RowBinaryEncoder.build(table("id Int64", "_offset UInt64"), USER,
                PLAIN.withOffsetColumns(OffsetColumns.underscored())))
                .isInstanceOf(ConnectException.class)
                .hasMessage("table db.t has no insertable column _topic, _partition for the records' Kafka "
                        + "coordinates");
    }

    @Test
    void twoFieldsFeedingOneColumnFailTheBuild() {
        Schema clash = SchemaBuilder.struct().field("a_b", Schema.STRING_SCHEMA)
                .field("a", SchemaBuilder.struct().field("b", Schema.STRING_SCHEMA).build()).build();
        assertThatThrownBy(() -> RowBinaryEncoder.build(table("a_b String"), clash, PLAIN))
                .hasMessage("field 'a.b' (column 'a_b'): column 'a_b' already receives field 'a_b'");
    }

    @Test
    void anUnsupportedColumnTypeFailsOnlyWhenAFieldGoesThere() {
        TableSchema table = table("id Int64", "name Object('json')", "extra Variant(String, UInt8)");
        assertThatThrownBy(() -> RowBinaryEncoder.build(table, USER, PLAIN))
                .hasMessage("field 'name': the column type Object('json') is not supported");
        Schema idOnly = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        assertThat(RowBinaryEncoder.build(table, idOnly, PLAIN).columns()).containsExactly("id");
    }

    @Test
    void withDefaultsEachValueHasAMarkerAndNullsForNonNullableColumnsUseTheDefault() {
        TableSchema table = table("id Int64", "name String DEFAULT 'anon'", "address_zip Nullable(String)");
        EncoderOptions options = EncoderOptions.defaults(V24);
        assertThat(options.withDefaults()).isTrue();
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, USER, options);
        assertThat(encoder.format()).isEqualTo(ClickHouseFormat.RowBinaryWithDefaults);
        assertThat(hex(write(encoder, user(1, null, "B")))).isEqualTo("00 01 00 00 00 00 00 00 00 01 00 01");
        assertThat(hex(write(encoder, user(1, "x", null)))).isEqualTo("00 01 00 00 00 00 00 00 00 00 01 78 00 01");
    }

    @Test
    void rowBinaryWithDefaultsIsRefusedForServersWithoutIt() {
        assertThatThrownBy(() -> EncoderOptions.defaults(V18).withRowBinaryWithDefaults(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RowBinaryWithDefaults needs ClickHouse 23.7 or later; the server is 18.16.1");
    }

    @Test
    void aRowThatFailsLeavesNothingInTheStreamAndTheNextRowIsWhole() throws Exception {
        Schema schema = SchemaBuilder.struct().field("a", Schema.STRING_SCHEMA).field("b", Schema.INT64_SCHEMA)
                .build();
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table("a String", "b UInt8"), schema, PLAIN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encoder.write(out, new Struct(schema).put("a", "x").put("b", 1L), "t", 0, 0);
        assertThatThrownBy(() -> encoder.write(out, new Struct(schema).put("a", "long text").put("b", 256L), "t", 0,
                1))
                .isInstanceOf(ConversionException.class)
                .hasMessage("field 'b': out of range for UInt8 (0 to 255)")
                .hasMessageNotContaining("256")
                .hasMessageNotContaining("long text");
        encoder.write(out, new Struct(schema).put("a", "y").put("b", 2L), "t", 0, 2);
        assertThat(hex(out.toByteArray())).isEqualTo("01 78 01 01 79 02");
    }

    @Test
    void aStructOfAnotherSchemaIsRefused() {
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table("id Int64"), USER, PLAIN);
        Schema other = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).build();
        assertThatThrownBy(() -> write(encoder, new Struct(other).put("id", 1L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueSchemaThatIsNotAStructIsRefused() {
        assertThatThrownBy(() -> RowBinaryEncoder.build(table("id Int64"), Schema.STRING_SCHEMA, PLAIN))
                .hasMessage("the value schema must be a STRUCT, not STRING");
    }
}
