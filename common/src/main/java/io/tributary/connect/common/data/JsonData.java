package io.tributary.connect.common.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON ⇄ Connect data, shared by every plugin that reads or writes JSON.
 *
 * <p>Reading schemaless JSON yields only the Java types Connect's schemaless data model accepts: {@code Long} for
 * integers, {@code Double} for fractions (and for integers beyond the range of a long), {@code String},
 * {@code Boolean}, {@code null}, {@code ArrayList} and {@code LinkedHashMap}. Jackson's untyped reading would also
 * produce {@code BigInteger}, which Connect's converters reject later, far from the line that caused it.
 *
 * <p>Reading against a declared schema checks every field and reports problems by path ({@code user.address.zip}),
 * never by value: payloads may hold personal data, and error text ends up in logs and dead-letter headers.
 */
public final class JsonData {

    public static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    /** Errors name "the value" at the top; a map entry's path is its key after a dot, at the top too. */
    private static final JsonContainers.Places PLACES = new JsonContainers.Places("the value", true);

    private JsonData() {
    }

    /** Parses one complete JSON value from {@code buf[offset, offset+length)} into schemaless Connect data. */
    public static Object parseSchemaless(byte[] buf, int offset, int length) throws IOException {
        try (JsonParser parser = FACTORY.createParser(buf, offset, length)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DataException("empty input: no JSON value");
            }
            Object value = readValue(parser, first);
            if (parser.nextToken() != null) {
                throw new DataException("more than one JSON value on the line (column "
                        + parser.currentLocation().getColumnNr() + ")");
            }
            return value;
        }
    }

    /** Parses one complete JSON value into a tree, for conversion against a schema. */
    public static JsonNode parseTree(byte[] buf, int offset, int length) throws IOException {
        try (JsonParser parser = FACTORY.createParser(buf, offset, length)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null) {
                throw new DataException("empty input: no JSON value");
            }
            if (parser.nextToken() != null) {
                throw new DataException("more than one JSON value on the line (column "
                        + parser.currentLocation().getColumnNr() + ")");
            }
            return node;
        }
    }

    /**
     * Reads the value starting at {@code token} (the parser's current token) into schemaless Connect data, leaving
     * the parser on its last token: for reading values out of a larger document without a parser each.
     */
    public static Object readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    map.put(name, readValue(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readValue(parser, next));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return parser.getBigIntegerValue().doubleValue();
                }
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new DataException("unexpected JSON token " + token);
        }
    }

    /** Converts a JSON tree to Connect data of the given schema, reporting problems by field path. */
    public static Object toConnect(Schema schema, JsonNode node) {
        return toConnect(schema, node, "");
    }

    private static Object toConnect(Schema schema, JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (schema.defaultValue() != null) {
                return schema.defaultValue();
            }
            if (schema.isOptional()) {
                return null;
            }
            throw new DataException(describe(path) + " is required but missing or null");
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME: return decimal(schema, node, path);
                case Timestamp.LOGICAL_NAME: return timestamp(node, path);
                case Date.LOGICAL_NAME: return date(node, path);
                case Time.LOGICAL_NAME: return time(node, path);
                default: break;
            }
        }
        switch (schema.type()) {
            case BOOLEAN:
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                throw mismatch(path, "a boolean", node);
            case INT8: return (byte) integral(node, path, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case INT16: return (short) integral(node, path, Short.MIN_VALUE, Short.MAX_VALUE);
            case INT32: return (int) integral(node, path, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64: return integral(node, path, Long.MIN_VALUE, Long.MAX_VALUE);
            case FLOAT32:
                if (node.isNumber()) {
                    return node.floatValue();
                }
                throw mismatch(path, "a number", node);
            case FLOAT64:
                if (node.isNumber()) {
                    return node.doubleValue();
                }
                throw mismatch(path, "a number", node);
            case STRING:
                // Any JSON value can be kept as text without loss: scalars as written, objects and arrays as JSON.
                return node.isTextual() ? node.textValue() : node.isValueNode() ? node.asText() : node.toString();
            case BYTES:
                if (node.isTextual()) {
                    try {
                        return Base64.getDecoder().decode(node.textValue());
                    } catch (IllegalArgumentException e) {
                        throw new DataException(describe(path) + " is not valid base64");
                    }
                }
                throw mismatch(path, "a base64 string", node);
            case ARRAY:
                return JsonContainers.array(schema, node, path, JsonData::toConnect, PLACES);
            case MAP:
                return JsonContainers.map(schema, node, path, JsonData::toConnect, PLACES);
            case STRUCT: {
                if (!node.isObject()) {
                    throw mismatch(path, "an object", node);
                }
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    String fieldPath = path.isEmpty() ? field.name() : path + "." + field.name();
                    struct.put(field, toConnect(field.schema(), node.get(field.name()), fieldPath));
                }
                return struct;
            }
            default:
                throw new DataException("unsupported schema type " + schema.type() + " at " + describe(path));
        }
    }

    private static long integral(JsonNode node, String path, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw mismatch(path, "an integer", node);
        }
        long value = node.longValue();
        if (value < min || value > max) {
            throw new DataException(describe(path) + " is out of range [" + min + ", " + max + "]");
        }
        return value;
    }

    private static BigDecimal decimal(Schema schema, JsonNode node, String path) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        try {
            BigDecimal value = node.isNumber() ? node.decimalValue()
                    : node.isTextual() ? new BigDecimal(node.textValue()) : null;
            if (value == null) {
                throw mismatch(path, "a decimal number", node);
            }
            return value.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (NumberFormatException e) {
            throw new DataException(describe(path) + " is not a decimal number");
        } catch (ArithmeticException e) {
            throw new DataException(describe(path) + " has more than " + scale + " decimal places");
        }
    }

    private static java.util.Date timestamp(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return new java.util.Date(node.longValue());
        }
        if (node.isTextual()) {
            try {
                return java.util.Date.from(TimeParsing.instant(node.textValue()));
            } catch (RuntimeException e) {
                throw new DataException(describe(path) + " is not an ISO-8601 timestamp or epoch milliseconds");
            }
        }
        throw mismatch(path, "a timestamp", node);
    }

    private static java.util.Date date(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return new java.util.Date(node.longValue() * 86_400_000L);
        }
        if (node.isTextual()) {
            try {
                return java.util.Date.from(LocalDate.parse(node.textValue()).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (RuntimeException e) {
                throw new DataException(describe(path) + " is not an ISO-8601 date");
            }
        }
        throw mismatch(path, "a date", node);
    }

    private static java.util.Date time(JsonNode node, String path) {
        if (node.isIntegralNumber()) {
            return new java.util.Date(node.longValue());
        }
        if (node.isTextual()) {
            try {
                return new java.util.Date(LocalTime.parse(node.textValue()).toNanoOfDay() / 1_000_000L);
            } catch (RuntimeException e) {
                throw new DataException(describe(path) + " is not an ISO-8601 time");
            }
        }
        throw mismatch(path, "a time", node);
    }

    private static DataException mismatch(String path, String expected, JsonNode actual) {
        return JsonContainers.mismatch(PLACES, path, expected, actual);
    }

    private static String describe(String path) {
        return PLACES.describe(path);
    }

    /**
     * Writes Connect data as JSON. Structs become objects; Decimal becomes a JSON number; Timestamp, Date and Time
     * become ISO-8601 strings in UTC; bytes become base64. Schemaless values are written by their Java type.
     */
    public static void write(JsonGenerator gen, Schema schema, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        if (schema != null && schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    gen.writeNumber(value instanceof BigDecimal ? (BigDecimal) value
                            : Decimal.toLogical(schema, (byte[]) value));
                    return;
                case Timestamp.LOGICAL_NAME:
                    gen.writeString(((java.util.Date) value).toInstant().toString());
                    return;
                case Date.LOGICAL_NAME:
                    gen.writeString(LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC).toString());
                    return;
                case Time.LOGICAL_NAME:
                    gen.writeString(LocalTime.ofNanoOfDay(((java.util.Date) value).getTime() * 1_000_000L).toString());
                    return;
                default:
                    break;
            }
        }
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            gen.writeStartObject();
            for (Field field : struct.schema().fields()) {
                gen.writeFieldName(field.name());
                write(gen, field.schema(), struct.get(field));
            }
            gen.writeEndObject();
        } else if (value instanceof Map) {
            gen.writeStartObject();
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                gen.writeFieldName(String.valueOf(entry.getKey()));
                write(gen, valueSchema, entry.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Collection) {
            gen.writeStartArray();
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            for (Object element : (Collection<?>) value) {
                write(gen, valueSchema, element);
            }
            gen.writeEndArray();
        } else if (value instanceof String) {
            gen.writeString((String) value);
        } else if (value instanceof Boolean) {
            gen.writeBoolean((Boolean) value);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            gen.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            gen.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof BigDecimal) {
            gen.writeNumber((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            gen.writeNumber((BigInteger) value);
        } else if (value instanceof byte[]) {
            gen.writeBinary((byte[]) value);
        } else if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            gen.writeBinary(bytes);
        } else if (value instanceof java.util.Date) {
            gen.writeString(((java.util.Date) value).toInstant().toString());
        } else if (value instanceof Instant) {
            gen.writeString(value.toString());
        } else {
            throw new DataException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }
}
