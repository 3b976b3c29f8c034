package io.tributary.connect.common.data;

import io.tributary.connect.common.data.FieldPath.Step;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Changes values at a {@link FieldPath} without touching the input: the containers along the path are copied, the
 * rest is shared (a record's value may be read by other transforms of the chain). Works on schemaless Maps and
 * Lists, and on Structs, whose schemas along the path are rebuilt when a leaf's schema changes, a field is added or
 * removed. Rebuilt schemas are cached (bounded, like Kafka's own SMTs), so a stream of records with one schema
 * builds each new schema once.
 *
 * <p>A path that is absent from a value leaves it unchanged; {@code [*]} applies to every element of a list.
 */
public final class PathEditor {

    /** What to do at the leaf of a path inside a Struct: the new schema, and the new value. */
    public interface LeafChange {
        Schema schema(Schema old);

        Object value(Schema oldSchema, Object oldValue);
    }

    private record SchemaEdit(Schema parent, String field, Object newFieldSchema) {
    }

    private static final Object REMOVED = new Object();

    private final Cache<SchemaEdit, Schema> schemas;

    public PathEditor(int maxCachedSchemas) {
        this.schemas = new SynchronizedCache<>(new LRUCache<>(maxCachedSchemas));
    }

    // ---------------------------------------------------------------------------------------------- schemaless

    /** Replaces each value the path finds with {@code change.apply(value)}. */
    public static Object update(Object root, FieldPath path, UnaryOperator<Object> change) {
        return updateSchemaless(root, path.steps(), 0, change, false);
    }

    /** Sets the value at the path, creating missing maps on the way (not missing list elements). */
    public static Object set(Object root, FieldPath path, Object value) {
        return updateSchemaless(root, path.steps(), 0, old -> value, true);
    }

    /** Removes the map entry (or list element) at the path. */
    public static Object remove(Object root, FieldPath path) {
        return updateSchemaless(root, path.steps(), 0, old -> REMOVED, false);
    }

    /**
     * Several changes to one schemaless value, as one: each map or list along the changed paths is copied once, by
     * the first change through it, and later changes write into that copy. A record that gets three fields set
     * costs one copy of its top-level map, not three. The input is never touched.
     */
    public static final class Edits {
        private Object root;
        /** The containers this session copied (compared by identity; a handful per record). */
        private final List<Object> owned = new ArrayList<>(4);

        public Edits(Object root) {
            this.root = root;
        }

        public Edits update(FieldPath path, UnaryOperator<Object> change) {
            root = updateSchemaless(root, path.steps(), 0, change, false, owned);
            return this;
        }

        public Edits set(FieldPath path, Object value) {
            root = updateSchemaless(root, path.steps(), 0, old -> value, true, owned);
            return this;
        }

        public Edits remove(FieldPath path) {
            root = updateSchemaless(root, path.steps(), 0, old -> REMOVED, false, owned);
            return this;
        }

        /** The value with every change so far. */
        public Object result() {
            return root;
        }
    }

    private static Object updateSchemaless(Object node, List<Step> steps, int i, UnaryOperator<Object> change,
                                           boolean create) {
        return updateSchemaless(node, steps, i, change, create, null);
    }

    /** With {@code owned} null every changed container is copied; otherwise containers in it are changed in place. */
    @SuppressWarnings("unchecked")
    private static Object updateSchemaless(Object node, List<Step> steps, int i, UnaryOperator<Object> change,
                                           boolean create, List<Object> owned) {
        if (i == steps.size()) {
            return change.apply(node);
        }
        Step step = steps.get(i);
        if (step.isIndex()) {
            if (!(node instanceof List)) {
                return node;
            }
            List<?> list = (List<?>) node;
            List<Object> copy = null;
            int from = step.isWildcard() ? 0 : step.index();
            int to = step.isWildcard() ? list.size() : Math.min(step.index() + 1, list.size());
            boolean inPlace = owned != null && isOwned(owned, node);
            for (int k = from; k < to; k++) {
                Object old = list.get(k);
                Object updated = updateSchemaless(old, steps, i + 1, change, create, owned);
                if (updated != old) {
                    if (copy == null) {
                        copy = inPlace ? (List<Object>) list : new ArrayList<>(list);
                        if (owned != null && !inPlace) {
                            owned.add(copy);
                        }
                    }
                    copy.set(k, updated);
                }
            }
            if (copy == null) {
                return node;
            }
            copy.removeIf(e -> e == REMOVED);
            return copy;
        }
        Map<?, ?> map;
        if (node instanceof Map) {
            map = (Map<?, ?>) node;
        } else if (node == null && create) {
            map = Map.of();
        } else {
            return node;
        }
        boolean present = map.containsKey(step.name());
        if (!present && !create) {
            return node;
        }
        Object old = map.get(step.name());
        Object updated = updateSchemaless(old, steps, i + 1, change, create, owned);
        if (updated == old && present) {
            return node;
        }
        Map<Object, Object> copy;
        if (owned != null && node != null && isOwned(owned, node)) {
            copy = (Map<Object, Object>) map;
        } else {
            copy = new LinkedHashMap<>(map);
            if (owned != null) {
                owned.add(copy);
            }
        }
        if (updated == REMOVED) {
            copy.remove(step.name());
        } else {
            copy.put(step.name(), updated);
        }
        return copy;
    }

    private static boolean isOwned(List<Object> owned, Object container) {
        for (Object o : owned) {
            if (o == container) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------- structs

    /** Changes each value the path finds in a Struct, rebuilding schemas along the path as the leaf's changes. */
    public SchemaAndValue update(Schema schema, Struct root, FieldPath path, LeafChange change) {
        return updateStruct(schema, root, path.steps(), 0, change, false);
    }

    /** Sets the field at the path, adding it (with {@code fieldSchema}) when the struct's schema lacks it. */
    public SchemaAndValue set(Schema schema, Struct root, FieldPath path, Schema fieldSchema, Object value) {
        return updateStruct(schema, root, path.steps(), 0, new LeafChange() {
            @Override
            public Schema schema(Schema old) {
                return fieldSchema;
            }

            @Override
            public Object value(Schema oldSchema, Object oldValue) {
                return value;
            }
        }, true);
    }

    /** Removes the field at the path from the struct and its schema. */
    public SchemaAndValue remove(Schema schema, Struct root, FieldPath path) {
        return updateStruct(schema, root, path.steps(), 0, RemoveField.INSTANCE, false);
    }

    private enum RemoveField implements LeafChange {
        INSTANCE;

        @Override
        public Schema schema(Schema old) {
            return null;
        }

        @Override
        public Object value(Schema oldSchema, Object oldValue) {
            return REMOVED;
        }
    }

    private SchemaAndValue updateStruct(Schema schema, Object value, List<Step> steps, int i, LeafChange change,
                                        boolean create) {
        if (i == steps.size()) {
            return new SchemaAndValue(change.schema(schema), change.value(schema, value));
        }
        Step step = steps.get(i);
        if (step.isIndex()) {
            return updateArray(schema, value, steps, i, change, create);
        }
        if (schema == null || schema.type() != Schema.Type.STRUCT) {
            return new SchemaAndValue(schema, value);
        }
        Field field = schema.field(step.name());
        boolean last = i == steps.size() - 1;
        if (field == null && !(create && last)) {
            return new SchemaAndValue(schema, value);
        }
        Schema oldFieldSchema = field == null ? null : field.schema();
        Object oldFieldValue = field == null || value == null ? null : ((Struct) value).get(field);
        SchemaAndValue child;
        if (field != null && oldFieldValue == null && !last) {
            // Nothing below a null: only the schema can change.
            child = new SchemaAndValue(childSchemaOnly(oldFieldSchema, steps, i + 1, change), null);
        } else {
            child = updateStruct(oldFieldSchema, oldFieldValue, steps, i + 1, change, create);
        }
        if (child.schema() == oldFieldSchema && child.value() == oldFieldValue && field != null) {
            return new SchemaAndValue(schema, value);
        }
        Struct old = (Struct) value;
        if (field != null && child.schema() == oldFieldSchema) {
            // Only the value changed (a mask, a hash): the schema stays, so do the other fields' positions.
            if (old == null) {
                return new SchemaAndValue(schema, null);
            }
            Struct copy = new Struct(schema);
            for (Field f : schema.fields()) {
                if (f == field) {
                    copy.put(f, child.value());
                } else {
                    StructCopy.putTrusted(copy, f, old.get(f));
                }
            }
            return new SchemaAndValue(schema, copy);
        }
        Schema newSchema = rebuild(schema, step.name(), child.schema());
        if (old == null) {
            return new SchemaAndValue(newSchema, null);
        }
        Struct copy = new Struct(newSchema);
        Schema oldSchema = old.schema();
        for (Field f : newSchema.fields()) {
            if (f.name().equals(step.name())) {
                copy.put(f, child.value());
            } else {
                Field from = oldSchema.field(f.name());
                // A rebuilt schema keeps the other fields' schemas (the same objects), so their values stay valid.
                if (from == null) {
                    copy.put(f, null);
                } else if (from.schema() == f.schema()) {
                    StructCopy.putTrusted(copy, f, old.get(from));
                } else {
                    copy.put(f, old.get(from));
                }
            }
        }
        return new SchemaAndValue(newSchema, copy);
    }

    private SchemaAndValue updateArray(Schema schema, Object value, List<Step> steps, int i, LeafChange change,
                                       boolean create) {
        if (schema == null || schema.type() != Schema.Type.ARRAY) {
            return new SchemaAndValue(schema, value);
        }
        Step step = steps.get(i);
        Schema elementSchema = schema.valueSchema();
        Schema newElementSchema = childSchemaOnly(elementSchema, steps, i + 1, change);
        if (newElementSchema != elementSchema && !step.isWildcard()) {
            throw new DataException("changing the type of one element of an array is not possible; use [*]");
        }
        List<?> list = (List<?>) value;
        List<Object> copy = null;
        if (list != null) {
            int from = step.isWildcard() ? 0 : step.index();
            int to = step.isWildcard() ? list.size() : Math.min(step.index() + 1, list.size());
            for (int k = from; k < to; k++) {
                Object old = list.get(k);
                SchemaAndValue updated = updateStruct(elementSchema, old, steps, i + 1, change, create);
                if (updated.value() != old) {
                    if (copy == null) {
                        copy = new ArrayList<>(list);
                    }
                    copy.set(k, updated.value());
                }
            }
            if (copy != null) {
                copy.removeIf(e -> e == REMOVED);
            }
        }
        if (newElementSchema == null) {
            throw new DataException("array elements cannot be removed by a field path; remove the array instead");
        }
        Schema newSchema = newElementSchema == elementSchema ? schema : arraySchema(schema, newElementSchema);
        return new SchemaAndValue(newSchema, copy == null ? value : copy);
    }

    /** The schema a change gives the node at {@code steps[i..]} of {@code schema}, without any value. */
    private Schema childSchemaOnly(Schema schema, List<Step> steps, int i, LeafChange change) {
        if (i == steps.size()) {
            return change.schema(schema);
        }
        Step step = steps.get(i);
        if (schema == null) {
            return null;
        }
        if (step.isIndex()) {
            if (schema.type() != Schema.Type.ARRAY) {
                return schema;
            }
            Schema element = childSchemaOnly(schema.valueSchema(), steps, i + 1, change);
            return element == schema.valueSchema() ? schema : arraySchema(schema, element);
        }
        if (schema.type() != Schema.Type.STRUCT || schema.field(step.name()) == null) {
            return schema;
        }
        Schema old = schema.field(step.name()).schema();
        Schema updated = childSchemaOnly(old, steps, i + 1, change);
        return updated == old ? schema : rebuild(schema, step.name(), updated);
    }

    private Schema rebuild(Schema parent, String fieldName, Schema newFieldSchema) {
        SchemaEdit key = new SchemaEdit(parent, fieldName, newFieldSchema == null ? RemoveField.INSTANCE : newFieldSchema);
        Schema cached = schemas.get(key);
        if (cached != null) {
            return cached;
        }
        SchemaBuilder builder = SchemaBuilder.struct().name(parent.name()).version(parent.version()).doc(parent.doc());
        if (parent.parameters() != null) {
            builder.parameters(parent.parameters());
        }
        if (parent.isOptional()) {
            builder.optional();
        }
        boolean seen = false;
        for (Field field : parent.fields()) {
            if (field.name().equals(fieldName)) {
                seen = true;
                if (newFieldSchema != null) {
                    builder.field(fieldName, newFieldSchema);
                }
            } else {
                builder.field(field.name(), field.schema());
            }
        }
        if (!seen && newFieldSchema != null) {
            builder.field(fieldName, newFieldSchema);
        }
        Schema built = builder.build();
        schemas.put(key, built);
        return built;
    }

    private static Schema arraySchema(Schema old, Schema element) {
        SchemaBuilder builder = SchemaBuilder.array(element).name(old.name()).version(old.version()).doc(old.doc());
        if (old.isOptional()) {
            builder.optional();
        }
        return builder.build();
    }
}
