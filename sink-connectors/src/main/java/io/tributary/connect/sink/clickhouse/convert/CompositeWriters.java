package io.tributary.connect.sink.clickhouse.convert;

import io.tributary.connect.sink.clickhouse.convert.ClickHouseType.Kind;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.sink.clickhouse.convert.WriterFactory.incompatible;

/**
 * Array(T), Map(K, V), Tuple and Nested: a count as unsigned LEB128 and then the elements, or (Tuple) the members
 * in order. A Connect MAP also goes into Array(Tuple(K, V)), which is how the server stores Map and has the same
 * bytes; a STRUCT goes into a Tuple, by member name when the Tuple names them, else by position.
 */
final class CompositeWriters {

    private CompositeWriters() {
    }

    static ValueWriter array(WriterFactory factory, Schema source, ClickHouseType type, String where) {
        SourceKind from = SourceKind.of(source);
        ClickHouseType element = type.element();
        if (from == SourceKind.MAP && isPairTuple(element.valueType())) {
            List<ClickHouseType> pair = element.valueType().elements();
            return entries(factory, source, pair.get(0), pair.get(1), where);
        }
        if (from != SourceKind.ARRAY) {
            throw incompatible(from, type, where);
        }
        ValueWriter elements = factory.forType(source.valueSchema(), element, where);
        return (out, value) -> {
            List<?> list = (List<?>) value;
            out.writeVarUInt(list.size());
            for (Object item : list) {
                elements.write(out, item);
            }
        };
    }

    static ValueWriter map(WriterFactory factory, Schema source, ClickHouseType type, String where) {
        SourceKind from = SourceKind.of(source);
        if (from != SourceKind.MAP) {
            throw incompatible(from, type, where);
        }
        return entries(factory, source, type.elements().get(0), type.elements().get(1), where);
    }

    private static ValueWriter entries(WriterFactory factory, Schema source, ClickHouseType keyType,
                                       ClickHouseType valueType, String where) {
        ValueWriter keys = factory.forType(source.keySchema(), keyType, where + " (map key)");
        ValueWriter values = factory.forType(source.valueSchema(), valueType, where + " (map value)");
        return (out, value) -> {
            Map<?, ?> map = (Map<?, ?>) value;
            out.writeVarUInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                keys.write(out, entry.getKey());
                values.write(out, entry.getValue());
            }
        };
    }

    private static boolean isPairTuple(ClickHouseType type) {
        return type.kind() == Kind.TUPLE && type.elements().size() == 2;
    }

    static ValueWriter tuple(WriterFactory factory, Schema source, ClickHouseType type, String where) {
        SourceKind from = SourceKind.of(source);
        if (from != SourceKind.STRUCT) {
            throw incompatible(from, type, where);
        }
        List<Field> fields = membersOf(factory, source, type, where);
        List<ValueWriter> writers = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            ClickHouseType member = type.elements().get(i);
            writers.add(field == null ? ZeroValues.of(member)
                    : factory.forType(field.schema(), member, where + " member '" + field.name() + "'"));
        }
        return (out, value) -> {
            Struct struct = (Struct) value;
            for (int i = 0; i < writers.size(); i++) {
                Field field = fields.get(i);
                writers.get(i).write(out, field == null ? null : struct.get(field));
            }
        };
    }

    /**
     * The struct field for each Tuple member, null where the struct has none (the member then gets its zero value).
     * Struct fields left over are unknown fields.
     */
    private static List<Field> membersOf(WriterFactory factory, Schema source, ClickHouseType type, String where) {
        List<ClickHouseType> members = type.elements();
        List<Field> fields = new ArrayList<>(members.size());
        if (type.elementNames().isEmpty()) {
            for (int i = 0; i < members.size(); i++) {
                fields.add(i < source.fields().size() ? source.fields().get(i) : null);
            }
            for (int i = members.size(); i < source.fields().size(); i++) {
                factory.unknownMember(where, source.fields().get(i).name());
            }
            return fields;
        }
        for (String name : type.elementNames()) {
            fields.add(source.field(name));
        }
        for (Field field : source.fields()) {
            if (!type.elementNames().contains(field.name())) {
                factory.unknownMember(where, field.name());
            }
        }
        return fields;
    }

    /** Nested(a T, b U) as DESCRIBE shows it with flatten_nested = 0: Array(Tuple(a T, b U)). */
    static ValueWriter nested(WriterFactory factory, Schema source, ClickHouseType type, String where) {
        SourceKind from = SourceKind.of(source);
        if (from != SourceKind.ARRAY || SourceKind.of(source.valueSchema()) != SourceKind.STRUCT) {
            throw incompatible(from, type, where);
        }
        ClickHouseType tuple = ClickHouseType.composite(Kind.TUPLE, "Tuple" + type.text().substring(6),
                type.elements(), type.elementNames());
        ValueWriter elements = factory.forType(source.valueSchema(), tuple, where);
        return (out, value) -> {
            List<?> list = (List<?>) value;
            out.writeVarUInt(list.size());
            for (Object item : list) {
                elements.write(out, item);
            }
        };
    }

    /** The keys (or the values) of a map as one array column; a null map is an empty array. */
    static ValueWriter mapArray(WriterFactory factory, Schema schema, boolean keys, ClickHouseType column,
                                String where) {
        if (column.valueType().kind() != Kind.ARRAY) {
            throw new ConversionException(where, "the column must be an Array, not " + column);
        }
        ValueWriter elements = factory.forType(schema, column.valueType().element(), where);
        return (out, value) -> {
            if (value == null) {
                out.writeVarUInt(0);
                return;
            }
            Map<?, ?> map = (Map<?, ?>) value;
            out.writeVarUInt(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                elements.write(out, keys ? entry.getKey() : entry.getValue());
            }
        };
    }

    /**
     * One column {@code n.sub Array(T)} of a Nested structure {@code n} stored as separate arrays (the default,
     * flatten_nested = 1): the {@code sub} field of each struct in the list. A null list is an empty one.
     */
    static ValueWriter nestedMember(WriterFactory factory, Field member, ClickHouseType column, String where) {
        if (column.valueType().kind() != Kind.ARRAY) {
            throw new ConversionException(where, "a Nested column must be an Array, not " + column);
        }
        ValueWriter elements = factory.forType(member.schema(), column.valueType().element(), where);
        return (out, value) -> {
            if (value == null) {
                out.writeVarUInt(0);
                return;
            }
            List<?> list = (List<?>) value;
            out.writeVarUInt(list.size());
            for (Object item : list) {
                elements.write(out, item == null ? null : ((Struct) item).get(member));
            }
        };
    }
}
