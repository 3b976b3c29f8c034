package io.tributary.connect.transforms.validate;

import org.apache.avro.LogicalTypes;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Whether a Struct (or a map) conforms to an Avro schema, with every violation collected by path: missing required
 * fields, wrong types, values outside an enum, lists and maps checked element by element, unions by their
 * branches. Written here because Avro's own {@code GenericData.validate} answers only yes or no, and only for
 * Avro's own data classes.
 */
final class AvroConformance implements CompiledSchema {

    private final org.apache.avro.Schema schema;
    private final String source;
    private final String version;
    private final Integer id;

    AvroConformance(String text, String source, String version, Integer id) {
        this(text, java.util.Map.of(), source, version, id);
    }

    /**
     * With the schemas it references (registry references: named types defined in other subjects), in the order
     * they were found; each is parsed after those it references, so the named types are known when used.
     */
    AvroConformance(String text, java.util.Map<String, String> references, String source, String version, Integer id) {
        try {
            org.apache.avro.Schema.Parser parser = new org.apache.avro.Schema.Parser();
            List<String> referenced = new ArrayList<>(references.values());
            java.util.Collections.reverse(referenced);
            for (String reference : referenced) {
                parser.parse(reference);
            }
            this.schema = parser.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid Avro schema: " + e.getMessage());
        }
        this.source = source;
        this.version = version;
        this.id = id;
    }

    @Override
    public List<Violation> validate(Object value, Schema connectSchema) {
        List<Violation> out = new ArrayList<>();
        check(schema, value, Path.ROOT, out);
        return out;
    }

    /**
     * Where a value sits in the record; its text is built only for a violation (most records have none, and
     * concatenating a path for every field was most of the cost of checking a valid record).
     */
    private record Path(Path parent, String name, int index) {
        static final Path ROOT = new Path(null, null, -1);

        Path field(String field) {
            return new Path(this, field, -1);
        }

        Path element(int i) {
            return new Path(this, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return "$";
            }
            return parent + (name != null ? "." + name : "[" + index + "]");
        }
    }

    private static void check(org.apache.avro.Schema schema, Object value, Path path, List<Violation> out) {
        switch (schema.getType()) {
            case UNION: {
                if (value == null && acceptsNull(schema)) {
                    return;
                }
                List<Violation> firstBranch = null;
                for (org.apache.avro.Schema branch : schema.getTypes()) {
                    if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
                        continue;
                    }
                    List<Violation> attempt = new ArrayList<>();
                    check(branch, value, path, attempt);
                    if (attempt.isEmpty()) {
                        return;
                    }
                    if (firstBranch == null) {
                        firstBranch = attempt;
                    }
                }
                out.addAll(firstBranch == null ? List.of(new Violation(path.toString(), "type", path + ": null, expected a value"))
                        : firstBranch);
                return;
            }
            case RECORD: {
                if (!(value instanceof Struct) && !(value instanceof Map)) {
                    out.add(mismatch(path, "a record", value));
                    return;
                }
                for (org.apache.avro.Schema.Field field : schema.getFields()) {
                    Path fieldPath = path.field(field.name());
                    Object fieldValue = member(value, field.name());
                    if (fieldValue == null && !acceptsNull(field.schema())) {
                        if (!field.hasDefaultValue()) {
                            out.add(new Violation(fieldPath.toString(), "required", fieldPath + ": is required"));
                        }
                        continue;
                    }
                    check(field.schema(), fieldValue, fieldPath, out);
                }
                return;
            }
            case ARRAY: {
                if (!(value instanceof Collection)) {
                    out.add(mismatch(path, "an array", value));
                    return;
                }
                int i = 0;
                for (Object element : (Collection<?>) value) {
                    check(schema.getElementType(), element, path.element(i++), out);
                }
                return;
            }
            case MAP: {
                if (!(value instanceof Map)) {
                    out.add(mismatch(path, "a map", value));
                    return;
                }
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    check(schema.getValueType(), e.getValue(), path.field(String.valueOf(e.getKey())), out);
                }
                return;
            }
            case ENUM:
                if (!(value instanceof CharSequence) || !schema.getEnumSymbols().contains(value.toString())) {
                    out.add(new Violation(path.toString(), "enum", path + ": not one of the symbols of enum " + schema.getName()));
                }
                return;
            case STRING:
                expect(value instanceof CharSequence, path, "a string", value, out);
                return;
            case BYTES:
                if (schema.getLogicalType() instanceof LogicalTypes.Decimal) {
                    expect(value instanceof BigDecimal || value instanceof byte[] || value instanceof ByteBuffer, path,
                            "a decimal", value, out);
                } else {
                    expect(value instanceof byte[] || value instanceof ByteBuffer, path, "bytes", value, out);
                }
                return;
            case FIXED:
                if (!(value instanceof byte[]) || ((byte[]) value).length != schema.getFixedSize()) {
                    out.add(new Violation(path.toString(), "fixed", path + ": expected " + schema.getFixedSize() + " bytes"));
                }
                return;
            case INT:
                if (value instanceof java.util.Date && schema.getLogicalType() != null) {
                    return;
                }
                expect(value instanceof Integer || value instanceof Short || value instanceof Byte
                        || (value instanceof Long && (Long) value == ((Long) value).intValue()), path, "an int", value, out);
                return;
            case LONG:
                if (value instanceof java.util.Date && schema.getLogicalType() != null) {
                    return;
                }
                expect(value instanceof Long || value instanceof Integer || value instanceof Short
                        || value instanceof Byte, path, "a long", value, out);
                return;
            case FLOAT:
            case DOUBLE:
                expect(value instanceof Number, path, "a number", value, out);
                return;
            case BOOLEAN:
                expect(value instanceof Boolean, path, "a boolean", value, out);
                return;
            case NULL:
                expect(value == null, path, "null", value, out);
                return;
            default:
        }
    }

    private static boolean acceptsNull(org.apache.avro.Schema schema) {
        if (schema.getType() == org.apache.avro.Schema.Type.UNION) {
            for (org.apache.avro.Schema branch : schema.getTypes()) {
                if (branch.getType() == org.apache.avro.Schema.Type.NULL) {
                    return true;
                }
            }
            return false;
        }
        return schema.getType() == org.apache.avro.Schema.Type.NULL;
    }

    private static Object member(Object container, String name) {
        if (container instanceof Struct) {
            Struct struct = (Struct) container;
            org.apache.kafka.connect.data.Field field = struct.schema().field(name);
            return field == null ? null : struct.get(field);
        }
        return ((Map<?, ?>) container).get(name);
    }

    private static void expect(boolean ok, Path path, String expected, Object value, List<Violation> out) {
        if (!ok) {
            out.add(mismatch(path, expected, value));
        }
    }

    private static Violation mismatch(Path path, String expected, Object value) {
        String actual = value == null ? "null" : value.getClass().getSimpleName();
        return new Violation(path.toString(), "type", path + ": " + actual + " found, " + expected + " expected");
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Integer id() {
        return id;
    }
}
