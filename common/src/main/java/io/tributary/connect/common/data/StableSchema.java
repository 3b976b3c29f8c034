package io.tributary.connect.common.data;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A record schema inferred from JSON and kept stable: each batch of records (a page) either fits the schema held,
 * which is then returned as the very same {@link Schema} object (so a registry converter's cache answers, and no
 * version is registered), or widens it compatibly — a reader of the new schema reads data written with the old one
 * (Avro's and JSON Schema's backward compatibility):
 * <ul>
 *   <li>a field not in the schema is added, optional, its type inferred from the batch's records (a field seen only
 *       as null is an optional string);</li>
 *   <li>integers widen int8 → int16 → int32 → int64 as values need, and any integer type to float64 when a fraction
 *       (or an integer beyond int64) arrives; float32 takes any number;</li>
 *   <li>a string field takes any value, as its JSON text; a missing or null value fits an optional field;</li>
 *   <li>arrays, maps and nested structs widen their elements, values and fields by the same rules.</li>
 * </ul>
 * Anything else is an incompatible change (a string or a number where a struct was, a struct where a number was, a
 * boolean where an integer was, a required field missing): that record is reported as not fitting, with the field
 * named, and the schema is left as it is. Nothing is ever removed from the schema or narrowed.
 *
 * <p>Not thread-safe: one instance per endpoint (per task).
 */
public final class StableSchema {

    /** What a batch of records gives: the schema to write them with, and why each record that does not fit. */
    public record Fit(Schema schema, boolean changed, List<String> problems) {

        /** Why record {@code i} does not fit, or null when it does. */
        public String problem(int i) {
            return problems.get(i);
        }
    }

    /** A record cannot be written with the schema, nor with any compatible widening of it. */
    static final class Incompatible extends RuntimeException {
        Incompatible(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * One record does not fit the schema held, nor any compatible widening of it; the message names the field and
     * what it is in the schema, never the record's value. The schema is left as it is.
     */
    public static final class NotFitting extends DataException {
        NotFitting(String message) {
            super(message);
        }
    }

    private final String structName;
    private Schema current;
    private int changes;

    /**
     * @param initial the schema to start from (e.g. the latest one registered for the topic), or null to infer it
     *                from the first batch
     */
    public StableSchema(Schema initial, String structName) {
        this.current = initial;
        this.structName = structName;
    }

    /** The schema held now; null before the first batch when none was given. */
    public Schema current() {
        return current;
    }

    /** How many times the schema was widened (the first inference not counted). */
    public int changes() {
        return changes;
    }

    /**
     * Fits a batch of records (JSON trees; null entries are skipped and reported as fitting) to the schema, widening
     * it compatibly where needed. Records that are not objects never fit.
     */
    public Fit fit(List<JsonNode> records) {
        List<String> problems = new ArrayList<>(records.size());
        Schema before = current;
        Schema working = current;
        if (working == null) {
            working = SchemaInference.ofJsonObjects(records, structName);
        }
        Supplier<Schema> pageSchema = memoize(() -> SchemaInference.ofJsonObjects(records, structName));
        for (JsonNode record : records) {
            if (record == null) {
                problems.add(null);
                continue;
            }
            if (!record.isObject() || working == null) {
                problems.add("a record is not a JSON object, so it cannot be a struct");
                continue;
            }
            try {
                working = widen(working, pageSchema, record, "");
                problems.add(null);
            } catch (Incompatible e) {
                problems.add(e.getMessage() + ": an incompatible change, so the record does not go out with the "
                        + "schema '" + working.name() + "', which is kept as it is");
            }
        }
        current = working;
        boolean changed = before != null && before != working;
        if (changed) {
            changes++;
        }
        return new Fit(working, changed, problems);
    }

    /**
     * Fits one record (a JSON object) to the schema, widening it compatibly where needed: returns the schema to write
     * the record with — the very same object as before when the record fits, so a registry converter's cache answers.
     * Without a schema yet, the schema is inferred from this record. For a stream of records, where
     * {@link #fit(List)} is given a first sample so that its types come from many records.
     *
     * @throws NotFitting when the record is not an object or would need an incompatible change, naming the field
     */
    public Schema fit(JsonNode record) {
        if (record == null || !record.isObject()) {
            throw new NotFitting("the value is not a JSON object, so it cannot be a struct");
        }
        if (current == null) {
            current = SchemaInference.ofJsonObjects(List.of(record), structName);
            return current;
        }
        Schema widened;
        try {
            widened = widen(current, null, record, "");
        } catch (Incompatible e) {
            throw new NotFitting(e.getMessage() + ": an incompatible change, so the record does not go out with the "
                    + "schema '" + current.name() + "', which is kept as it is");
        }
        if (widened != current) {
            current = widened;
            changes++;
        }
        return widened;
    }

    /** Widens a schema to hold one value; the same object when it already does. */
    static Schema widen(Schema schema, Supplier<Schema> page, JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            if (schema.isOptional() || schema.defaultValue() != null) {
                return schema;
            }
            throw new Incompatible(describe(path) + " is required but missing or null");
        }
        String logical = schema.name();
        if (logical != null && logical.startsWith("org.apache.kafka.connect.data.")) {
            try {
                JsonData.toConnect(schema, node);   // decimal, timestamp, date, time: fits as read, or not at all
                return schema;
            } catch (DataException e) {
                throw new Incompatible(describe(path) + " does not fit its " + describe(schema) + " ("
                        + e.getMessage() + ")");
            }
        }
        switch (schema.type()) {
            case STRING:
                return schema;   // any JSON value is kept as its text
            case BOOLEAN:
                if (node.isBoolean()) {
                    return schema;
                }
                throw mismatch(path, schema, node);
            case INT8:
            case INT16:
            case INT32:
            case INT64: {
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    Schema.Type needed = integerType(node.longValue());
                    return rank(needed) <= rank(schema.type()) ? schema : retype(schema, needed);
                }
                if (node.isNumber()) {
                    return retype(schema, Schema.Type.FLOAT64);
                }
                throw mismatch(path, schema, node);
            }
            case FLOAT32:
            case FLOAT64:
                if (node.isNumber()) {
                    return schema;
                }
                throw mismatch(path, schema, node);
            case BYTES:
                try {
                    JsonData.toConnect(schema, node);
                    return schema;
                } catch (DataException e) {
                    throw new Incompatible(describe(path) + " does not fit its " + describe(schema) + " ("
                        + e.getMessage() + ")");
                }
            case ARRAY: {
                if (!node.isArray()) {
                    throw mismatch(path, schema, node);
                }
                Supplier<Schema> pageElement = child(page, Schema.Type.ARRAY, null);
                Schema element = schema.valueSchema();
                int i = 0;
                for (JsonNode item : node) {
                    element = widen(element, pageElement, item, path + "[" + i++ + "]");
                }
                if (element == schema.valueSchema()) {
                    return schema;
                }
                return copyHeader(schema, SchemaBuilder.array(element)).build();
            }
            case MAP: {
                if (!node.isObject() || schema.keySchema().type() != Schema.Type.STRING) {
                    throw mismatch(path, schema, node);
                }
                Schema value = schema.valueSchema();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    value = widen(value, null, e.getValue(), join(path, e.getKey()));
                }
                if (value == schema.valueSchema()) {
                    return schema;
                }
                return copyHeader(schema, SchemaBuilder.map(schema.keySchema(), value)).build();
            }
            case STRUCT:
                if (!node.isObject()) {
                    throw mismatch(path, schema, node);
                }
                return widenStruct(schema, page, node, path);
            default:
                throw new Incompatible(describe(path) + " has a schema of type " + schema.type()
                        + ", which JSON cannot fill");
        }
    }

    private static Schema widenStruct(Schema schema, Supplier<Schema> page, JsonNode node, String path) {
        List<Field> fields = schema.fields();
        Schema[] widened = null;
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            Schema now = widen(field.schema(), child(page, Schema.Type.STRUCT, field.name()), node.get(field.name()),
                    join(path, field.name()));
            if (now != field.schema()) {
                if (widened == null) {
                    widened = new Schema[fields.size()];
                }
                widened[i] = now;
            }
        }
        List<Field> added = null;
        if (node.size() > fields.size() || fieldsMissing(schema, node)) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (schema.field(name) != null) {
                    continue;
                }
                if (added == null) {
                    added = new ArrayList<>();
                }
                Schema fromPage = child(page, Schema.Type.STRUCT, name).get();
                Schema type = fromPage != null ? fromPage : SchemaInference.ofJsonValue(node.get(name));
                // The page may have widened the value to a string where this record holds e.g. a number: fine, a
                // string takes anything. Check the record against it all the same (nested required fields: none).
                type = widen(type, null, node.get(name), join(path, name));
                added.add(new Field(name, fields.size() + added.size(), type));
            }
        }
        if (widened == null && added == null) {
            return schema;
        }
        SchemaBuilder struct = copyHeader(schema, SchemaBuilder.struct());
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            struct.field(field.name(), widened != null && widened[i] != null ? widened[i] : field.schema());
        }
        if (added != null) {
            added.forEach(f -> struct.field(f.name(), f.schema()));
        }
        return struct.build();
    }

    private static boolean fieldsMissing(Schema schema, JsonNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (schema.field(it.next()) == null) {
                return true;
            }
        }
        return false;
    }

    /** The page schema's part at a struct field or array element, when the page inferred the same kind there. */
    private static Supplier<Schema> child(Supplier<Schema> page, Schema.Type kind, String field) {
        if (page == null) {
            return () -> null;
        }
        return memoize(() -> {
            Schema parent = page.get();
            if (parent == null || parent.type() != kind) {
                return null;
            }
            if (kind == Schema.Type.ARRAY) {
                return parent.valueSchema();
            }
            Field f = parent.field(field);
            return f == null ? null : f.schema();
        });
    }

    private static Schema.Type integerType(long value) {
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            return Schema.Type.INT8;
        }
        if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return Schema.Type.INT16;
        }
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return Schema.Type.INT32;
        }
        return Schema.Type.INT64;
    }

    private static int rank(Schema.Type type) {
        return switch (type) {
            case INT8 -> 0;
            case INT16 -> 1;
            case INT32 -> 2;
            case INT64 -> 3;
            default -> 4;
        };
    }

    /** The same field, of a wider primitive type; a default value is dropped (its type no longer matches). */
    private static Schema retype(Schema schema, Schema.Type type) {
        SchemaBuilder builder = SchemaBuilder.type(type);
        if (schema.isOptional()) {
            builder.optional();
        }
        if (schema.doc() != null) {
            builder.doc(schema.doc());
        }
        return builder.build();
    }

    private static SchemaBuilder copyHeader(Schema from, SchemaBuilder to) {
        if (from.name() != null) {
            to.name(from.name());
        }
        if (from.version() != null) {
            to.version(from.version());
        }
        if (from.doc() != null) {
            to.doc(from.doc());
        }
        if (from.parameters() != null && !from.parameters().isEmpty()) {
            to.parameters(from.parameters());
        }
        if (from.isOptional()) {
            to.optional();
        }
        if (from.defaultValue() != null && from.type() != Schema.Type.STRUCT) {
            to.defaultValue(from.defaultValue());
        }
        return to;
    }

    private static Incompatible mismatch(String path, Schema schema, JsonNode node) {
        return new Incompatible(describe(path) + " is " + describe(schema) + " in the schema but a JSON "
                + node.getNodeType().name().toLowerCase(Locale.ROOT) + " in this record");
    }

    private static String describe(Schema schema) {
        if (schema.name() != null && schema.name().startsWith("org.apache.kafka.connect.data.")) {
            return schema.name().substring("org.apache.kafka.connect.data.".length()).toLowerCase(Locale.ROOT);
        }
        return switch (schema.type()) {
            case STRUCT -> "a struct";
            case ARRAY -> "an array";
            case MAP -> "a map";
            case INT8, INT16, INT32, INT64 -> "an integer (" + schema.type().getName() + ")";
            default -> "a " + schema.type().getName();
        };
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the value" : "field '" + path + "'";
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private boolean done;
            private T value;

            @Override
            public T get() {
                if (!done) {
                    value = supplier.get();
                    done = true;
                }
                return value;
            }
        };
    }
}
