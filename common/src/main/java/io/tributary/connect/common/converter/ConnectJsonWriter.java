package io.tributary.connect.common.converter;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.connect.common.converter.StreamingJsonConverterConfig.DecimalFormat;
import org.apache.kafka.connect.data.ConnectSchema;
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
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Connect data (and Connect schemas) written straight to a {@link JsonGenerator}, producing the bytes Kafka's
 * {@code JsonConverter} produces from its {@code JsonNode} tree: the same field order, the same number, binary and
 * NaN forms (both go through Jackson's generator with its defaults), the same errors for data that does not fit its
 * schema. The rules followed, each as Kafka's converter applies them:
 * <ul>
 *   <li>a null takes the schema's default when it has one and {@code replace.null.with.default} is on, is written
 *       as {@code null} when the schema is optional or absent, and is refused otherwise;</li>
 *   <li>a schema named as one of Connect's logical types is written as that type (Decimal per
 *       {@code decimal.format}, Date and Time as int, Timestamp as long) whatever its declared type;</li>
 *   <li>without a schema, the value's Java class picks the type ({@link ConnectSchema#schemaType(Class)});</li>
 *   <li>a map is a JSON object when its keys are strings (by schema, or all of them without one), an array of
 *       {@code [key, value]} pairs otherwise;</li>
 *   <li>a {@code ByteBuffer} is written as its whole backing array, as Kafka's converter does.</li>
 * </ul>
 */
final class ConnectJsonWriter {

    private final DecimalFormat decimalFormat;
    private final boolean replaceNullWithDefault;

    ConnectJsonWriter(DecimalFormat decimalFormat, boolean replaceNullWithDefault) {
        this.decimalFormat = decimalFormat;
        this.replaceNullWithDefault = replaceNullWithDefault;
    }

    void write(JsonGenerator g, Schema schema, Object value) throws IOException {
        if (value == null) {
            writeNull(g, schema);
            return;
        }
        if (schema != null && schema.name() != null && writeLogical(g, schema, value)) {
            return;
        }
        Schema.Type type;
        if (schema == null) {
            type = typeOf(value);
            if (type == null) {
                throw new DataException("Java class " + value.getClass() + " does not have corresponding schema type.");
            }
        } else {
            type = schema.type();
        }
        try {
            writeTyped(g, schema, type, value);
        } catch (ClassCastException e) {
            String typeName = schema != null ? schema.type().toString() : "unknown schema";
            throw new DataException("Invalid type for " + typeName + ": " + value.getClass());
        }
    }

    /**
     * The type of a schemaless value, as {@link ConnectSchema#schemaType(Class)} gives it; the common classes
     * answered here first, since that method synchronizes on a shared map for every value.
     */
    private static Schema.Type typeOf(Object value) {
        if (value instanceof String) {
            return Schema.Type.STRING;
        } else if (value instanceof Long) {
            return Schema.Type.INT64;
        } else if (value instanceof Double) {
            return Schema.Type.FLOAT64;
        } else if (value instanceof Boolean) {
            return Schema.Type.BOOLEAN;
        } else if (value instanceof Integer) {
            return Schema.Type.INT32;
        } else if (value instanceof Map) {
            return Schema.Type.MAP;
        } else if (value instanceof List) {
            return Schema.Type.ARRAY;
        }
        return ConnectSchema.schemaType(value.getClass());
    }

    private void writeNull(JsonGenerator g, Schema schema) throws IOException {
        if (schema == null) {
            g.writeNull();
        } else if (schema.defaultValue() != null && replaceNullWithDefault) {
            write(g, schema, schema.defaultValue());
        } else if (schema.isOptional()) {
            g.writeNull();
        } else {
            throw new DataException("Conversion error: null value for field that is required and has no default value");
        }
    }

    /** Writes a value of a logical type; false when the schema's name is not one of Connect's logical types. */
    private boolean writeLogical(JsonGenerator g, Schema schema, Object value) throws IOException {
        switch (schema.name()) {
            case Decimal.LOGICAL_NAME -> {
                if (!(value instanceof BigDecimal decimal)) {
                    throw new DataException("Invalid type for Decimal, expected BigDecimal but was " + value.getClass());
                }
                if (decimalFormat == DecimalFormat.NUMERIC) {
                    g.writeNumber(decimal);
                } else {
                    g.writeBinary(Decimal.fromLogical(schema, decimal));
                }
            }
            case Date.LOGICAL_NAME -> g.writeNumber(Date.fromLogical(schema, date(value, "Date")));
            case Time.LOGICAL_NAME -> g.writeNumber(Time.fromLogical(schema, date(value, "Time")));
            case Timestamp.LOGICAL_NAME -> g.writeNumber(Timestamp.fromLogical(schema, date(value, "Timestamp")));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static java.util.Date date(Object value, String logicalType) {
        if (!(value instanceof java.util.Date date)) {
            throw new DataException("Invalid type for " + logicalType + ", expected Date but was " + value.getClass());
        }
        return date;
    }

    private void writeTyped(JsonGenerator g, Schema schema, Schema.Type type, Object value) throws IOException {
        switch (type) {
            case INT8 -> g.writeNumber((int) (Byte) value);
            case INT16 -> g.writeNumber((Short) value);
            case INT32 -> g.writeNumber((Integer) value);
            case INT64 -> g.writeNumber((Long) value);
            case FLOAT32 -> g.writeNumber((Float) value);
            case FLOAT64 -> g.writeNumber((Double) value);
            case BOOLEAN -> g.writeBoolean((Boolean) value);
            case STRING -> g.writeString(((CharSequence) value).toString());
            case BYTES -> {
                if (value instanceof byte[] bytes) {
                    g.writeBinary(bytes);
                } else if (value instanceof ByteBuffer buffer) {
                    g.writeBinary(buffer.array());
                } else {
                    throw new DataException("Invalid type for bytes type: " + value.getClass());
                }
            }
            case ARRAY -> {
                Schema elementSchema = schema == null ? null : schema.valueSchema();
                g.writeStartArray();
                for (Object element : (Collection<?>) value) {
                    write(g, elementSchema, element);
                }
                g.writeEndArray();
            }
            case MAP -> writeMap(g, schema, (Map<?, ?>) value);
            case STRUCT -> {
                Struct struct = (Struct) value;
                // Identity first: ConnectSchema.equals is deep, and records nearly always carry the very schema.
                if (struct.schema() != schema && !struct.schema().equals(schema)) {
                    throw new DataException("Mismatching schema.");
                }
                g.writeStartObject();
                for (Field field : schema.fields()) {
                    g.writeFieldName(field.name());
                    write(g, field.schema(), struct.getWithoutDefault(field.name()));
                }
                g.writeEndObject();
            }
            default -> throw new DataException("Couldn't convert " + value + " to JSON.");
        }
    }

    private void writeMap(JsonGenerator g, Schema schema, Map<?, ?> map) throws IOException {
        Schema keySchema = schema == null ? null : schema.keySchema();
        Schema valueSchema = schema == null ? null : schema.valueSchema();
        boolean objectMode;
        if (schema == null) {
            objectMode = true;
            for (Object key : map.keySet()) {
                if (!(key instanceof String)) {
                    objectMode = false;
                    break;
                }
            }
        } else {
            objectMode = keySchema.type() == Schema.Type.STRING;
        }
        if (objectMode) {
            g.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                g.writeFieldName(keyText(keySchema, entry.getKey()));
                write(g, valueSchema, entry.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeStartArray();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                g.writeStartArray();
                write(g, keySchema, entry.getKey());
                write(g, valueSchema, entry.getValue());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
    }

    /**
     * The text of a key of a map written as an object: Kafka's converter converts the key as a value and takes
     * the resulting node's text, so a null key of an optional string schema becomes {@code "null"}.
     */
    private String keyText(Schema keySchema, Object key) {
        if (key == null) {
            if (keySchema.defaultValue() != null && replaceNullWithDefault) {
                return keyText(keySchema, keySchema.defaultValue());
            }
            if (keySchema.isOptional()) {
                return "null";
            }
            throw new DataException("Conversion error: null value for field that is required and has no default value");
        }
        if (key instanceof CharSequence text) {
            return text.toString();
        }
        throw new DataException("Invalid type for " + Schema.Type.STRING + ": " + key.getClass());
    }

    /**
     * A Connect schema in the envelope's JSON form: type, then items / keys and values / fields, then optional,
     * name, version, doc, parameters and default, in that order; each struct field's schema object ends with its
     * {@code "field"} name.
     */
    void writeSchema(JsonGenerator g, Schema schema) throws IOException {
        writeSchema(g, schema, null);
    }

    private void writeSchema(JsonGenerator g, Schema schema, String fieldName) throws IOException {
        g.writeStartObject();
        switch (schema.type()) {
            case ARRAY -> {
                g.writeStringField("type", "array");
                g.writeFieldName("items");
                writeSchemaOrNull(g, schema.valueSchema());
            }
            case MAP -> {
                g.writeStringField("type", "map");
                g.writeFieldName("keys");
                writeSchemaOrNull(g, schema.keySchema());
                g.writeFieldName("values");
                writeSchemaOrNull(g, schema.valueSchema());
            }
            case STRUCT -> {
                g.writeStringField("type", "struct");
                g.writeArrayFieldStart("fields");
                for (Field field : schema.fields()) {
                    writeSchema(g, field.schema(), field.name());
                }
                g.writeEndArray();
            }
            default -> g.writeStringField("type", SchemaNames.of(schema.type()));
        }
        g.writeBooleanField("optional", schema.isOptional());
        if (schema.name() != null) {
            g.writeStringField("name", schema.name());
        }
        if (schema.version() != null) {
            g.writeNumberField("version", schema.version());
        }
        if (schema.doc() != null) {
            g.writeStringField("doc", schema.doc());
        }
        if (schema.parameters() != null) {
            g.writeObjectFieldStart("parameters");
            for (Map.Entry<String, String> parameter : schema.parameters().entrySet()) {
                g.writeStringField(parameter.getKey(), parameter.getValue());
            }
            g.writeEndObject();
        }
        if (schema.defaultValue() != null) {
            g.writeFieldName("default");
            write(g, schema, schema.defaultValue());
        }
        if (fieldName != null) {
            g.writeStringField("field", fieldName);
        }
        g.writeEndObject();
    }

    private void writeSchemaOrNull(JsonGenerator g, Schema schema) throws IOException {
        if (schema == null) {
            g.writeNull();
        } else {
            writeSchema(g, schema);
        }
    }
}
