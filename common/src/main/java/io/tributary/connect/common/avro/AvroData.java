package io.tributary.connect.common.avro;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro ⇄ Connect schemas and values, for Avro container files (file source and sink) and Avro-schema validation.
 *
 * <p>Written here because Confluent's {@code AvroData} is not published to Maven Central and pulls the schema
 * registry client with it. Mapping: records ⇄ structs; {@code [null, T]} unions ⇄ optional T; enums → string;
 * fixed → bytes; logical types date, time-millis, timestamp-millis/-micros and decimal ⇄ Connect's logical types
 * (microsecond timestamps are truncated to milliseconds, Connect's precision). Other unions are refused with the
 * field named.
 */
public final class AvroData {

    /** Avro needs a decimal precision, Connect has none; this Connect schema parameter carries it when known. */
    public static final String PRECISION_PARAMETER = "connect.decimal.precision";
    private static final int DEFAULT_DECIMAL_PRECISION = 38;

    private final Map<org.apache.avro.Schema, Schema> toConnectCache = new IdentityHashMap<>();
    private final Map<Schema, org.apache.avro.Schema> toAvroCache = new IdentityHashMap<>();

    // ---------------------------------------------------------------- Avro → Connect

    public Schema toConnectSchema(org.apache.avro.Schema avro) {
        return toConnectCache.computeIfAbsent(avro, s -> toConnect(s, false, s.getFullName()));
    }

    private static Schema toConnect(org.apache.avro.Schema avro, boolean optional, String path) {
        SchemaBuilder builder;
        LogicalType logical = avro.getLogicalType();
        switch (avro.getType()) {
            case UNION: {
                List<org.apache.avro.Schema> types = avro.getTypes();
                org.apache.avro.Schema nonNull = null;
                boolean hasNull = false;
                for (org.apache.avro.Schema t : types) {
                    if (t.getType() == org.apache.avro.Schema.Type.NULL) {
                        hasNull = true;
                    } else if (nonNull == null) {
                        nonNull = t;
                    } else {
                        throw new DataException("'" + path + "': Avro unions other than [null, T] are not supported");
                    }
                }
                if (nonNull == null) {
                    throw new DataException("'" + path + "': a union of only null has no Connect type");
                }
                return toConnect(nonNull, hasNull || optional, path);
            }
            case RECORD:
                builder = SchemaBuilder.struct().name(avro.getFullName());
                for (org.apache.avro.Schema.Field field : avro.getFields()) {
                    builder.field(field.name(), toConnect(field.schema(), false, path + "." + field.name()));
                }
                break;
            case ARRAY:
                builder = SchemaBuilder.array(toConnect(avro.getElementType(), false, path + "[]"));
                break;
            case MAP:
                builder = SchemaBuilder.map(Schema.STRING_SCHEMA, toConnect(avro.getValueType(), false, path + "{}"));
                break;
            case ENUM:
            case STRING:
                builder = SchemaBuilder.string();
                break;
            case BYTES:
            case FIXED:
                if (logical instanceof LogicalTypes.Decimal) {
                    LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) logical;
                    builder = Decimal.builder(decimal.getScale())
                            .parameter(PRECISION_PARAMETER, String.valueOf(decimal.getPrecision()));
                } else {
                    builder = SchemaBuilder.bytes();
                }
                break;
            case INT:
                if (logical instanceof LogicalTypes.Date) {
                    builder = Date.builder();
                } else if (logical instanceof LogicalTypes.TimeMillis) {
                    builder = Time.builder();
                } else {
                    builder = SchemaBuilder.int32();
                }
                break;
            case LONG:
                builder = logical instanceof LogicalTypes.TimestampMillis
                        || logical instanceof LogicalTypes.TimestampMicros ? Timestamp.builder() : SchemaBuilder.int64();
                break;
            case FLOAT:
                builder = SchemaBuilder.float32();
                break;
            case DOUBLE:
                builder = SchemaBuilder.float64();
                break;
            case BOOLEAN:
                builder = SchemaBuilder.bool();
                break;
            default:
                throw new DataException("'" + path + "': Avro type " + avro.getType() + " has no Connect type");
        }
        if (optional) {
            builder.optional();
        }
        if (avro.getDoc() != null && builder.type() == Schema.Type.STRUCT) {
            builder.doc(avro.getDoc());
        }
        return builder.build();
    }

    public Object toConnectValue(Schema schema, org.apache.avro.Schema avro, Object value) {
        if (value == null) {
            return null;
        }
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            avro = avro.getTypes().get(GenericData.get().resolveUnion(avro, value));
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Timestamp.LOGICAL_NAME:
                    long raw = (Long) value;
                    return new java.util.Date(avro.getLogicalType() instanceof LogicalTypes.TimestampMicros
                            ? Math.floorDiv(raw, 1000L) : raw);
                case Date.LOGICAL_NAME:
                    return new java.util.Date(((Integer) value) * 86_400_000L);
                case Time.LOGICAL_NAME:
                    return new java.util.Date((Integer) value);
                case Decimal.LOGICAL_NAME:
                    int scale = ((LogicalTypes.Decimal) avro.getLogicalType()).getScale();
                    byte[] unscaled = value instanceof GenericFixed ? ((GenericFixed) value).bytes() : bytes((ByteBuffer) value);
                    return new BigDecimal(new BigInteger(unscaled), scale);
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case STRUCT: {
                GenericRecord record = (GenericRecord) value;
                Struct struct = new Struct(schema);
                for (Field field : schema.fields()) {
                    org.apache.avro.Schema.Field avroField = avro.getField(field.name());
                    struct.put(field, toConnectValue(field.schema(), avroField.schema(), record.get(avroField.pos())));
                }
                return struct;
            }
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object element : (Iterable<?>) value) {
                    out.add(toConnectValue(schema.valueSchema(), avro.getElementType(), element));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put(e.getKey().toString(), toConnectValue(schema.valueSchema(), avro.getValueType(), e.getValue()));
                }
                return out;
            }
            case STRING:
                return value instanceof GenericEnumSymbol ? value.toString() : value.toString();
            case BYTES:
                return value instanceof GenericFixed ? ((GenericFixed) value).bytes().clone() : bytes((ByteBuffer) value);
            default:
                return value;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    // ---------------------------------------------------------------- Connect → Avro

    public org.apache.avro.Schema toAvroSchema(Schema schema) {
        return toAvroCache.computeIfAbsent(schema, s -> toAvro(s, "Record"));
    }

    private static org.apache.avro.Schema toAvro(Schema schema, String nameHint) {
        org.apache.avro.Schema avro = toAvroRequired(schema, nameHint);
        return schema.isOptional()
                ? org.apache.avro.Schema.createUnion(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.NULL), avro)
                : avro;
    }

    private static org.apache.avro.Schema toAvroRequired(Schema schema, String nameHint) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME: {
                    int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
                    String precision = schema.parameters().get(PRECISION_PARAMETER);
                    int p = precision == null ? DEFAULT_DECIMAL_PRECISION : Integer.parseInt(precision);
                    return LogicalTypes.decimal(p, scale).addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES));
                }
                case Timestamp.LOGICAL_NAME:
                    return LogicalTypes.timestampMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG));
                case Date.LOGICAL_NAME:
                    return LogicalTypes.date().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
                case Time.LOGICAL_NAME:
                    return LogicalTypes.timeMillis().addToSchema(org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT));
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case BOOLEAN: return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BOOLEAN);
            case INT8:
            case INT16:
            case INT32: return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.INT);
            case INT64: return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.LONG);
            case FLOAT32: return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.FLOAT);
            case FLOAT64: return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.DOUBLE);
            case STRING: return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.STRING);
            case BYTES: return org.apache.avro.Schema.create(org.apache.avro.Schema.Type.BYTES);
            case ARRAY: return org.apache.avro.Schema.createArray(toAvro(schema.valueSchema(), nameHint + "Item"));
            case MAP:
                if (schema.keySchema().type() != Schema.Type.STRING) {
                    throw new DataException("Avro maps need string keys, the schema has " + schema.keySchema().type());
                }
                return org.apache.avro.Schema.createMap(toAvro(schema.valueSchema(), nameHint + "Value"));
            case STRUCT: {
                String fullName = schema.name() != null ? schema.name() : nameHint;
                int dot = fullName.lastIndexOf('.');
                List<org.apache.avro.Schema.Field> fields = new ArrayList<>();
                for (Field field : schema.fields()) {
                    org.apache.avro.Schema fieldSchema = toAvro(field.schema(), capitalize(field.name()));
                    fields.add(new org.apache.avro.Schema.Field(avroName(field.name()), fieldSchema, field.schema().doc(),
                            field.schema().isOptional() ? org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE : null));
                }
                return org.apache.avro.Schema.createRecord(avroName(fullName.substring(dot + 1)), schema.doc(),
                        dot < 0 ? null : fullName.substring(0, dot), false, fields);
            }
            default:
                throw new DataException("Connect type " + schema.type() + " has no Avro type");
        }
    }

    public Object toAvroValue(Schema schema, Object value) {
        return toAvroValue(schema, toAvroSchema(schema), value);
    }

    private static Object toAvroValue(Schema schema, org.apache.avro.Schema avro, Object value) {
        if (value == null) {
            if (!schema.isOptional()) {
                throw new DataException("a required " + schema.type() + " value is null");
            }
            return null;
        }
        if (avro.getType() == org.apache.avro.Schema.Type.UNION) {
            avro = avro.getTypes().get(1);
        }
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return ByteBuffer.wrap(((BigDecimal) value).unscaledValue().toByteArray());
                case Timestamp.LOGICAL_NAME:
                    return ((java.util.Date) value).getTime();
                case Date.LOGICAL_NAME:
                    return (int) Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L);
                case Time.LOGICAL_NAME:
                    return (int) ((java.util.Date) value).getTime();
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case INT8: return ((Byte) value).intValue();
            case INT16: return ((Short) value).intValue();
            case BYTES: return value instanceof byte[] ? ByteBuffer.wrap((byte[]) value) : value;
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (Object element : (List<?>) value) {
                    out.add(toAvroValue(schema.valueSchema(), avro.getElementType(), element));
                }
                return out;
            }
            case MAP: {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    out.put((String) e.getKey(), toAvroValue(schema.valueSchema(), avro.getValueType(), e.getValue()));
                }
                return out;
            }
            case STRUCT: {
                Struct struct = (Struct) value;
                GenericData.Record record = new GenericData.Record(avro);
                for (Field field : schema.fields()) {
                    org.apache.avro.Schema.Field avroField = avro.getField(avroName(field.name()));
                    record.put(avroField.pos(), toAvroValue(field.schema(), avroField.schema(), struct.get(field)));
                }
                return record;
            }
            default:
                return value;
        }
    }

    /** Avro names allow [A-Za-z_][A-Za-z0-9_]*; other characters become '_'. */
    static String avroName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9');
            out.append(ok ? c : '_');
        }
        return out.length() == 0 ? "_" : out.toString();
    }

    private static String capitalize(String name) {
        return name.isEmpty() ? "Field" : Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
