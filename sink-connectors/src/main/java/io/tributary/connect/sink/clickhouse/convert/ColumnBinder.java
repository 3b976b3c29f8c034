package io.tributary.connect.sink.clickhouse.convert;

import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.OffsetColumns;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions.UnknownFields;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which column each struct field goes to. A field goes to the column of its name; a nested struct without
 * such a column is flattened into columns {@code parent<sep>child} (recursively); a list of structs without such a
 * column goes into the Nested columns {@code field.member}. Columns no field reaches are left out of the INSERT.
 */
final class ColumnBinder {

    /** Where a column's value comes from in a record. */
    @FunctionalInterface
    interface Source {
        Object valueOf(Struct value, String topic, int partition, long offset);
    }

    /** A column of the INSERT, its value's source and writer. */
    record Binding(Column column, String location, Source source, ValueWriter writer) {
    }

    private final TableSchema table;
    private final EncoderOptions options;
    private final WriterFactory writers;
    private final Map<String, Binding> bound = new LinkedHashMap<>();

    private ColumnBinder(TableSchema table, EncoderOptions options) {
        this.table = table;
        this.options = options;
        this.writers = new WriterFactory(options.unknownFields(), table.table());
    }

    /** The bindings, in table column order. */
    static List<Binding> bind(TableSchema table, Schema valueSchema, EncoderOptions options) {
        ColumnBinder binder = new ColumnBinder(table, options);
        if (options.offsetColumns() != null) {
            binder.bindOffsetColumns(options.offsetColumns());
        }
        // Every row names the table's layout guard: an insert of rows encoded for column types the table no longer
        // has is refused by the server (the guard is gone) instead of being misread (RowBinary names no types).
        table.layoutGuard().filter(Column::insertable).ifPresent(guard -> binder.bound.put(guard.name(),
                new Binding(guard, "column '" + guard.name() + "' (layout guard)",
                        (value, topic, partition, offset) -> (short) 0,
                        binder.writers.forType(Schema.INT16_SCHEMA, guard.type(), "column '" + guard.name() + "'"))));
        for (Field field : valueSchema.fields()) {
            binder.bindField(field.name(), field.name(), field.schema(), struct -> struct.get(field));
        }
        List<Binding> ordered = new ArrayList<>(binder.bound.size());
        for (Column column : table.columns()) {
            Binding binding = binder.bound.get(column.name());
            if (binding != null) {
                ordered.add(binding);
            }
        }
        return ordered;
    }

    private void bindOffsetColumns(OffsetColumns names) {
        List<String> missing = new ArrayList<>();
        for (String name : List.of(names.topic(), names.partition(), names.offset())) {
            if (insertable(name).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new ConnectException("table " + table.table() + " has no insertable column "
                    + String.join(", ", missing) + " for the records' Kafka coordinates");
        }
        bindConstant(names.topic(), Schema.STRING_SCHEMA, (value, topic, partition, offset) -> topic);
        bindConstant(names.partition(), Schema.INT32_SCHEMA, (value, topic, partition, offset) -> partition);
        bindConstant(names.offset(), Schema.INT64_SCHEMA, (value, topic, partition, offset) -> offset);
    }

    private void bindConstant(String name, Schema schema, Source source) {
        Column column = insertable(name).orElseThrow();
        String location = "column '" + name + "' (Kafka coordinates)";
        bound.put(name, new Binding(column, location, source, writers.forType(schema, column.type(), location)));
    }

    /**
     * @param path     the field's path for messages: {@code user.address.zip}
     * @param name     the column it goes to: {@code user_address_zip}
     * @param accessor reads the field from the record's top-level struct
     */
    private void bindField(String path, String name, Schema schema, Function<Struct, Object> accessor) {
        Optional<Column> column = insertable(name);
        if (column.isPresent()) {
            String location = location(path, name);
            bind(name, new Binding(column.get(), location, (value, topic, partition, offset) -> accessor.apply(value),
                    writers.forType(schema, column.get().type(), location)));
            return;
        }
        if (schema.type() == Schema.Type.STRUCT) {
            for (Field child : schema.fields()) {
                bindField(path + "." + child.name(), name + options.flattenSeparator() + child.name(),
                        child.schema(), struct -> {
                            Object parent = accessor.apply(struct);
                            return parent == null ? null : ((Struct) parent).get(child);
                        });
            }
            return;
        }
        if (isListOfStructs(schema) && hasNestedColumns(name)) {
            bindNested(path, name, schema.valueSchema(), accessor);
            return;
        }
        if (schema.type() == Schema.Type.MAP && insertable(name + ".1").isPresent()
                && insertable(name + ".2").isPresent()) {
            bindMapArrays(path, name, schema, accessor);
            return;
        }
        unknownField(path, name);
    }

    private static boolean isListOfStructs(Schema schema) {
        return schema.type() == Schema.Type.ARRAY && schema.valueSchema().type() == Schema.Type.STRUCT;
    }

    private boolean hasNestedColumns(String name) {
        for (Column column : table.columns()) {
            if (column.name().startsWith(name + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A list of structs into the arrays {@code name.member}: a Nested structure, or (on servers before 20.x, which
     * store it as one) an Array(Tuple(...)) column, whose arrays are named by position when the Tuple's members
     * have no names: {@code name.1}, {@code name.2}.
     */
    private void bindNested(String path, String name, Schema element, Function<Struct, Object> accessor) {
        List<Field> members = element.fields();
        for (int i = 0; i < members.size(); i++) {
            Field member = members.get(i);
            String memberPath = path + "[]." + member.name();
            String columnName = name + "." + member.name();
            Optional<Column> column = insertable(columnName);
            if (column.isEmpty() && insertable(name + "." + (i + 1)).isPresent()) {
                columnName = name + "." + (i + 1);
                column = insertable(columnName);
            }
            if (column.isEmpty()) {
                unknownField(memberPath, columnName);
                continue;
            }
            String location = location(memberPath, columnName);
            bind(columnName, new Binding(column.get(), location,
                    (value, topic, partition, offset) -> accessor.apply(value),
                    CompositeWriters.nestedMember(writers, member, column.get().type(), location)));
        }
    }

    /** A map into the arrays {@code name.1} (keys) and {@code name.2} (values): Array(Tuple(K, V)) as servers
     * before 20.x store it. */
    private void bindMapArrays(String path, String name, Schema map, Function<Struct, Object> accessor) {
        for (boolean keys : new boolean[] {true, false}) {
            String columnName = name + (keys ? ".1" : ".2");
            Column column = insertable(columnName).orElseThrow();
            String location = "field '" + path + "' (" + (keys ? "keys" : "values") + ", column '" + columnName
                    + "')";
            bind(columnName, new Binding(column, location, (value, topic, partition, offset) -> accessor.apply(value),
                    CompositeWriters.mapArray(writers, keys ? map.keySchema() : map.valueSchema(), keys,
                            column.type(), location)));
        }
    }

    private void bind(String name, Binding binding) {
        Binding earlier = bound.putIfAbsent(name, binding);
        if (earlier != null) {
            throw new ConversionException(binding.location(), "column '" + name + "' already receives "
                    + earlier.location());
        }
    }

    private void unknownField(String path, String name) {
        if (options.unknownFields() == UnknownFields.IGNORE) {
            return;
        }
        String reason = table.column(name)
                .map(c -> "column '" + name + "' of table " + table.table() + " is " + c.defaultKind()
                        + " and cannot be inserted")
                .orElse("table " + table.table() + " has no column '" + name + "'");
        throw new ConversionException("field '" + path + "'", reason);
    }

    private Optional<Column> insertable(String name) {
        return table.column(name).filter(Column::insertable);
    }

    private static String location(String path, String column) {
        return path.equals(column) ? "field '" + path + "'" : "field '" + path + "' (column '" + column + "')";
    }
}
