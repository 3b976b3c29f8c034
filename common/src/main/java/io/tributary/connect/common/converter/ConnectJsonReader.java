package io.tributary.connect.common.converter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.TextNode;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON read token by token from a {@link JsonParser} into Connect data, giving what Kafka's {@code JsonConverter}
 * gives from the {@code JsonNode} tree it builds first (with exact decimals for fractions, its configuration). The
 * tree's rules, kept here without the tree:
 * <ul>
 *   <li>without a schema: integers are {@code Long} (truncated beyond 64 bits), fractions {@code Double}, objects
 *       {@code HashMap}, arrays {@code ArrayList};</li>
 *   <li>with a schema, a value of another JSON kind reads as the tree's accessors read it: a number where a
 *       boolean is due is {@code false}, a string where a number is due is 0, anything but a string where a string
 *       or bytes are due is null (and a Struct field refuses that when it is required), an object where an array is
 *       due gives its values;</li>
 *   <li>a null or absent value takes the schema's default when it has one and {@code replace.null.with.default} is
 *       on, is null when the schema is optional, and is refused otherwise;</li>
 *   <li>Decimal reads a number or base64 text; Date and Time need a 32-bit integer, Timestamp any integer.</li>
 * </ul>
 * The parser stands on a value's first token when {@link #read} is called and on its last when it returns. A
 * {@code null} token stands for no value at all (an empty message), which the tree reads as its "missing" node.
 */
final class ConnectJsonReader {

    private final boolean replaceNullWithDefault;

    ConnectJsonReader(boolean replaceNullWithDefault) {
        this.replaceNullWithDefault = replaceNullWithDefault;
    }

    Object read(JsonParser p, JsonToken t, Schema schema) throws IOException {
        if (schema == null) {
            return readSchemaless(p, t);
        }
        if (t == JsonToken.VALUE_NULL) {
            return nullFor(schema);
        }
        String name = schema.name();
        if (name != null) {
            switch (name) {
                case Decimal.LOGICAL_NAME:
                    return readDecimal(p, t, schema);
                case Date.LOGICAL_NAME:
                    return Date.toLogical(schema, int32(p, t, "Date"));
                case Time.LOGICAL_NAME:
                    return Time.toLogical(schema, int32(p, t, "Time"));
                case Timestamp.LOGICAL_NAME:
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw new DataException("Invalid type for Timestamp, underlying representation should be "
                                + "integral but was " + nodeType(t));
                    }
                    return Timestamp.toLogical(schema, integer(p).longValue());
                default:
                    break;
            }
        }
        return switch (schema.type()) {
            case BOOLEAN -> {
                skip(p, t);
                yield t == JsonToken.VALUE_TRUE;
            }
            case INT8 -> (byte) number(p, t).intValue();
            case INT16 -> (short) number(p, t).intValue();
            case INT32 -> number(p, t).intValue();
            case INT64 -> number(p, t).longValue();
            case FLOAT32 -> number(p, t).floatValue();
            case FLOAT64 -> t == JsonToken.VALUE_NUMBER_FLOAT ? fraction(p) : number(p, t).doubleValue();
            case BYTES -> t == JsonToken.VALUE_STRING ? base64(p.getText(), "Invalid bytes field") : skipToNull(p, t);
            case STRING -> t == JsonToken.VALUE_STRING ? p.getText() : skipToNull(p, t);
            case ARRAY -> readArray(p, t, schema.valueSchema());
            case MAP -> readMap(p, t, schema);
            case STRUCT -> readStruct(p, t, schema);
        };
    }

    Object nullFor(Schema schema) {
        if (schema.defaultValue() != null && replaceNullWithDefault) {
            return schema.defaultValue();
        }
        if (schema.isOptional()) {
            return null;
        }
        throw new DataException("Invalid null value for required " + schema.type() + " field");
    }

    private Object readSchemaless(JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            return null;
        }
        switch (t) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                return integer(p).longValue();
            case VALUE_NUMBER_FLOAT:
                return fraction(p);
            case VALUE_STRING:
                return p.getText();
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                JsonToken element;
                while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(readSchemaless(p, element));
                }
                return list;
            }
            case START_OBJECT: {
                Map<Object, Object> map = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    map.put(key, readSchemaless(p, p.nextToken()));
                }
                return map;
            }
            default:
                throw new DataException("Unknown schema type: null");
        }
    }

    private List<Object> readArray(JsonParser p, JsonToken t, Schema elementSchema) throws IOException {
        List<Object> list = new ArrayList<>();
        if (t == JsonToken.START_ARRAY) {
            JsonToken element;
            while ((element = p.nextToken()) != JsonToken.END_ARRAY) {
                list.add(read(p, element, elementSchema));
            }
        } else if (t == JsonToken.START_OBJECT) {
            // The tree iterates an object node over its values, a repeated name's last value in its first place:
            // read as the tree here (a rare shape) to give exactly that.
            JsonNode object = p.readValueAsTree();
            for (JsonNode value : object) {
                try (JsonParser values = value.traverse(p.getCodec())) {
                    list.add(read(values, values.nextToken(), elementSchema));
                }
            }
        }
        return list;
    }

    private Map<Object, Object> readMap(JsonParser p, JsonToken t, Schema schema) throws IOException {
        Schema keySchema = schema.keySchema();
        Schema valueSchema = schema.valueSchema();
        Map<Object, Object> map = new HashMap<>();
        if (keySchema.type() == Schema.Type.STRING) {
            if (t != JsonToken.START_OBJECT) {
                throw new DataException("Maps with string fields should be encoded as JSON objects, but found "
                        + nodeType(t));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                map.put(key, read(p, p.nextToken(), valueSchema));
            }
            return map;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new DataException("Maps with non-string fields should be encoded as JSON array of tuples, but found "
                    + nodeType(t));
        }
        JsonToken entry;
        while ((entry = p.nextToken()) != JsonToken.END_ARRAY) {
            if (entry != JsonToken.START_ARRAY) {
                throw new DataException("Found invalid map entry instead of array tuple: " + nodeType(entry));
            }
            JsonToken first = p.nextToken();
            if (first == JsonToken.END_ARRAY) {
                throw new DataException("Found invalid map entry, expected length 2 but found :0");
            }
            Object key = read(p, first, keySchema);
            JsonToken second = p.nextToken();
            if (second == JsonToken.END_ARRAY) {
                throw new DataException("Found invalid map entry, expected length 2 but found :1");
            }
            Object value = read(p, second, valueSchema);
            int length = 2;
            JsonToken more;
            while ((more = p.nextToken()) != JsonToken.END_ARRAY) {
                skip(p, more);
                length++;
            }
            if (length != 2) {
                throw new DataException("Found invalid map entry, expected length 2 but found :" + length);
            }
            map.put(key, value);
        }
        return map;
    }

    private Struct readStruct(JsonParser p, JsonToken t, Schema schema) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw new DataException("Structs should be encoded as JSON objects, but found " + nodeType(t));
        }
        List<Field> fields = schema.fields();
        Object[] values = new Object[fields.size()];
        boolean[] present = new boolean[fields.size()];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            Field field = schema.field(p.currentName());
            JsonToken value = p.nextToken();
            if (field == null) {
                skip(p, value);
            } else {
                // A repeated name: the last occurrence wins, as in the tree.
                values[field.index()] = read(p, value, field.schema());
                present[field.index()] = true;
            }
        }
        Struct struct = new Struct(schema.schema());
        for (Field field : fields) {
            Object value = present[field.index()] ? values[field.index()] : nullFor(field.schema());
            struct.put(field, value);
        }
        return struct;
    }

    private static BigDecimal readDecimal(JsonParser p, JsonToken t, Schema schema) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            Number n = integer(p);
            return n instanceof BigInteger big ? new BigDecimal(big) : BigDecimal.valueOf(n.longValue());
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Decimal.toLogical(schema, base64(p.getText(), "Invalid bytes field"));
            } catch (Exception e) {
                throw new DataException("Invalid bytes for Decimal field", e);
            }
        }
        throw new DataException("Invalid type for Decimal, underlying representation should be numeric or bytes but "
                + "was " + nodeType(t));
    }

    private static int int32(JsonParser p, JsonToken t, String logicalType) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new DataException("Invalid type for " + logicalType + ", underlying representation should be "
                    + "integer but was " + nodeType(t));
        }
        return p.getIntValue();
    }

    /** An integer token as the tree holds it: Integer, Long or BigInteger. */
    private static Number integer(JsonParser p) throws IOException {
        return p.getNumberValue();
    }

    /**
     * A number as the tree's numeric accessors see it (fractions as exact decimals); anything else as the tree's
     * non-numeric nodes answer them: 0.
     */
    private static Number number(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return integer(p);
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDecimalValue();
        }
        skip(p, t);
        return 0;
    }

    /**
     * A fraction as a double, as the tree gives it: {@code BigDecimal.doubleValue()} of the exact decimal. Parsing
     * to double directly rounds the same (both are correctly rounded) except for the sign of zero: a decimal has
     * none, so "-0.0" is 0.0 while "-1e-400" underflows to -0.0; zeros take the decimal's way.
     */
    private static double fraction(JsonParser p) throws IOException {
        double d = p.getDoubleValue();
        return d == 0.0 ? p.getDecimalValue().doubleValue() : d;
    }

    /** Base64 text decoded as the tree's text node decodes it (Jackson's default variant, surrounding blanks cut). */
    private static byte[] base64(String text, String error) {
        try {
            return TextNode.valueOf(text).binaryValue();
        } catch (IOException e) {
            throw new DataException(error, e);
        }
    }

    private static Object skipToNull(JsonParser p, JsonToken t) throws IOException {
        skip(p, t);
        return null;
    }

    private static void skip(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
    }

    /** The tree's name for the kind of value a token starts, for error messages worded as Kafka's. */
    static JsonNodeType nodeType(JsonToken t) {
        if (t == null) {
            return JsonNodeType.MISSING;
        }
        return switch (t) {
            case START_OBJECT -> JsonNodeType.OBJECT;
            case START_ARRAY -> JsonNodeType.ARRAY;
            case VALUE_STRING -> JsonNodeType.STRING;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> JsonNodeType.NUMBER;
            case VALUE_TRUE, VALUE_FALSE -> JsonNodeType.BOOLEAN;
            case VALUE_NULL -> JsonNodeType.NULL;
            default -> JsonNodeType.POJO;
        };
    }
}
