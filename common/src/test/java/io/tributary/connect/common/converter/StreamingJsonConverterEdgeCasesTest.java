package io.tributary.connect.common.converter;

import io.tributary.connect.common.converter.StreamingJsonConverterTest.Converters;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.common.converter.StreamingJsonConverterTest.converters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Differential, on hand-picked input: the messages and values where a streaming reader or writer is most likely to
 * part from a tree (decimals in both formats and at odd scales, numbers at the edges of their types, values of the
 * wrong JSON kind for their schema, envelopes in unusual order, empty and malformed messages), each compared with
 * Kafka's converter in every configuration.
 */
class StreamingJsonConverterEdgeCasesTest {

    private static final String[] SCHEMALESS_MESSAGES = {
        "{}", "[]", "null", "true", "0", "-0", "-0.0", "0.0", "1.50", "1.0", "1e400", "-1e400", "1e-400", "-1e-400",
        "0001", "-0012.50", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "123456789012345678901234567890", "3.141592653589793238462643383279", "4.9e-324", "2.2250738585072014E-308",
        "\"\\u00e9\\ud83d\\ude00\\u0000\"", "\"caf\u00e9 \ud83d\ude00\"", "{\"a\":1,\"a\":2}",
        "{\"a\":{\"b\":[1,2.5,\"x\",null,true,{\"c\":[]}]}}", "  {\"a\" : 1 }  ", "{\"a\":1} trailing", "[1,2] [3]",
        "", "   ", "{", "{\"a\":}", "[1,]", "nul", "{\"schema\":null,\"payload\":{\"x\":1}}",
    };

    private static final String INT32 = "{\"type\":\"int32\",\"optional\":false}";
    private static final String[] ENVELOPES = {
        env(INT32, "42"), env(INT32, "\"42\""), env(INT32, "true"), env(INT32, "4.9"), env(INT32, "1e10"),
        env(INT32, "9223372036854775808"), env(INT32, "null"), env(INT32, "[1]"), env(INT32, "{\"a\":1}"),
        env("{\"type\":\"int8\",\"optional\":false}", "300"),
        env("{\"type\":\"int16\",\"optional\":false}", "-70000"),
        env("{\"type\":\"int64\",\"optional\":false}", "12345678901234567890123"),
        env("{\"type\":\"int64\",\"optional\":false}", "1.9e3"),
        env("{\"type\":\"float\",\"optional\":false}", "0.1"), env("{\"type\":\"float\",\"optional\":false}", "-0.0"),
        env("{\"type\":\"float\",\"optional\":false}", "1e39"), env("{\"type\":\"float\",\"optional\":false}", "7"),
        env("{\"type\":\"double\",\"optional\":false}", "-0.0"), env("{\"type\":\"double\",\"optional\":false}", "-1e-400"),
        env("{\"type\":\"double\",\"optional\":false}", "12345678901234567890"),
        env("{\"type\":\"double\",\"optional\":false}", "\"1.5\""),
        env("{\"type\":\"boolean\",\"optional\":false}", "1"), env("{\"type\":\"boolean\",\"optional\":false}", "false"),
        env("{\"type\":\"string\",\"optional\":false}", "5"), env("{\"type\":\"string\",\"optional\":true}", "{\"a\":1}"),
        env("{\"type\":\"bytes\",\"optional\":false}", "\"AAEC\""), env("{\"type\":\"bytes\",\"optional\":false}", "\" AAEC \""),
        env("{\"type\":\"bytes\",\"optional\":false}", "\"not base64!\""),
        env("{\"type\":\"bytes\",\"optional\":true}", "12"),
        env("{\"type\":\"array\",\"items\":{\"type\":\"int32\",\"optional\":false},\"optional\":false}", "{\"a\":1,\"b\":2}"),
        env("{\"type\":\"array\",\"items\":{\"type\":\"int32\",\"optional\":false},\"optional\":false}", "7"),
        env("{\"type\":\"array\",\"items\":{\"type\":\"int32\",\"optional\":false},\"optional\":false}",
                "{\"a\":1,\"b\":2,\"a\":3}"),
        env("{\"type\":\"array\",\"items\":{\"type\":\"int32\",\"optional\":false},\"optional\":false}", "[1,null]"),
        env("{\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},\"values\":{\"type\":\"int32\","
                + "\"optional\":false},\"optional\":false}", "[[\"a\",1]]"),
        env("{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},\"values\":{\"type\":\"int32\","
                + "\"optional\":false},\"optional\":false}", "[[1,2],[3,4],[1,5]]"),
        env("{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},\"values\":{\"type\":\"int32\","
                + "\"optional\":false},\"optional\":false}", "[[1,2,3]]"),
        env("{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},\"values\":{\"type\":\"int32\","
                + "\"optional\":false},\"optional\":false}", "[[1]]"),
        env("{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},\"values\":{\"type\":\"int32\","
                + "\"optional\":false},\"optional\":false}", "[5]"),
        env("{\"type\":\"map\",\"keys\":{\"type\":\"int32\",\"optional\":false},\"values\":{\"type\":\"int32\","
                + "\"optional\":false},\"optional\":false}", "{\"1\":2}"),
        env(struct(), "{\"id\":1,\"name\":\"x\",\"extra\":[1,{\"y\":2}],\"id\":3}"),
        env(struct(), "{\"name\":\"only\"}"), env(struct(), "{}"), env(struct(), "[1,2]"), env(struct(), "\"s\""),
        env(struct(), "{\"id\":null,\"name\":null}"),
        env(decimal(2), "1.50"), env(decimal(2), "1.5"), env(decimal(2), "150"), env(decimal(2), "\"AJY=\""),
        env(decimal(2), "\"%%\""), env(decimal(2), "true"), env(decimal(2), "[1]"), env(decimal(-2), "12E+3"),
        env(decimal(2), "123456789012345678901234567890.12"), env(decimal(2), "1.500000"), env(decimal(0), "0.00"),
        env(decimal(2), "-0.00"), env(decimal(2), "12345678901234567890123"),
        env(logical(Date.LOGICAL_NAME, "int32"), "19000"), env(logical(Date.LOGICAL_NAME, "int32"), "1.5"),
        env(logical(Date.LOGICAL_NAME, "int32"), "3000000000"), env(logical(Date.LOGICAL_NAME, "int32"), "\"x\""),
        env(logical(Time.LOGICAL_NAME, "int32"), "3600000"), env(logical(Time.LOGICAL_NAME, "int32"), "3600000000"),
        env(logical(Timestamp.LOGICAL_NAME, "int64"), "1700000000000"),
        env(logical(Timestamp.LOGICAL_NAME, "int64"), "12345678901234567890123"),
        env(logical(Timestamp.LOGICAL_NAME, "int64"), "17.5"),
        env("{\"type\":\"int32\",\"optional\":false,\"default\":7}", "null"),
        env("{\"type\":\"int32\",\"optional\":true,\"default\":7}", "null"),
        env("{\"type\":\"struct\",\"fields\":[{\"type\":\"string\",\"optional\":false,\"default\":\"d\",\"field\":\"s\"},"
                + "{\"type\":\"bytes\",\"optional\":true,\"default\":\"AQI=\",\"field\":\"b\"}],\"optional\":false}",
                "{}"),
        env("{\"type\":\"int32\",\"optional\":false,\"default\":null}", "1"),
        env("{\"type\":\"int32\",\"optional\":\"yes\",\"version\":\"2\",\"name\":5,\"doc\":[],\"parameters\":"
                + "{\"a\":\"b\"}}", "1"),
        env("{\"type\":\"int32\",\"optional\":false,\"parameters\":{\"a\":1}}", "1"),
        env("{\"type\":\"int32\",\"optional\":false,\"version\":2.5}", "1"),
        env("{\"type\":\"nope\"}", "1"), env("{\"optional\":true}", "1"), env("[]", "1"), env("\"int32\"", "1"),
        env("{\"type\":\"array\",\"optional\":false}", "[]"), env("{\"type\":\"map\",\"keys\":null,\"values\":"
                + "{\"type\":\"int32\"}}", "{}"),
        env("{\"type\":\"struct\",\"fields\":{}}", "{}"),
        env("{\"type\":\"struct\",\"fields\":[{\"type\":\"int32\"}]}", "{}"),
        "{\"payload\":5,\"schema\":" + INT32 + "}",
        "{\"payload\":{\"id\":1,\"name\":\"p\"},\"schema\":" + struct() + "}",
        "{\"schema\":" + INT32 + ",\"schema\":{\"type\":\"string\",\"optional\":false},\"payload\":\"x\"}",
        "{\"schema\":" + INT32 + ",\"payload\":1,\"payload\":2}",
        "{\"schema\":" + INT32 + ",\"payload\":1,\"extra\":2}",
        "{\"schema\":" + INT32 + "}", "{\"payload\":1}", "[1]", "5", "", " ", "{\"schema\":" + INT32 + ",\"payload\":1",
        "{\"schema\":" + INT32 + ",\"payload\":1} trailing",
        "{\"schema\":null,\"payload\":[1,2.5,{\"a\":null}]}", "{\"schema\":null,\"payload\":null}",
    };

    private static String env(String schema, String payload) {
        return "{\"schema\":" + schema + ",\"payload\":" + payload + "}";
    }

    private static String struct() {
        return "{\"type\":\"struct\",\"fields\":[{\"type\":\"int64\",\"optional\":true,\"field\":\"id\"},"
                + "{\"type\":\"string\",\"optional\":true,\"field\":\"name\"}],\"optional\":false,\"name\":\"r\"}";
    }

    private static String decimal(int scale) {
        return "{\"type\":\"bytes\",\"optional\":false,\"name\":\"org.apache.kafka.connect.data.Decimal\",\"version\":1,"
                + "\"parameters\":{\"scale\":\"" + scale + "\"}}";
    }

    private static String logical(String name, String type) {
        return "{\"type\":\"" + type + "\",\"optional\":false,\"name\":\"" + name + "\",\"version\":1}";
    }

    static List<Map<String, ?>> configurations() {
        return StreamingJsonConverterTest.configurations().<Map<String, ?>>map(a -> (Map<String, ?>) a.get()[0]).toList();
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void readsOddMessagesAsKafkasConverter(Map<String, ?> config) {
        Converters converters = converters(config);
        for (String message : SCHEMALESS_MESSAGES) {
            converters.agreeOnReading(message.getBytes(StandardCharsets.UTF_8), "message");
        }
        for (String message : ENVELOPES) {
            converters.agreeOnReading(message.getBytes(StandardCharsets.UTF_8), "message");
        }
        // After an envelope was read, messages with the same start up to the payload (read with that schema alone)
        String start = "{\"schema\":" + struct() + ",\"payload\":";
        converters.agreeOnReading((start + "{\"id\":1}}").getBytes(StandardCharsets.UTF_8), "a first envelope");
        for (String rest : new String[]{"{\"id\":2,\"name\":\"b\"}}", "{\"id\":3} } trailing", "{\"id\":4}  \n}",
            "{\"id\":5},\"extra\":1}", "{\"id\":6},\"payload\":{\"id\":7}}", "{\"id\":8}", "{\"id\":9",
            "{\"id\":\"x\"}}", "null}", "[1]}", "\"s\"}", "7}", "-1}", "{\"id\":10}]", "", " ", "{\"name\":null}}"}) {
            converters.agreeOnReading((start + rest).getBytes(StandardCharsets.UTF_8), "a known start then " + rest);
            converters.agreeOnReading((start + "{\"id\":1}}").getBytes(StandardCharsets.UTF_8), "the first again");
        }
        // Invalid UTF-8, a lone surrogate escaped
        converters.agreeOnReading(new byte[]{'"', (byte) 0xC3, (byte) 0x28, '"'}, "invalid UTF-8");
        converters.agreeOnReading("\"\\ud800\"".getBytes(StandardCharsets.UTF_8), "escaped lone surrogate");
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void readsMessagesWithAConfiguredSchemaAsKafkasConverter(Map<String, ?> config) {
        for (String schema : new String[]{INT32, struct(), decimal(2), "{\"type\":\"int32\",\"optional\":false,"
                + "\"default\":3}", "{\"type\":\"array\",\"items\":{\"type\":\"double\"},\"optional\":true}"}) {
            Map<String, Object> withSchema = new HashMap<>(config);
            withSchema.put("schema.content", schema);
            Converters converters = converters(withSchema);
            for (String payload : new String[]{"1", "null", "\"AJY=\"", "1.50", "{\"id\":2,\"name\":\"n\"}", "[1,2.5]",
                "{\"a\":1}", "", "true", env(INT32, "1")}) {
                converters.agreeOnReading(payload.getBytes(StandardCharsets.UTF_8), "payload for " + schema);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void writesEdgeValuesAsKafkasConverter(Map<String, ?> config) {
        Converters converters = converters(config);
        for (int scale : new int[]{-3, 0, 2, 10, 40}) {
            Schema decimal = Decimal.schema(scale);
            for (BigDecimal value : new BigDecimal[]{BigDecimal.ZERO.setScale(scale), new BigDecimal("-12345.678")
                    .setScale(scale, java.math.RoundingMode.HALF_UP), new BigDecimal(new BigInteger("9".repeat(60)),
                    scale), BigDecimal.valueOf(1, scale), BigDecimal.valueOf(-1, scale)}) {
                converters.agreeOn(decimal, value, "decimal " + value + " scale " + scale);
                converters.agreeOn(Decimal.builder(scale).optional().build(), value, "optional decimal " + value);
            }
            converters.agreeOn(decimal, new BigDecimal("1.5"), "decimal of another scale");
        }
        Schema withDecimalDefault = SchemaBuilder.struct().field("d", Decimal.builder(2).optional()
                .defaultValue(new BigDecimal("3.14")).build()).build();
        converters.agreeOn(withDecimalDefault, new Struct(withDecimalDefault), "decimal default in struct");
        converters.agreeOn(Decimal.schema(2), "1.50", "a string where a decimal is due");
        converters.agreeOn(Date.SCHEMA, new java.util.Date(86_400_000L * 19_000), "date");
        converters.agreeOn(Date.SCHEMA, new java.util.Date(86_400_000L * 19_000 + 1), "date not at midnight");
        converters.agreeOn(Time.SCHEMA, new java.util.Date(3_600_000), "time");
        converters.agreeOn(Timestamp.SCHEMA, new java.util.Date(Long.MIN_VALUE), "timestamp");
        converters.agreeOn(Timestamp.SCHEMA, 5L, "a long where a timestamp is due");
        byte[] backing = {1, 2, 3, 4, 5, 6};
        converters.agreeOn(Schema.BYTES_SCHEMA, ByteBuffer.wrap(backing, 2, 3), "a buffer over part of an array");
        converters.agreeOn(null, ByteBuffer.wrap(backing, 2, 3).slice(), "a sliced buffer");
        converters.agreeOn(Schema.BYTES_SCHEMA, "text", "a string where bytes are due");
        converters.agreeOn(Schema.INT32_SCHEMA, 5L, "a long where an int is due");
        converters.agreeOn(Schema.STRING_SCHEMA, new StringBuilder("a char sequence"), "a StringBuilder");
        converters.agreeOn(Schema.STRING_SCHEMA, "lone \ud800 surrogate", "a lone surrogate");
        converters.agreeOn(null, "lone \udc00", "a lone low surrogate");
        converters.agreeOn(null, new BigDecimal("1.5"), "a BigDecimal without schema");
        converters.agreeOn(null, new java.util.Date(), "a Date without schema");
        converters.agreeOn(null, BigInteger.ONE, "a BigInteger");
        converters.agreeOn(null, List.of(Float.NaN, Double.NEGATIVE_INFINITY, -0.0f, Float.MIN_VALUE), "floats");
        Schema struct = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        Schema equalStruct = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();
        Schema otherStruct = SchemaBuilder.struct().field("b", Schema.INT32_SCHEMA).build();
        converters.agreeOn(struct, new Struct(equalStruct).put("a", 1), "a struct of an equal schema");
        converters.agreeOn(struct, new Struct(otherStruct).put("b", 1), "a struct of another schema");
        converters.agreeOn(null, new Struct(struct).put("a", 1), "a struct without schema");
        converters.agreeOn(struct, new Struct(struct), "a struct missing a required field");
        Map<Object, Object> mixed = new LinkedHashMap<>();
        mixed.put("a", 1);
        mixed.put(2L, "b");
        converters.agreeOn(null, mixed, "a map with a non-string key");
        Map<Object, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        converters.agreeOn(null, nullKey, "a map with a null key");
        Schema optionalKeys = SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        converters.agreeOn(optionalKeys, nullKey, "a null key of an optional string schema");
        Schema defaultKeys = SchemaBuilder.map(SchemaBuilder.string().defaultValue("k").build(),
                Schema.INT32_SCHEMA).build();
        converters.agreeOn(defaultKeys, nullKey, "a null key of a string schema with a default");
        Schema intKeys = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build();
        converters.agreeOn(intKeys, Map.of(1, 1), "an int key where string keys are due");
        List<Object> withNull = new ArrayList<>();
        withNull.add(null);
        converters.agreeOn(SchemaBuilder.array(Schema.INT32_SCHEMA).build(), withNull, "a null in required items");
        converters.agreeOn(SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA).build(), withNull, "optional items");
        converters.agreeOn(null, withNull, "a null item without schema");
        converters.agreeOn(Schema.OPTIONAL_STRING_SCHEMA, null, "a null of an optional schema");
        converters.agreeOn(SchemaBuilder.string().defaultValue("d").build(), null, "a null with a default");
        converters.agreeOn(Schema.STRING_SCHEMA, null, "a null of a required schema");
        converters.agreeOn(SchemaBuilder.int32().name("custom").version(3).doc("d").parameter("k", "v").build(), 5,
                "schema metadata");
        converters.agreeOn(SchemaBuilder.int32().parameter("k", null).build(), 5, "a null parameter");
    }

    /**
     * The one deliberate difference: a name repeated in an object is read at each occurrence (Kafka's tree keeps the
     * last value only), so an earlier occurrence that does not fit the schema refuses the record where Kafka's
     * converter reads it. The last occurrence wins in both when every occurrence fits (checked above).
     */
    @Test
    void refusesARepeatedNameWhoseEarlierValueDoesNotFit() {
        Converters converters = converters(Map.of());
        byte[] message = env("{\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},\"values\":"
                + "{\"type\":\"int32\",\"optional\":false},\"optional\":false}", "{\"a\":null,\"a\":1}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(converters.kafka().toConnectData("t", message).value()).isEqualTo(Map.of("a", 1));
        assertThatThrownBy(() -> converters.ours().toConnectData("t", message)).isInstanceOf(DataException.class)
                .hasMessage("Invalid null value for required INT32 field");
    }

    @Test
    void isFoundAsAConverterAndAHeaderConverterWithKafkasKeys() {
        StreamingJsonConverter ours = new StreamingJsonConverter();
        assertThat(ours.config().names()).containsExactlyInAnyOrderElementsOf(
                new org.apache.kafka.connect.json.JsonConverter().config().names());
        for (String key : ours.config().names()) {
            assertThat(ours.config().configKeys().get(key).defaultValue).as(key)
                    .isEqualTo(new org.apache.kafka.connect.json.JsonConverter().config().configKeys().get(key)
                            .defaultValue);
        }
        assertThat(ours.version()).isNotBlank();
    }

    @Test
    void headersConvertAsValues() {
        Converters converters = converters(Map.of());
        byte[] kafka = converters.kafka().fromConnectHeader("t", "h", Schema.STRING_SCHEMA, "v\u00e9");
        assertThat(converters.ours().fromConnectHeader("t", "h", Schema.STRING_SCHEMA, "v\u00e9")).isEqualTo(kafka);
        assertThat(converters.ours().toConnectHeader("t", "h", kafka))
                .isEqualTo(converters.kafka().toConnectHeader("t", "h", kafka));
    }

    @Test
    void keysAreConfiguredAsKeys() {
        StreamingJsonConverter ours = new StreamingJsonConverter();
        ours.configure(Map.of("schemas.enable", "false"), true);
        assertThat(new String(ours.fromConnectData("t", Schema.STRING_SCHEMA, "k"), StandardCharsets.UTF_8))
                .isEqualTo("\"k\"");
        assertThat(ours.toConnectData("t", null)).isEqualTo(SchemaAndValue.NULL);
        assertThat(ours.fromConnectData("t", null, null)).isNull();
    }

    @Test
    void aMalformedSchemaContentIsRefusedWhenConfigured() {
        StreamingJsonConverter ours = new StreamingJsonConverter();
        assertThatThrownBy(() -> ours.configure(Map.of("schema.content", "{\"type\":"), false))
                .isInstanceOf(DataException.class);
        assertThatThrownBy(() -> ours.configure(Map.of("decimal.format", "hex"), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class);
    }

    @Test
    void reusesTheSchemaOfEarlierMessages() {
        Converters converters = converters(Map.of());
        byte[] message = env(struct(), "{\"id\":1,\"name\":\"a\"}").getBytes(StandardCharsets.UTF_8);
        Schema first = converters.ours().toConnectData("t", message).schema();
        Schema second = converters.ours().toConnectData("t", message).schema();
        assertThat(second).isSameAs(first);
    }
}
