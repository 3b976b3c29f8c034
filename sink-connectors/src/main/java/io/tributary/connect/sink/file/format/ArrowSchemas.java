package io.tributary.connect.sink.file.format;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect schemas as Arrow schemas: the record's Struct is the row, its fields the columns.
 *
 * <p>Optional schemas are nullable fields. Logical types map to Arrow's own: Decimal to decimal128 (decimal256 past
 * 38 digits), Date to date32 (days), Time to time32 (milliseconds), Timestamp to timestamp (milliseconds, UTC: a
 * Connect timestamp is an instant). Arrays are lists with an {@code item} field, maps are Arrow maps
 * ({@code entries} of {@code key}, {@code value}; Arrow map keys are never null), Structs are structs.
 */
final class ArrowSchemas {

    /** Precision of a Decimal whose schema does not say (Avro's converters put it in this parameter). */
    static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";
    static final int DECIMAL128_MAX_PRECISION = 38;
    static final int DECIMAL256_MAX_PRECISION = 76;

    private ArrowSchemas() {
    }

    /** The Arrow schema of a Struct schema, with its name and version as schema metadata when it has them. */
    static org.apache.arrow.vector.types.pojo.Schema of(Schema struct) {
        List<Field> fields = new ArrayList<>();
        for (org.apache.kafka.connect.data.Field field : struct.fields()) {
            fields.add(field(field.name(), field.schema()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (struct.name() != null) {
            metadata.put("connect.name", struct.name());
        }
        if (struct.version() != null) {
            metadata.put("connect.version", String.valueOf(struct.version()));
        }
        return new org.apache.arrow.vector.types.pojo.Schema(fields, metadata.isEmpty() ? null : metadata);
    }

    static Field field(String name, Schema schema) {
        FieldType leaf = new FieldType(schema.isOptional(), leafType(schema), null);
        switch (schema.type()) {
            case ARRAY:
                return new Field(name, leaf, List.of(field("item", schema.valueSchema())));
            case MAP: {
                Field key = field("key", schema.keySchema());
                // Arrow map keys are never null: an optional key schema still gets a non-nullable key field, and a
                // null key is refused record by record (ArrowValues).
                Field nonNullKey = new Field("key", new FieldType(false, key.getType(), null), key.getChildren());
                Field entries = new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE),
                        List.of(nonNullKey, field("value", schema.valueSchema())));
                return new Field(name, leaf, List.of(entries));
            }
            case STRUCT: {
                List<Field> children = new ArrayList<>();
                for (org.apache.kafka.connect.data.Field child : schema.fields()) {
                    children.add(field(child.name(), child.schema()));
                }
                return new Field(name, leaf, children);
            }
            default:
                return new Field(name, leaf, null);
        }
    }

    private static ArrowType leafType(Schema schema) {
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            return decimal(schema);
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return new ArrowType.Date(DateUnit.DAY);
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
        }
        if (Timestamp.LOGICAL_NAME.equals(logical)) {
            return new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
        }
        switch (schema.type()) {
            case INT8: return new ArrowType.Int(8, true);
            case INT16: return new ArrowType.Int(16, true);
            case INT32: return new ArrowType.Int(32, true);
            case INT64: return new ArrowType.Int(64, true);
            case FLOAT32: return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64: return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOLEAN: return ArrowType.Bool.INSTANCE;
            case STRING: return ArrowType.Utf8.INSTANCE;
            case BYTES: return ArrowType.Binary.INSTANCE;
            case ARRAY: return ArrowType.List.INSTANCE;
            case MAP: return new ArrowType.Map(false);
            case STRUCT: return ArrowType.Struct.INSTANCE;
            default: throw new DataException("Arrow has no type for Connect type " + schema.type());
        }
    }

    /**
     * Decimal with the precision the schema names, or 38 digits (all of decimal128) when it names none: a value
     * with more digits than its column holds is refused record by record.
     */
    private static ArrowType decimal(Schema schema) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        int precision = decimalPrecision(schema);
        if (precision < 1 || precision > DECIMAL256_MAX_PRECISION) {
            throw new DataException("Arrow holds decimals of 1 to " + DECIMAL256_MAX_PRECISION
                    + " digits; this schema's decimal has " + precision);
        }
        return new ArrowType.Decimal(precision, scale, precision <= DECIMAL128_MAX_PRECISION ? 128 : 256);
    }

    static int decimalPrecision(Schema decimal) {
        String declared = decimal.parameters().get(DECIMAL_PRECISION_PARAMETER);
        try {
            return declared == null ? DECIMAL128_MAX_PRECISION : Integer.parseInt(declared);
        } catch (NumberFormatException e) {
            throw new DataException("decimal parameter " + DECIMAL_PRECISION_PARAMETER + " is not "
                    + "a number: " + declared, e);
        }
    }
}
