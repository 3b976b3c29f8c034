package io.tributary.connect.sink.clickhouse.convert;

import com.clickhouse.data.ClickHouseFormat;
import io.tributary.connect.sink.clickhouse.convert.ColumnBinder.Binding;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Connect structs of one schema as RowBinary (or RowBinaryWithDefaults) rows for one table. Build one per
 * (table, value schema) and keep it: building decides the INSERT's column list and checks that every field can be
 * converted to its column's type, so per-record work is only the conversion itself. Not thread-safe: it reuses one
 * row buffer.
 *
 * <p>Fields go to columns by name; see {@link ColumnBinder} for nested structs (flattened, Tuple, or Nested
 * columns). Columns no field reaches are left out of {@link #columns()}, so the server fills their defaults.
 *
 * <p>Nulls: into a Nullable column, NULL. Into a column that is not Nullable, with RowBinaryWithDefaults the
 * "use the column's default" marker; in plain RowBinary, which cannot say that, the type's zero value (0, empty
 * string, 1970-01-01, empty array, an Enum's smallest value). A null inside an Array or Tuple whose element is not
 * Nullable is also written as the zero value.
 *
 * <p>A row either goes to the stream whole or not at all: it is encoded into a buffer and copied only when every
 * value converted, so after a {@link ConversionException} the caller can drop that record and go on.
 */
public final class RowBinaryEncoder {

    private final Schema valueSchema;
    private final boolean withDefaults;
    private final List<Binding> bindings;
    private final List<String> columns;
    private final RowBuffer row = new RowBuffer();

    private RowBinaryEncoder(Schema valueSchema, boolean withDefaults, List<Binding> bindings) {
        this.valueSchema = valueSchema;
        this.withDefaults = withDefaults;
        this.bindings = List.copyOf(bindings);
        List<String> names = new ArrayList<>(bindings.size());
        for (Binding binding : bindings) {
            names.add(binding.column().name());
        }
        this.columns = List.copyOf(names);
    }

    /**
     * @throws ConversionException a field cannot be written to its column (type), a field has no column and the
     *                             options say FAIL, or two fields would feed one column
     * @throws org.apache.kafka.connect.errors.ConnectException the table lacks the options' offset columns
     */
    public static RowBinaryEncoder build(TableSchema table, Schema valueSchema, EncoderOptions options) {
        if (valueSchema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("the value schema must be a STRUCT, not " + valueSchema.type());
        }
        return new RowBinaryEncoder(valueSchema, options.withDefaults(),
                ColumnBinder.bind(table, valueSchema, options));
    }

    /** The columns each row holds, in order, as their names: for {@code INSERT INTO t (...)}. */
    public List<String> columns() {
        return columns;
    }

    /** {@link #columns()} quoted with backticks, ready for SQL (client-v2 puts column names in as given). */
    public List<String> quotedColumns() {
        List<String> quoted = new ArrayList<>(columns.size());
        for (String column : columns) {
            quoted.add(TableSchema.quoteIdentifier(column));
        }
        return quoted;
    }

    /** The INSERT's format: RowBinaryWithDefaults when the options ask for it, else RowBinary. */
    public ClickHouseFormat format() {
        return withDefaults ? ClickHouseFormat.RowBinaryWithDefaults : ClickHouseFormat.RowBinary;
    }

    /**
     * Writes one row. Nothing reaches {@code out} when a value cannot be converted.
     *
     * @throws ConversionException naming the field, column and reason (never the value)
     * @throws IOException         from {@code out}
     */
    public void write(OutputStream out, Struct value, String topic, int partition, long offset)
            throws IOException {
        if (value.schema() != valueSchema && !value.schema().equals(valueSchema)) {
            throw new IllegalArgumentException("the struct's schema is not the one this encoder was built for");
        }
        row.reset();
        for (Binding binding : bindings) {
            Object v = binding.source().valueOf(value, topic, partition, offset);
            if (withDefaults) {
                if (v == null && !binding.column().type().isNullable()) {
                    row.writeByte(1);
                    continue;
                }
                row.writeByte(0);
            }
            try {
                binding.writer().write(row, v);
            } catch (ClassCastException | ArithmeticException e) {
                // Only a struct built around its schema's validation can hold a value of an unexpected class.
                throw new ConversionException(binding.location(), "unexpected " + e.getClass().getSimpleName());
            }
        }
        row.copyTo(out);
    }
}
