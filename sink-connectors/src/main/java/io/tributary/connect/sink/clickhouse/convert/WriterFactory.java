package io.tributary.connect.sink.clickhouse.convert;

import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.UnknownFields;
import org.apache.kafka.connect.data.Schema;

/**
 * Chooses the {@link ValueWriter} for a (Connect schema, column type) pair, or refuses the pair. Scalar
 * conversions live in {@link NumericWriters}, {@link TextWriters} and {@link TemporalWriters}; Array, Map, Tuple and
 * Nested in {@link CompositeWriters}.
 *
 * <p>A null where the type is not Nullable is written as the type's zero value ({@link ZeroValues}): RowBinary has
 * no other way to say "no value". Top-level columns in RowBinaryWithDefaults get the "use the default" byte instead;
 * {@link RowBinaryEncoder} does that.
 */
final class WriterFactory {

    private final UnknownFields unknownFields;
    private final String table;

    WriterFactory(UnknownFields unknownFields, String table) {
        this.unknownFields = unknownFields;
        this.table = table;
    }

    /** A writer for values of {@code source} into {@code target}, nulls included. */
    ValueWriter forType(Schema source, ClickHouseType target, String where) {
        if (!target.isSupported()) {
            throw new ConversionException(where, "the column type " + target + " is not supported");
        }
        ValueWriter value = forValue(source, target.valueType(), where);
        if (target.isNullable()) {
            return (out, v) -> {
                if (v == null) {
                    out.writeByte(1);
                } else {
                    out.writeByte(0);
                    value.write(out, v);
                }
            };
        }
        ValueWriter zero = ZeroValues.of(target.valueType());
        return (out, v) -> {
            if (v == null) {
                zero.write(out, null);
            } else {
                value.write(out, v);
            }
        };
    }

    /** A writer for non-null values of {@code source} into {@code type}, which is neither Nullable nor
     * LowCardinality. */
    private ValueWriter forValue(Schema source, ClickHouseType type, String where) {
        SourceKind from = SourceKind.of(source);
        if (type.kind().isInteger()) {
            return NumericWriters.integer(from, type, where);
        }
        switch (type.kind()) {
            case FLOAT32:
            case FLOAT64:
                return NumericWriters.floating(from, type, where);
            case DECIMAL:
                return NumericWriters.decimal(from, type, where);
            case BOOL:
                return NumericWriters.bool(from, type, where);
            case STRING:
                return TextWriters.string(source, from, type, where);
            case FIXED_STRING:
                return TextWriters.fixedString(from, type, where);
            case UUID:
                return TextWriters.uuid(from, type, where);
            case ENUM8:
            case ENUM16:
                return TextWriters.enumeration(from, type, where);
            case IPV4:
                return TextWriters.ipv4(from, type, where);
            case IPV6:
                return TextWriters.ipv6(from, type, where);
            case DATE:
            case DATE32:
            case DATETIME:
            case DATETIME64:
                return TemporalWriters.forType(from, type, where);
            case ARRAY:
                return CompositeWriters.array(this, source, type, where);
            case MAP:
                return CompositeWriters.map(this, source, type, where);
            case TUPLE:
                return CompositeWriters.tuple(this, source, type, where);
            case NESTED:
                return CompositeWriters.nested(this, source, type, where);
            default:
                throw incompatible(from, type, where);
        }
    }

    /** A struct field that has no place in a Tuple column: ignored, or refused, as the options say. */
    void unknownMember(String where, String field) {
        if (unknownFields == UnknownFields.FAIL) {
            throw new ConversionException(where, "struct field '" + field + "' has no member in the column's Tuple"
                    + " (table " + table + ")");
        }
    }

    static ConversionException incompatible(SourceKind from, ClickHouseType type, String where) {
        return new ConversionException(where, "a field of type " + from.label()
                + " cannot be written to a column of type " + type);
    }
}
