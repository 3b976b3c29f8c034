package io.tributary.connect.sink.clickhouse.convert;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import io.tributary.connect.sink.clickhouse.convert.ClickHouseType.Kind;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.OffsetColumns;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.UnknownFields;
import io.tributary.testsupport.LocalServices;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Needs a real ClickHouse server (the 18.16 one on these machines, see {@link LocalServices}): encodes structs
 * holding every Connect type and logical type, inserts them with client-v2 as RowBinary, reads them back as TSV and
 * compares exactly. When no server answers the tests fail, saying to run {@code ./tributary services start}.
 *
 * <p>Not testable on 18.16, so covered only by the byte-level unit tests: DateTime64, Date32, Map, Bool, IPv4, IPv6,
 * Int128/Int256 (and their unsigned forms), Decimal256, and the RowBinaryWithDefaults format. LowCardinality is
 * tested, with the experimental setting 18.16 needs to create such a column.
 */
class ClickHouseRoundTripTest {

    private static final String DB = "tributary_convert_test";
    private static final java.util.Date TS = java.util.Date.from(Instant.parse("2024-01-15T10:30:45.123Z"));
    private static final java.util.Date DAY = java.util.Date.from(Instant.parse("2024-01-15T00:00:00Z"));
    private static final java.util.Date TIME_OF_DAY = new java.util.Date(37_845_123L);

    private static Client client;
    private static ServerVersion version;

    @BeforeAll
    static void connect() {
        client = new Client.Builder()
                .addEndpoint(LocalServices.clickHouse().toString())
                .setUsername("default")
                .setPassword("")
                .compressServerResponse(false)
                .build();
        version = ServerVersion.parse(query("SELECT version() FORMAT TSV").trim());
        execute("DROP DATABASE IF EXISTS " + DB);
        execute("CREATE DATABASE " + DB);
    }

    @AfterAll
    static void dropDatabase() {
        if (client != null) {
            execute("DROP DATABASE IF EXISTS " + DB);
            client.close();
        }
    }

    @Test
    void integersFloatsAndBooleansRoundTripAtTheEdgesOfTheirRanges() {
        Schema schema = SchemaBuilder.struct()
                .field("i8", Schema.INT8_SCHEMA).field("i16", Schema.INT16_SCHEMA)
                .field("i32", Schema.INT32_SCHEMA).field("i64", Schema.INT64_SCHEMA)
                .field("u8", Schema.INT16_SCHEMA).field("u16", Schema.INT32_SCHEMA)
                .field("u32", Schema.INT64_SCHEMA).field("u64", Schema.STRING_SCHEMA)
                .field("f32", Schema.FLOAT32_SCHEMA).field("f64", Schema.FLOAT64_SCHEMA)
                .field("flag", Schema.BOOLEAN_SCHEMA).field("flag_i", Schema.BOOLEAN_SCHEMA)
                .field("parsed", Schema.STRING_SCHEMA).field("whole", Schema.FLOAT64_SCHEMA)
                .field("f_int", Schema.INT32_SCHEMA).field("f_text", Schema.STRING_SCHEMA)
                .build();
        create("numbers", "i8 Int8, i16 Int16, i32 Int32, i64 Int64, u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64, "
                + "f32 Float32, f64 Float64, flag UInt8, flag_i Int32, parsed Int64, whole Int16, f_int Float64, "
                + "f_text Float32");
        insert("numbers", schema, new Struct(schema)
                .put("i8", Byte.MIN_VALUE).put("i16", Short.MIN_VALUE).put("i32", Integer.MIN_VALUE)
                .put("i64", Long.MIN_VALUE).put("u8", (short) 255).put("u16", 65_535).put("u32", 4_294_967_295L)
                .put("u64", "18446744073709551615").put("f32", 1.5f).put("f64", -0.125).put("flag", true)
                .put("flag_i", false).put("parsed", "-42").put("whole", 3.0).put("f_int", 7).put("f_text", "2.5"));
        assertThat(query("SELECT * FROM " + DB + ".numbers FORMAT TSV")).isEqualTo(
                "-128\t-32768\t-2147483648\t-9223372036854775808\t255\t65535\t4294967295\t18446744073709551615\t"
                        + "1.5\t-0.125\t1\t0\t-42\t3\t7\t2.5\n");
    }

    @Test
    void decimalsKeepTheColumnsScaleAndAllTheirDigits() {
        Schema schema = SchemaBuilder.struct()
                .field("d9", Decimal.schema(1)).field("d18", Decimal.schema(4)).field("d38", Decimal.schema(10))
                .field("d32", Schema.STRING_SCHEMA).field("d_int", Schema.INT32_SCHEMA)
                .field("d_float", Schema.FLOAT64_SCHEMA).field("f_dec", Decimal.schema(1))
                .field("s_dec", Decimal.schema(8)).field("i_dec", Decimal.schema(2))
                .build();
        create("decimals", "d9 Decimal(9, 2), d18 Decimal(18, 4), d38 Decimal(38, 10), d32 Decimal32(3), "
                + "d_int Decimal(10, 2), d_float Decimal(10, 3), f_dec Float64, s_dec String, i_dec Int64");
        insert("decimals", schema, new Struct(schema)
                .put("d9", new BigDecimal("12.5")).put("d18", new BigDecimal("-12345678901234.5678"))
                .put("d38", new BigDecimal("-1234567890123456789012345678.0123456789"))
                .put("d32", "3.14159").put("d_int", 7).put("d_float", 0.1).put("f_dec", new BigDecimal("2.5"))
                .put("s_dec", new BigDecimal("0.00000001")).put("i_dec", new BigDecimal("42.00")));
        assertThat(query("SELECT * FROM " + DB + ".decimals FORMAT TSV")).isEqualTo(
                "12.50\t-12345678901234.5678\t-1234567890123456789012345678.0123456789\t3.142\t7.00\t0.100\t2.5\t"
                        + "0.00000001\t42\n");
    }

    @Test
    void textBytesUuidsEnumsAndLowCardinalityRoundTrip() {
        Schema schema = SchemaBuilder.struct()
                .field("s", Schema.STRING_SCHEMA).field("b", Schema.BYTES_SCHEMA)
                .field("fs", Schema.STRING_SCHEMA).field("fsb", Schema.BYTES_SCHEMA)
                .field("u", Schema.STRING_SCHEMA).field("ub", Schema.BYTES_SCHEMA)
                .field("e8", Schema.STRING_SCHEMA).field("e8n", Schema.INT32_SCHEMA).field("e16", Schema.STRING_SCHEMA)
                .field("s_int", Schema.INT64_SCHEMA).field("s_bool", Schema.BOOLEAN_SCHEMA)
                .field("lc", Schema.STRING_SCHEMA).field("lcn", Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        String enum8 = "Enum8('a' = 1, 'b,c' = -2, 'd\\'e' = 3)";
        createWithSetting("texts", "s String, b String, fs FixedString(4), fsb FixedString(2), u UUID, ub UUID, "
                + "e8 " + enum8 + ", e8n " + enum8 + ", e16 Enum16('x' = 1000, 'y' = -1000), s_int String, "
                + "s_bool String, lc LowCardinality(String), lcn LowCardinality(Nullable(String))");
        insert("texts", schema, new Struct(schema)
                .put("s", "naïve\ttab ✓").put("b", "hi".getBytes(StandardCharsets.US_ASCII)).put("fs", "ab")
                .put("fsb", new byte[] {1, 2}).put("u", "61f0c404-5cb3-11e7-907b-a6006ad3dba0")
                .put("ub", HexFormat.of().parseHex("00112233445566778899aabbccddeeff"))
                .put("e8", "d'e").put("e8n", -2).put("e16", "y").put("s_int", -12L).put("s_bool", true)
                .put("lc", "low").put("lcn", null));
        assertThat(query("SELECT s, b, fs, hex(fsb), u, ub, e8, e8n, e16, s_int, s_bool, lc, lcn FROM " + DB
                + ".texts FORMAT TSV")).isEqualTo(
                "naïve\\ttab ✓\thi\tab\\0\\0\t0102\t61f0c404-5cb3-11e7-907b-a6006ad3dba0\t"
                        + "00112233-4455-6677-8899-aabbccddeeff\td\\'e\tb,c\ty\t-12\ttrue\tlow\t\\N\n");
    }

    @Test
    void datesAndTimesRoundTripAsUtcDaysSecondsAndMilliseconds() {
        Schema schema = SchemaBuilder.struct()
                .field("d", Date.SCHEMA).field("d_ts", Timestamp.SCHEMA).field("d_txt", Schema.STRING_SCHEMA)
                .field("dt", Timestamp.SCHEMA).field("dt_txt", Schema.STRING_SCHEMA)
                .field("dt_berlin", Schema.STRING_SCHEMA).field("dt_date", Date.SCHEMA)
                .field("ms", Timestamp.SCHEMA).field("tod", Time.SCHEMA).field("days", Date.SCHEMA)
                .field("s_time", Time.SCHEMA).field("s_ts", Timestamp.SCHEMA).field("s_date", Date.SCHEMA)
                .build();
        create("temporal", "d Date, d_ts Date, d_txt Date, dt DateTime, dt_txt DateTime, "
                + "dt_berlin DateTime('Europe/Berlin'), dt_date DateTime, ms Int64, tod UInt32, days Int32, "
                + "s_time String, s_ts String, s_date String");
        insert("temporal", schema, new Struct(schema)
                .put("d", DAY).put("d_ts", java.util.Date.from(Instant.parse("2024-01-15T23:59:59.999Z")))
                .put("d_txt", "2024-02-29").put("dt", TS).put("dt_txt", "2024-01-15T11:30:45+01:00")
                .put("dt_berlin", "2024-07-01 12:00:00").put("dt_date", DAY).put("ms", TS).put("tod", TIME_OF_DAY)
                .put("days", DAY).put("s_time", TIME_OF_DAY).put("s_ts", TS).put("s_date", DAY));
        assertThat(query("SELECT d, d_ts, d_txt, toUInt16(d), dt, toUnixTimestamp(dt), dt_txt, dt_berlin, "
                + "toUnixTimestamp(dt_berlin), dt_date, ms, tod, days, s_time, s_ts, s_date FROM " + DB
                + ".temporal FORMAT TSV")).isEqualTo(
                "2024-01-15\t2024-01-15\t2024-02-29\t19737\t2024-01-15 10:30:45\t1705314645\t2024-01-15 10:30:45\t"
                        + "2024-07-01 12:00:00\t1719828000\t2024-01-15 00:00:00\t1705314645123\t37845123\t19737\t"
                        + "10:30:45.123\t2024-01-15T10:30:45.123Z\t2024-01-15\n");
    }

    @Test
    void arraysTuplesMapsAndJsonTextRoundTrip() {
        Schema point = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).field("label", Schema.STRING_SCHEMA)
                .build();
        Schema schema = SchemaBuilder.struct()
                .field("arr", SchemaBuilder.array(Schema.INT32_SCHEMA).build())
                .field("arr_null", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
                .field("arr2", SchemaBuilder.array(SchemaBuilder.array(Schema.INT16_SCHEMA).build()).build())
                .field("tup", point).field("named", point)
                .field("pairs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .field("json_map", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
                .field("json_struct", point)
                .field("json_arr", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("points", SchemaBuilder.array(point).build())
                .build();
        // 18.16 stores an Array(Tuple(...)) column as one array per member (pairs.1, pairs.2), as it does Nested.
        create("composites", "arr Array(Int32), arr_null Array(Nullable(String)), arr2 Array(Array(UInt8)), "
                + "tup Tuple(Int32, String), named Tuple(label String, x Int64), pairs Array(Tuple(String, Int32)), "
                + "json_map String, json_struct String, json_arr String, points Array(Tuple(Int32, String))");
        Map<String, Integer> pairs = new LinkedHashMap<>();
        pairs.put("a", 1);
        pairs.put("b", 2);
        Struct p = new Struct(point).put("x", 1).put("label", "p");
        insert("composites", schema, new Struct(schema)
                .put("arr", List.of(1, -2, 3)).put("arr_null", Arrays.asList("a", null))
                .put("arr2", List.of(List.of((short) 1, (short) 2), List.of())).put("tup", p).put("named", p)
                .put("pairs", pairs).put("json_map", Map.of("a", 1)).put("json_struct", p)
                .put("json_arr", List.of("a", "b"))
                .put("points", List.of(p, new Struct(point).put("x", 2).put("label", "q"))));
        assertThat(query("SELECT arr, arr_null, arr2, tup, named, `pairs.1`, `pairs.2`, json_map, json_struct, "
                + "json_arr, `points.1`, `points.2` FROM " + DB + ".composites FORMAT TSV")).isEqualTo(
                "[1,-2,3]\t['a',NULL]\t[[1,2],[]]\t(1,'p')\t('p',1)\t['a','b']\t[1,2]\t{\"a\":1}\t"
                        + "{\"x\":1,\"label\":\"p\"}\t[\"a\",\"b\"]\t[1,2]\t['p','q']\n");
    }

    @Test
    void listsOfStructsFillNestedColumnsAndAMissingMemberGetsEqualLengthDefaults() {
        Schema item = SchemaBuilder.struct().field("sku", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
                .build();
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT8_SCHEMA)
                .field("items", SchemaBuilder.array(item).build()).build();
        create("orders", "id UInt8, items Nested(sku String, qty UInt16, note String)");
        TableSchema table = TableSchema.describe(client, DB, "orders");
        assertThat(table.columns()).extracting(Column::name)
                .containsExactly("id", "items.sku", "items.qty", "items.note");
        Struct order = new Struct(schema).put("id", (byte) 1).put("items", List.of(
                new Struct(item).put("sku", "a").put("qty", 2), new Struct(item).put("sku", "b").put("qty", 3)));
        insert(table, schema, options().withUnknownFields(UnknownFields.FAIL), List.of(order));
        assertThat(query("SELECT * FROM " + DB + ".orders FORMAT TSV"))
                .isEqualTo("1\t['a','b']\t[2,3]\t['','']\n");
    }

    @Test
    void flattenedStructsOffsetColumnsNullsAndServerDefaultsRoundTrip() {
        Schema address = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA)
                .field("zip", Schema.OPTIONAL_STRING_SCHEMA).optional().build();
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA).field("note", Schema.OPTIONAL_STRING_SCHEMA)
                .field("address", address).field("count", Schema.OPTIONAL_INT32_SCHEMA).build();
        create("users", "id UInt64, name String DEFAULT 'anon', note Nullable(String), address_city String, "
                + "address_zip Nullable(String), created DateTime DEFAULT toDateTime('2020-01-01 00:00:00', 'UTC'), "
                + "upper_name String MATERIALIZED upper(name), _topic String, _partition Int32, _offset Int64, "
                + "count Int32");
        TableSchema table = TableSchema.describe(client, DB, "users");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(table, schema,
                options().withOffsetColumns(OffsetColumns.underscored()));
        assertThat(encoder.columns()).containsExactly("id", "name", "note", "address_city", "address_zip",
                "_topic", "_partition", "_offset", "count");
        Struct full = new Struct(schema).put("id", 1L).put("name", "ann").put("note", "n")
                .put("address", new Struct(address).put("city", "Oslo").put("zip", "0150")).put("count", 5);
        Struct empty = new Struct(schema).put("id", 2L);
        insert(table.table(), encoder, List.of(full, empty));
        // Plain RowBinary cannot ask for a column's DEFAULT: the null name is '' (the zero value), not 'anon'.
        assertThat(query("SELECT *, upper_name FROM " + DB + ".users ORDER BY id FORMAT TSV")).isEqualTo(
                "1\tann\tn\tOslo\t0150\t2020-01-01 00:00:00\tevents\t3\t42\t5\tANN\n"
                        + "2\t\t\\N\t\t\\N\t2020-01-01 00:00:00\tevents\t3\t43\t0\t\n");
    }

    @Test
    void aRecordThatFailsToConvertLeavesTheRestOfTheBatchInsertable() throws Exception {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("small", Schema.INT32_SCHEMA)
                .field("label", Schema.STRING_SCHEMA).build();
        create("batch", "id Int32, small UInt8, label String");
        RowBinaryEncoder encoder = RowBinaryEncoder.build(TableSchema.describe(client, DB, "batch"), schema,
                options());
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        List<Integer> dropped = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            Struct row = new Struct(schema).put("id", id).put("small", id == 3 ? 300 : id).put("label", "row" + id);
            try {
                encoder.write(batch, row, "events", 0, id);
            } catch (ConversionException e) {
                dropped.add(id);
            }
        }
        assertThat(dropped).containsExactly(3);
        insertBytes("batch", encoder, batch.toByteArray());
        assertThat(query("SELECT * FROM " + DB + ".batch ORDER BY id FORMAT TSV"))
                .isEqualTo("1\t1\trow1\n2\t2\trow2\n4\t4\trow4\n5\t5\trow5\n");
    }

    @Test
    void describeReadsTheServersOwnTypeText() {
        createWithSetting("described", "e Enum8('d\\'e' = -3, 'a,b' = 1), z DateTime('Europe/Berlin'), "
                + "n Nested(x Int32, y Array(String)), lcn LowCardinality(Nullable(String)), "
                + "t Tuple(Int32, Tuple(String, Decimal(20, 3))), m String MATERIALIZED 'x', a String ALIAS m");
        TableSchema table = TableSchema.describe(client, DB, "described");
        assertThat(table.table()).isEqualTo(DB + ".described");
        assertThat(table.columns()).extracting(Column::name)
                .containsExactly("e", "z", "n.x", "n.y", "lcn", "t", "m", "a");
        assertThat(table.column("e").orElseThrow().type().enumValues()).containsOnlyKeys("d'e", "a,b");
        assertThat(table.column("z").orElseThrow().type().timeZone()).contains("Europe/Berlin");
        assertThat(table.column("n.y").orElseThrow().type().element().element().kind()).isEqualTo(Kind.STRING);
        assertThat(table.column("lcn").orElseThrow().type().isNullable()).isTrue();
        assertThat(table.column("t").orElseThrow().type().elements().get(1).elements().get(1).precision())
                .isEqualTo(20);
        assertThat(table.insertableColumns()).extracting(Column::name)
                .containsExactly("e", "z", "n.x", "n.y", "lcn", "t");
        assertThat(table.columns()).allSatisfy(c -> assertThat(c.type().isSupported()).isTrue());
    }

    @Test
    void tablesCreatedFromSchemaMappingTakeTheEncodersRows() {
        Schema address = SchemaBuilder.struct().field("city", Schema.STRING_SCHEMA).optional().build();
        Schema schema = SchemaBuilder.struct()
                .field("id", Schema.INT64_SCHEMA).field("ok", Schema.BOOLEAN_SCHEMA)
                .field("price", Decimal.builder(2).parameter(SchemaMapping.DECIMAL_PRECISION_PARAMETER, "10")
                        .optional().build())
                .field("at", Timestamp.SCHEMA).field("day", Date.SCHEMA).field("tod", Time.SCHEMA)
                .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
                .field("attrs", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
                .field("address", address).build();
        List<ColumnDefinition> columns = new SchemaMapping(version, "_").columns(schema);
        assertThat(columns).extracting(ColumnDefinition::type).containsExactly("Int64", "UInt8",
                "Nullable(Decimal(10, 2))", "DateTime", "Date", "UInt32", "Array(String)", "String",
                "Nullable(String)");
        StringBuilder ddl = new StringBuilder();
        for (ColumnDefinition column : columns) {
            ddl.append(ddl.length() == 0 ? "" : ", ").append(column.sql());
        }
        create("mapped", ddl.toString());
        insert("mapped", schema, new Struct(schema).put("id", 1L).put("ok", true).put("price", new BigDecimal("9.99"))
                .put("at", TS).put("day", DAY).put("tod", TIME_OF_DAY).put("tags", List.of("x"))
                .put("attrs", Map.of("k", "v")).put("address", new Struct(address).put("city", "Oslo")));
        assertThat(query("SELECT * FROM " + DB + ".mapped FORMAT TSV")).isEqualTo(
                "1\t1\t9.99\t2024-01-15 10:30:45\t2024-01-15\t37845123\t['x']\t{\"k\":\"v\"}\tOslo\n");
    }

    // Helpers

    private static EncoderOptions options() {
        return EncoderOptions.defaults(version);
    }

    private static void create(String table, String columns) {
        execute("CREATE TABLE " + DB + "." + table + " (" + columns + ") ENGINE = Memory");
    }

    /** 18.16 creates LowCardinality columns only with its experimental setting. */
    private static void createWithSetting(String table, String columns) {
        run("CREATE TABLE " + DB + "." + table + " (" + columns + ") ENGINE = Memory",
                new QuerySettings().serverSetting("allow_experimental_low_cardinality_type", "1"));
    }

    /** Inserts one row; every field must reach a column. */
    private static void insert(String table, Schema schema, Struct row) {
        insert(TableSchema.describe(client, DB, table), schema, options().withUnknownFields(UnknownFields.FAIL),
                List.of(row));
    }

    private static void insert(TableSchema table, Schema schema, EncoderOptions options, List<Struct> rows) {
        insert(table.table(), RowBinaryEncoder.build(table, schema, options), rows);
    }

    private static void insert(String qualifiedTable, RowBinaryEncoder encoder, List<Struct> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long offset = 42;
        for (Struct row : rows) {
            try {
                encoder.write(out, row, "events", 3, offset++);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        insertBytes(qualifiedTable.substring(qualifiedTable.indexOf('.') + 1), encoder, out.toByteArray());
    }

    private static void insertBytes(String table, RowBinaryEncoder encoder, byte[] rows) {
        insertBytes(table, encoder.quotedColumns(), rows);
    }

    private static void insertBytes(String table, List<String> columns, byte[] rows) {
        try (InsertResponse ignored = client.insert(DB + "." + table, columns, new ByteArrayInputStream(rows),
                com.clickhouse.data.ClickHouseFormat.RowBinary, new InsertSettings()).get()) {
            // 18.16 reports no written-row count; the reads check the rows.
        } catch (Exception e) {
            throw new IllegalStateException("insert into " + table + " failed: " + e.getMessage(), e);
        }
    }

    private static void execute(String sql) {
        run(sql, new QuerySettings());
    }

    private static void run(String sql, QuerySettings settings) {
        try (QueryResponse ignored = client.query(sql, settings).get()) {
            // DDL: nothing to read
        } catch (Exception e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private static String query(String sql) {
        try (QueryResponse response = client.query(sql).get()) {
            return new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}
