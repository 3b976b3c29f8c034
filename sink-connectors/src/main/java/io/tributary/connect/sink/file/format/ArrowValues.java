package io.tributary.connect.sink.file.format;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.kafka.connect.data.ConnectSchema;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Puts Connect values into the vectors of an Arrow record batch, one row at a time, through a tree of columns built
 * once per file from its schema.
 *
 * <p>{@link #check} refuses a value the columns could not take before any column is touched: Connect's own
 * validation (types, required fields, nested Struct schemas), then what only Arrow refuses — a decimal of another
 * scale or more digits than its column, a date that is not a whole day, a time outside a day, a null map key. A
 * checked row then goes in whole.
 */
final class ArrowValues {

    private static final byte[] EMPTY = new byte[0];
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private final List<Field> fields;
    private final Column[] columns;

    ArrowValues(Schema struct, VectorSchemaRoot root) {
        this.fields = struct.fields();
        this.columns = new Column[fields.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = column(fields.get(i).schema(), root.getVector(i));
        }
    }

    /** Throws {@code DataException} (naming the field, never the value) when the row cannot be written. */
    static void check(Schema struct, Object value) {
        if (!(value instanceof Struct)) {
            throw new DataException(value == null ? "a null value has no row to write"
                    : "the value is a " + value.getClass().getSimpleName() + ", not a Struct");
        }
        ConnectSchema.validateValue(struct, value);
        for (Field field : struct.fields()) {
            checkArrow(field.name(), field.schema(), ((Struct) value).get(field));
        }
    }

    /** Writes a checked row at {@code row}. */
    void set(int row, Struct value) {
        for (int i = 0; i < columns.length; i++) {
            columns[i].set(row, value.get(fields.get(i)));
        }
    }

    /** What only Arrow refuses, in the value of the field at {@code path} (dotted: {@code address.city}). */
    private static void checkArrow(String path, Schema schema, Object value) {
        if (value == null) {
            return;
        }
        String logical = schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            checkDecimal(path, schema, (BigDecimal) value);
        } else if (Date.LOGICAL_NAME.equals(logical) || Time.LOGICAL_NAME.equals(logical)) {
            try {
                if (Date.LOGICAL_NAME.equals(logical)) {
                    Date.fromLogical(schema, (java.util.Date) value);
                } else {
                    Time.fromLogical(schema, (java.util.Date) value);
                    // Connect's check allows 24:00:00.000 (86,400,000 ms); Arrow's time32 must be below a day.
                    if (((java.util.Date) value).getTime() >= MILLIS_PER_DAY) {
                        throw new DataException("Time " + ((java.util.Date) value).getTime()
                                + " ms is not a time of day below 24:00, as Arrow's time32 needs");
                    }
                }
            } catch (DataException e) {
                throw new DataException("field '" + path + "': " + e.getMessage(), e);
            }
        }
        switch (schema.type()) {
            case STRUCT:
                for (Field field : schema.fields()) {
                    checkArrow(path + "." + field.name(), field.schema(), ((Struct) value).get(field));
                }
                return;
            case ARRAY: {
                String item = path + ".item";
                for (Object element : (List<?>) value) {
                    checkArrow(item, schema.valueSchema(), element);
                }
                return;
            }
            case MAP: {
                String key = path + ".key";
                String entryValue = path + ".value";
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    if (entry.getKey() == null) {
                        throw new DataException("map field '" + path + "' has a null key, which Arrow maps "
                                + "cannot hold");
                    }
                    checkArrow(key, schema.keySchema(), entry.getKey());
                    checkArrow(entryValue, schema.valueSchema(), entry.getValue());
                }
                return;
            }
            default:
        }
    }

    private static void checkDecimal(String path, Schema schema, BigDecimal value) {
        int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
        if (value.scale() != scale) {
            throw new DataException("decimal field '" + path + "' has scale " + value.scale()
                    + " where its schema says " + scale);
        }
        int precision = ArrowSchemas.decimalPrecision(schema);
        if (value.precision() > precision) {
            throw new DataException("decimal field '" + path + "' has " + value.precision()
                    + " digits, more than its column's " + precision);
        }
    }

    /** Writes one field's values into its vector. */
    private interface Column {
        void set(int row, Object value);
    }

    private static Column column(Schema schema, FieldVector vector) {
        if (vector instanceof StructVector struct) {
            return struct(schema, struct);
        }
        if (vector instanceof MapVector map) {
            return map(schema, map);
        }
        if (vector instanceof ListVector list) {
            Column element = column(schema.valueSchema(), list.getDataVector());
            return (row, value) -> {
                if (value == null) {
                    list.setNull(row);
                    return;
                }
                List<?> elements = (List<?>) value;
                int start = list.startNewValue(row);
                for (int i = 0; i < elements.size(); i++) {
                    element.set(start + i, elements.get(i));
                }
                list.endValue(row, elements.size());
            };
        }
        if (vector instanceof BaseVariableWidthVector variable) {
            return variableWidth(variable);
        }
        return fixedWidth(vector);
    }

    private static Column struct(Schema schema, StructVector vector) {
        List<Field> children = schema.fields();
        Column[] columns = new Column[children.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = column(children.get(i).schema(), (FieldVector) vector.getChildByOrdinal(i));
        }
        return (row, value) -> {
            Struct struct = (Struct) value;
            if (struct == null) {
                vector.setNull(row);
            } else {
                vector.setIndexDefined(row);
            }
            // A null struct's children are null too, so every slot of every vector is written.
            for (int i = 0; i < columns.length; i++) {
                columns[i].set(row, struct == null ? null : struct.get(children.get(i)));
            }
        };
    }

    private static Column map(Schema schema, MapVector vector) {
        StructVector entries = (StructVector) vector.getDataVector();
        Column key = column(schema.keySchema(), (FieldVector) entries.getChildByOrdinal(0));
        Column value = column(schema.valueSchema(), (FieldVector) entries.getChildByOrdinal(1));
        return (row, map) -> {
            if (map == null) {
                vector.setNull(row);
                return;
            }
            int start = vector.startNewValue(row);
            int i = 0;
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) map).entrySet()) {
                entries.setIndexDefined(start + i);
                key.set(start + i, entry.getKey());
                value.set(start + i, entry.getValue());
                i++;
            }
            vector.endValue(row, i);
        };
    }

    /**
     * Strings and bytes. A null is written as an empty value with its validity bit cleared, so the offsets stay
     * dense and the batch's size ({@code bufferedBytes}) is exact without filling holes.
     */
    private static Column variableWidth(BaseVariableWidthVector vector) {
        boolean text = vector instanceof VarCharVector;
        return (row, value) -> {
            if (value == null) {
                setBytes(vector, row, EMPTY);
                vector.setNull(row);
            } else if (text) {
                setBytes(vector, row, ((String) value).getBytes(StandardCharsets.UTF_8));
            } else {
                setBytes(vector, row, bytes(value));
            }
        };
    }

    private static void setBytes(BaseVariableWidthVector vector, int row, byte[] bytes) {
        if (vector instanceof VarCharVector text) {
            text.setSafe(row, bytes);
        } else {
            ((VarBinaryVector) vector).setSafe(row, bytes);
        }
    }

    /**
     * A Connect BYTES value as an array. A ByteBuffer is copied rather than handed to Arrow: Arrow reads a direct
     * buffer through its address, which Java 17 only grants with --add-opens (see ArrowIpcWriter).
     */
    private static byte[] bytes(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static Column fixedWidth(FieldVector vector) {
        if (vector instanceof TinyIntVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (Byte) value));
        }
        if (vector instanceof SmallIntVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (Short) value));
        }
        if (vector instanceof IntVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (Integer) value));
        }
        if (vector instanceof BigIntVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (Long) value));
        }
        if (vector instanceof Float4Vector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (Float) value));
        }
        if (vector instanceof Float8Vector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (Double) value));
        }
        if (vector instanceof BitVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (Boolean) value ? 1 : 0));
        }
        if (vector instanceof DateDayVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, Date.fromLogical(Date.SCHEMA, (java.util.Date) value)));
        }
        if (vector instanceof TimeMilliVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, Time.fromLogical(Time.SCHEMA, (java.util.Date) value)));
        }
        if (vector instanceof TimeStampMilliTZVector v) {
            return nullable(v, (row, value) -> v.setSafe(row,
                    Timestamp.fromLogical(Timestamp.SCHEMA, (java.util.Date) value)));
        }
        if (vector instanceof DecimalVector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (BigDecimal) value));
        }
        if (vector instanceof Decimal256Vector v) {
            return nullable(v, (row, value) -> v.setSafe(row, (BigDecimal) value));
        }
        throw new IllegalStateException("no column for Arrow vector " + vector.getClass().getSimpleName());
    }

    private static Column nullable(BaseFixedWidthVector vector, Column set) {
        return (row, value) -> {
            if (value == null) {
                vector.setNull(row);
            } else {
                set.set(row, value);
            }
        };
    }
}
