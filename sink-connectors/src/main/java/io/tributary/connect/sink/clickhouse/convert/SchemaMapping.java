package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The ClickHouse columns for Connect data, for creating tables and adding columns as schemas evolve. The result is
 * what {@link RowBinaryEncoder} writes to: a nested struct becomes flattened columns {@code parent_child}, a struct
 * inside an array or map a named Tuple.
 *
 * <p>Optional fields become Nullable(T), except Array, Map and Tuple, which cannot be Nullable: they stay as they
 * are and a null arrives as their empty value. Children of an optional struct are Nullable, since the whole struct
 * may be missing. Types the server lacks degrade: Bool to UInt8, DateTime64(3) to DateTime (seconds), Map to String
 * (holding JSON).
 */
public final class SchemaMapping {

    /** {@code connect.decimal.precision}: the schema parameter Confluent's Avro and Debezium set on Decimals. */
    public static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ServerVersion version;
    private final String flattenSeparator;

    public SchemaMapping(ServerVersion version, String flattenSeparator) {
        this.version = version;
        this.flattenSeparator = flattenSeparator;
    }

    /** The columns for every field of a STRUCT value schema, in field order. */
    public List<ColumnDefinition> columns(Schema valueSchema) {
        if (valueSchema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("the value schema must be a STRUCT, not " + valueSchema.type());
        }
        List<ColumnDefinition> columns = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            columns.addAll(columnsFor(field.name(), field.schema()));
        }
        return columns;
    }

    /** The column for one field; several when the field is a struct, flattened. */
    public List<ColumnDefinition> columnsFor(String name, Schema schema) {
        List<ColumnDefinition> columns = new ArrayList<>();
        addColumns(columns, name, schema, false);
        return columns;
    }

    private void addColumns(List<ColumnDefinition> columns, String name, Schema schema, boolean parentOptional) {
        if (schema.type() == Schema.Type.STRUCT) {
            for (Field child : schema.fields()) {
                addColumns(columns, name + flattenSeparator + child.name(), child.schema(),
                        parentOptional || schema.isOptional());
            }
            return;
        }
        columns.add(new ColumnDefinition(name, typeOf(schema, parentOptional || schema.isOptional())));
    }

    /** The type for values of {@code schema}; a struct here is a named Tuple. */
    public String typeOf(Schema schema) {
        return typeOf(schema, schema.isOptional());
    }

    private String typeOf(Schema schema, boolean optional) {
        String type = valueTypeOf(schema);
        return optional && canBeNullable(type) ? "Nullable(" + type + ")" : type;
    }

    private String valueTypeOf(Schema schema) {
        if (schema.name() != null) {
            switch (schema.name()) {
                case Decimal.LOGICAL_NAME:
                    return decimalType(schema);
                case Timestamp.LOGICAL_NAME:
                    return version.supportsDateTime64() ? "DateTime64(3)" : "DateTime";
                case Date.LOGICAL_NAME:
                    return "Date";
                case Time.LOGICAL_NAME:
                    // Milliseconds of the day, as Connect carries them; ClickHouse's own Time type is recent (25.6).
                    return "UInt32";
                default:
                    break;
            }
        }
        switch (schema.type()) {
            case INT8:
                return "Int8";
            case INT16:
                return "Int16";
            case INT32:
                return "Int32";
            case INT64:
                return "Int64";
            case FLOAT32:
                return "Float32";
            case FLOAT64:
                return "Float64";
            case BOOLEAN:
                return booleanType();
            case STRING:
            case BYTES:
                return "String";
            case ARRAY:
                return "Array(" + typeOf(schema.valueSchema()) + ")";
            case MAP:
                return version.supportsMap()
                        ? "Map(" + valueTypeOf(schema.keySchema()) + ", " + typeOf(schema.valueSchema()) + ")"
                        : "String";
            case STRUCT:
                StringJoiner members = new StringJoiner(", ", "Tuple(", ")");
                for (Field field : schema.fields()) {
                    members.add(identifier(field.name()) + " " + typeOf(field.schema()));
                }
                return members.toString();
            default:
                throw new IllegalArgumentException("no ClickHouse type for a " + schema.type() + " schema");
        }
    }

    /**
     * Decimal(P, S): P from {@value #DECIMAL_PRECISION_PARAMETER} when the schema has it, else 38 (the widest
     * every server has). Beyond 38 digits, String: it keeps every digit where Decimal256 may be missing.
     */
    private static String decimalType(Schema schema) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        String declared = schema.parameters().get(DECIMAL_PRECISION_PARAMETER);
        int precision = Math.max(declared == null ? 38 : Integer.parseInt(declared), scale);
        return precision > 38 ? "String" : "Decimal(" + precision + ", " + scale + ")";
    }

    private String booleanType() {
        return version.supportsBool() ? "Bool" : "UInt8";
    }

    /** The column for a schemaless value (as JsonConverter produces: String, Long, Double, Boolean, List, Map). */
    public ColumnDefinition columnForSchemaless(String name, Object value) {
        return new ColumnDefinition(name, schemalessType(value));
    }

    /** The columns for a schemaless record value, one per key, in the map's order. */
    public List<ColumnDefinition> columnsForSchemaless(Map<String, ?> value) {
        List<ColumnDefinition> columns = new ArrayList<>(value.size());
        for (Map.Entry<String, ?> entry : value.entrySet()) {
            columns.add(columnForSchemaless(entry.getKey(), entry.getValue()));
        }
        return columns;
    }

    /** Scalars are Nullable, since the next record may lack the key; lists become arrays of their first element's
     * type; maps (and anything else) become String, to hold JSON. */
    private String schemalessType(Object value) {
        if (value instanceof Collection) {
            Object first = null;
            for (Object element : (Collection<?>) value) {
                if (element != null) {
                    first = element;
                    break;
                }
            }
            return "Array(Nullable(" + schemalessScalar(first) + "))";
        }
        return "Nullable(" + schemalessScalar(value) + ")";
    }

    private String schemalessScalar(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return "Int64";
        }
        if (value instanceof Double || value instanceof Float) {
            return "Float64";
        }
        if (value instanceof BigDecimal) {
            return decimalFor((BigDecimal) value);
        }
        if (value instanceof Boolean) {
            return booleanType();
        }
        return "String";
    }

    private static String decimalFor(BigDecimal value) {
        int scale = Math.max(value.scale(), 0);
        return scale > 38 ? "String" : "Decimal(38, " + scale + ")";
    }

    private static boolean canBeNullable(String type) {
        return !type.startsWith("Array(") && !type.startsWith("Map(") && !type.startsWith("Tuple(");
    }

    private static String identifier(String name) {
        return PLAIN_IDENTIFIER.matcher(name).matches() ? name : TableSchema.quoteIdentifier(name);
    }
}
