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
     * costs one copy of its top-level map, not three. The input is never touched, with one exception that no one
     * can observe: maps an earlier Tributary transform {@linkplain #handOff handed to} exactly the record this
     * session edits ({@link ChainOwnedMap}) are changed in place, and {@link #rollback} puts them back.
     */
    public static final class Edits {
        private static final Object ABSENT = new Object();

        private final Object start;
        private final Object record;
        private Object root;
        /** The containers this session copied (compared by identity; a handful per record). */
        private final List<Object> owned = new ArrayList<>(4);
        /** In-place changes of handed-on maps, as (map, key, previous value or ABSENT), for {@link #rollback}. */
        private List<Object> undo;

        /** Edits that copy every container they change. */
        public Edits(Object root) {
            this(root, null);
        }

        /**
         * Edits of {@code record}'s value (or key) {@code root}: maps handed to this very record by an earlier
         * session ({@link #handOff}) are changed in place instead of copied.
         */
        public Edits(Object root, Object record) {
            this.start = root;
            this.root = root;
            this.record = record;
        }

        public Edits update(FieldPath path, UnaryOperator<Object> change) {
            root = updateSchemaless(root, path.steps(), 0, change, false, this);
            return this;
        }

        public Edits set(FieldPath path, Object value) {
            root = updateSchemaless(root, path.steps(), 0, old -> value, true, this);
            return this;
        }

        public Edits remove(FieldPath path) {
            root = updateSchemaless(root, path.steps(), 0, old -> REMOVED, false, this);
            return this;
        }

        /** The value with every change so far. */
        public Object result() {
            return root;
        }

        /**
         * Undoes every change: maps changed in place get their previous entries back, in their order, and the result
         * is the value the session started from. For a transform that gives up on a record after some changes (a
         * dead letter keeps the record as it came, an exception leaves it to Connect's error handling).
         */
        public void rollback() {
            if (undo != null) {
                for (int i = undo.size() - 3; i >= 0; i -= 3) {
                    @SuppressWarnings("unchecked")
                    Map<Object, Object> map = (Map<Object, Object>) undo.get(i);
                    Object previous = undo.get(i + 2);
                    if (previous == ABSENT) {
                        map.remove(undo.get(i + 1));
                    } else {
                        map.put(undo.get(i + 1), previous);
                    }
                }
                undo = null;
            }
            owned.clear();
            root = start;
        }

        /**
         * Hands the result's maps that this session made or was handed to {@code next}, the record the transform
         * returns with the result in it, so the next Tributary transform may change them in place.
         */
        public <T> T handOff(T next) {
            for (Object container : owned) {
                if (container instanceof ChainOwnedMap map) {
                    map.holdFor(next);
                }
            }
            handOn(root, record, next);
            return next;
        }

        boolean owns(Object container) {
            for (Object o : owned) {
                if (o == container) {
                    return true;
                }
            }
            return false;
        }

        /** A map handed to this session's record, which it may change in place (keeping an undo entry). */
        boolean inherits(Object container) {
            return record != null && container instanceof ChainOwnedMap map && map.heldFor(record);
        }

        void changedInPlace(Map<?, ?> map, Object key, boolean present, Object previous) {
            if (undo == null) {
                undo = new ArrayList<>(6);
            }
            undo.add(map);
            undo.add(key);
            undo.add(present ? previous : ABSENT);
        }
    }

    /**
     * For a transform that passes {@code value} on unchanged from record {@code from} into a new record {@code to}:
     * if {@code value} is a map handed to {@code from}, it is handed to {@code to}.
     */
    public static void handOn(Object value, Object from, Object to) {
        if (from != null && value instanceof ChainOwnedMap map && map.heldFor(from)) {
            map.holdFor(to);
        }
    }

    private static Object updateSchemaless(Object node, List<Step> steps, int i, UnaryOperator<Object> change,
                                           boolean create) {
        return updateSchemaless(node, steps, i, change, create, null);
    }

    /**
     * With {@code session} null every changed container is copied; otherwise containers it copied are changed in
     * place, and so are maps handed to its record (with an undo entry), except for removals from those, which copy.
     */
    @SuppressWarnings("unchecked")
    private static Object updateSchemaless(Object node, List<Step> steps, int i, UnaryOperator<Object> change,
                                           boolean create, Edits session) {
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
            boolean inPlace = session != null && session.owns(node);
            for (int k = from; k < to; k++) {
                Object old = list.get(k);
                Object updated = updateSchemaless(old, steps, i + 1, change, create, session);
                if (updated != old) {
                    if (copy == null) {
                        copy = inPlace ? (List<Object>) list : new ArrayList<>(list);
                        if (session != null && !inPlace) {
                            session.owned.add(copy);
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
        Object updated = updateSchemaless(old, steps, i + 1, change, create, session);
        if (updated == old && present) {
            return node;
        }
        Map<Object, Object> copy;
        if (session != null && node != null && session.owns(node)) {
            copy = (Map<Object, Object>) map;
        } else if (session != null && updated != REMOVED && session.inherits(node)) {
            // A put into a map handed to this record: in place, undoable (a removal copies instead, so that a
            // rollback never has to restore an entry's position).
            copy = (Map<Object, Object>) map;
            session.changedInPlace(map, step.name(), present, old);
        } else if (session != null) {
            copy = new ChainOwnedMap(map);
            session.owned.add(copy);
        } else {
            copy = new LinkedHashMap<>(map);
        }
        if (updated == REMOVED) {
            copy.remove(step.name());
        } else {
            copy.put(step.name(), updated);
        }
        return copy;
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
