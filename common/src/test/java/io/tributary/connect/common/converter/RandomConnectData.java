package io.tributary.connect.common.converter;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random Connect schemas and values that fit them (nested structs, maps with string and other keys,
 * arrays, every primitive, logical types, optional fields, defaults, nulls), and schemaless values; with the edge
 * values that trip JSON writers: unicode beyond the BMP and control characters, NaN and infinities, -0.0, the
 * extremes of every integer type, decimals of many scales and sizes.
 */
final class RandomConnectData {

    private static final Schema.Type[] PRIMITIVES = {Schema.Type.INT8, Schema.Type.INT16, Schema.Type.INT32,
        Schema.Type.INT64, Schema.Type.FLOAT32, Schema.Type.FLOAT64, Schema.Type.BOOLEAN, Schema.Type.STRING,
        Schema.Type.BYTES};
    private static final String[] EDGE_STRINGS = {"", " ", "\"quoted\" \\ back/slash", "tab\tnew\nline\r\u0000\u001f",
        "caf\u00e9 \u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9", "\u65e5\u672c\u8a9e", "emoji \ud83d\ude00\ud83c\udf89",
        "\u2028\u2029 separators", "</script>", "null", "{\"not\":\"json\"}"};
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-7, 1e7, 1e21, 0.1,
        123456789.123456789, 1.0E-300, 4.9e-324, 2.2250738585072014E-308};
    private static final float[] EDGE_FLOATS = {0.0f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, 1e-7f, 1e7f, 0.1f, 3.4028235e38f};
    private static final long[] EDGE_LONGS = {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE,
        Integer.MAX_VALUE, 9007199254740993L};

    private final Random random;
    private int names;

    RandomConnectData(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    // ---- schemas

    Schema schema(int depth) {
        int pick = random.nextInt(depth <= 0 ? 10 : 16);
        SchemaBuilder builder;
        if (pick < 9) {
            builder = primitive(PRIMITIVES[pick]);
        } else if (pick == 9) {
            builder = logical();
        } else if (pick < 12) {
            builder = SchemaBuilder.array(schema(depth - 1));
        } else if (pick < 14) {
            Schema key = random.nextInt(3) == 0 ? primitive(pickKeyType()).build() : Schema.STRING_SCHEMA;
            builder = SchemaBuilder.map(key, schema(depth - 1));
        } else {
            builder = SchemaBuilder.struct();
            int fields = random.nextInt(6);
            for (int i = 0; i < fields; i++) {
                builder.field(fieldName(i), schema(depth - 1));
            }
            if (random.nextInt(3) == 0) {
                builder.name("io.tributary.test.Record" + names++);
            }
        }
        decorate(builder, depth);
        return builder.build();
    }

    private Schema.Type pickKeyType() {
        return new Schema.Type[]{Schema.Type.INT32, Schema.Type.INT64, Schema.Type.INT8, Schema.Type.BOOLEAN}
                [random.nextInt(4)];
    }

    private String fieldName(int i) {
        return switch (random.nextInt(4)) {
            case 0 -> "f" + i;
            case 1 -> "field_" + i + "_\u00e9";
            case 2 -> "with space " + i;
            default -> "camelCase" + i;
        };
    }

    private static SchemaBuilder primitive(Schema.Type type) {
        return SchemaBuilder.type(type);
    }

    private SchemaBuilder logical() {
        return switch (random.nextInt(4)) {
            case 0 -> Decimal.builder(random.nextInt(8) - 2);
            case 1 -> Date.builder();
            case 2 -> Time.builder();
            default -> Timestamp.builder();
        };
    }

    private void decorate(SchemaBuilder builder, int depth) {
        if (random.nextInt(3) == 0) {
            builder.optional();
        }
        if (random.nextInt(8) == 0) {
            builder.doc("doc \"" + random.nextInt(100) + "\" \u00e9");
        }
        if (builder.version() == null && random.nextInt(8) == 0) {
            builder.version(random.nextInt(5));
        }
        if (builder.name() == null && random.nextInt(10) == 0) {
            builder.name("custom.name." + random.nextInt(10));
        }
        if (random.nextInt(10) == 0) {
            builder.parameter("p" + random.nextInt(3), "v\u00e9" + random.nextInt(3));
        }
        if (random.nextInt(5) == 0 && builder.type() != Schema.Type.STRUCT) {
            Object value = value(builder.build(), depth);
            if (value != null) {
                try {
                    builder.defaultValue(value);
                } catch (DataException notAllowed) {
                    // e.g. a struct inside the default of an array: Connect checks defaults by schema identity
                }
            }
        }
    }

    // ---- values

    /** A value that fits the schema; null sometimes where the schema is optional or has a default. */
    Object value(Schema schema, int depth) {
        if (schema.isOptional() && random.nextInt(6) == 0) {
            return null;
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return decimal(Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)));
                case Date.LOGICAL_NAME:
                    return new java.util.Date((random.nextInt(40000) - 20000) * 86_400_000L);
                case Time.LOGICAL_NAME:
                    return new java.util.Date(random.nextInt(86_400_000));
                case Timestamp.LOGICAL_NAME:
                    return new java.util.Date(random.nextLong() % 100_000_000_000_000L);
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case INT8 -> (byte) longValue();
            case INT16 -> (short) longValue();
            case INT32 -> (int) longValue();
            case INT64 -> longValue();
            case FLOAT32 -> floatValue();
            case FLOAT64 -> doubleValue();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> string();
            case BYTES -> bytes();
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    list.add(value(schema.valueSchema(), depth - 1));
                }
                yield list;
            }
            case MAP -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    Object key = value(schema.keySchema(), 0);
                    if (key != null || schema.keySchema().isOptional()) {
                        map.put(key, value(schema.valueSchema(), depth - 1));
                    }
                }
                yield map;
            }
            case STRUCT -> {
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    struct.put(field, value(field.schema(), depth - 1));
                }
                yield struct;
            }
        };
    }

    /** Schemaless data: maps (string keys, sometimes other keys), lists and the Java types of every primitive. */
    Object schemaless(int depth) {
        int pick = random.nextInt(depth <= 0 ? 12 : 16);
        return switch (pick) {
            case 0 -> null;
            case 1 -> (byte) longValue();
            case 2 -> (short) longValue();
            case 3 -> (int) longValue();
            case 4, 5 -> longValue();
            case 6 -> floatValue();
            case 7, 8 -> doubleValue();
            case 9 -> random.nextBoolean();
            case 10 -> string();
            case 11 -> random.nextBoolean() ? bytes() : string();
            case 12, 13 -> {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    list.add(schemaless(depth - 1));
                }
                yield list;
            }
            default -> {
                Map<Object, Object> map = random.nextInt(5) == 0 ? new HashMap<>() : new LinkedHashMap<>();
                int n = random.nextInt(5);
                boolean otherKeys = random.nextInt(6) == 0;
                for (int i = 0; i < n; i++) {
                    Object key = otherKeys && i == n - 1 ? (Object) longValue() : string();
                    map.put(key, schemaless(depth - 1));
                }
                yield map;
            }
        };
    }

    long longValue() {
        return switch (random.nextInt(4)) {
            case 0 -> EDGE_LONGS[random.nextInt(EDGE_LONGS.length)];
            case 1 -> random.nextLong();
            default -> random.nextInt(2000) - 1000;
        };
    }

    double doubleValue() {
        return switch (random.nextInt(4)) {
            case 0 -> EDGE_DOUBLES[random.nextInt(EDGE_DOUBLES.length)];
            case 1 -> Double.longBitsToDouble(random.nextLong());
            case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
            default -> (random.nextInt(200_000) - 100_000) / 100.0;
        };
    }

    float floatValue() {
        return switch (random.nextInt(3)) {
            case 0 -> EDGE_FLOATS[random.nextInt(EDGE_FLOATS.length)];
            case 1 -> Float.intBitsToFloat(random.nextInt());
            default -> (random.nextInt(20_000) - 10_000) / 100.0f;
        };
    }

    BigDecimal decimal(int scale) {
        BigInteger unscaled = switch (random.nextInt(4)) {
            case 0 -> BigInteger.ZERO;
            case 1 -> new BigInteger(random.nextInt(200) + 1, random);
            default -> BigInteger.valueOf(random.nextInt(2_000_000) - 1_000_000);
        };
        return new BigDecimal(random.nextBoolean() ? unscaled : unscaled.negate(), scale);
    }

    String string() {
        if (random.nextInt(3) == 0) {
            return EDGE_STRINGS[random.nextInt(EDGE_STRINGS.length)];
        }
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            int codePoint = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0x800 + random.nextInt(0xD000);
                case 3 -> 0x10000 + random.nextInt(0x10000);
                default -> 'a' + random.nextInt(26);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    Object bytes() {
        byte[] bytes = new byte[random.nextInt(9)];
        random.nextBytes(bytes);
        return random.nextInt(4) == 0 ? ByteBuffer.wrap(bytes) : bytes;
    }
}
