package io.tributary.connect.sink.clickhouse.convert;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which existing columns a new value schema needs widened, and which columns it leaves without a value: the table
 * side of a schema's evolution, decided before the encoder is built.
 *
 * <p>Widenings follow Avro's type promotions that lose nothing: a field that was {@code int} and is now {@code long}
 * (Int8/16/32 column, INT64 field: the column becomes Int64, and likewise for the narrower integers), {@code float}
 * now {@code double} (Float32 to Float64), and an integer now a {@code double} (Int8/16/32 to Float64: every such
 * integer is exact in a double). Nullable stays Nullable. Int64 to Float64 is not one (a double cannot hold every
 * long): such a field keeps its column and each value is converted if it is whole, refused if not. Unsigned,
 * LowCardinality and composite columns are never widened.
 *
 * <p>Fields are found the way {@link ColumnBinder} finds them: a field goes to the column of its name, a struct
 * without one is flattened into {@code parent<sep>child} columns.
 */
public final class Widening {

    /** An existing column whose type must become {@code to} for {@code field} to fit. */
    public record Change(String field, Column column, String to) {
        public String describe(String table) {
            return "field '" + field + "' (column '" + column.name() + "' of " + table + ") is now wider than the "
                    + "column's " + column.type() + ": it needs " + to;
        }
    }

    private Widening() {
    }

    /** The columns of {@code table} that fields of {@code valueSchema} need widened, in field order. */
    public static List<Change> changes(TableSchema table, Schema valueSchema, String flattenSeparator) {
        List<Change> changes = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            collect(changes, table, field.name(), field.name(), field.schema(), flattenSeparator);
        }
        return changes;
    }

    private static void collect(List<Change> changes, TableSchema table, String path, String name, Schema schema,
                                String separator) {
        Optional<Column> column = table.column(name).filter(Column::insertable);
        if (column.isPresent()) {
            widened(column.get().type(), SourceKind.of(schema))
                    .ifPresent(to -> changes.add(new Change(path, column.get(), to)));
            return;
        }
        if (schema.type() == Schema.Type.STRUCT) {
            for (Field child : schema.fields()) {
                collect(changes, table, path + "." + child.name(), name + separator + child.name(), child.schema(),
                        separator);
            }
        }
    }

    /** The wider type a column of {@code type} needs to take values of {@code field} without loss, if any. */
    static Optional<String> widened(ClickHouseType type, SourceKind field) {
        boolean nullable = type.kind() == ClickHouseType.Kind.NULLABLE;
        ClickHouseType value = nullable ? type.element() : type;
        String wider = null;
        ClickHouseType.Kind kind = value.kind();
        if (kind.isInteger() && kind.isSigned() && kind.bits() <= 32) {
            if (field.isInteger() && bits(field) > kind.bits()) {
                wider = "Int" + bits(field);
            } else if (field.isFloating()) {
                wider = "Float64";
            }
        } else if (kind == ClickHouseType.Kind.FLOAT32 && field == SourceKind.FLOAT64) {
            wider = "Float64";
        }
        return Optional.ofNullable(wider).map(t -> nullable ? "Nullable(" + t + ")" : t);
    }

    private static int bits(SourceKind kind) {
        return switch (kind) {
            case INT8 -> 8;
            case INT16 -> 16;
            case INT32 -> 32;
            default -> 64;
        };
    }

    /**
     * The columns an INSERT of {@code encoder}'s rows leaves out although the server has nothing to put there: scalar
     * columns that are neither Nullable nor have a DEFAULT (or MATERIALIZED/ALIAS) expression. Array, Map, Tuple and
     * Nested columns are not counted: their empty value is what a missing optional collection means.
     */
    public static List<Column> requiredButMissing(TableSchema table, RowBinaryEncoder encoder) {
        List<Column> missing = new ArrayList<>();
        List<String> filled = encoder.columns();
        for (Column column : table.columns()) {
            if (filled.contains(column.name()) || !column.insertable() || !column.defaultKind().isEmpty()
                    || column.type().isNullable() || column.name().contains(".")) {
                continue;
            }
            switch (column.type().valueType().kind()) {
                case ARRAY, MAP, TUPLE, NESTED -> {
                    continue;
                }
                default -> missing.add(column);
            }
        }
        return missing;
    }
}
