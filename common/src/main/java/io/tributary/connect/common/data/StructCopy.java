package io.tributary.connect.common.data;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Fills a copy of a Struct with values taken from a valid Struct, without validating them again.
 *
 * <p>{@link Struct#put(Field, Object)} validates the value against the field's schema, and for a nested Struct
 * that means the whole subtree, every time: copying a record's top-level Struct to change one field re-validated
 * every nested struct and array below it, which was a third of a transform chain's time on Structs. Kafka has no
 * public way to build a Struct from trusted values, so this writes the Struct's value array directly, found once by
 * reflection. Should a future Kafka rename that field, it falls back to {@code put} (correct, only slower).
 */
final class StructCopy {

    private static final VarHandle VALUES = find();

    private StructCopy() {
    }

    private static VarHandle find() {
        try {
            return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Puts a value that came from a valid Struct's field whose schema is this field's schema (the same object):
     * it is valid here too.
     */
    static void putTrusted(Struct target, Field field, Object value) {
        if (VALUES == null) {
            target.put(field, value);
        } else {
            ((Object[]) VALUES.get(target))[field.index()] = value;
        }
    }

    /** Whether copies skip re-validation (false only if this Kafka's Struct has no value array to write). */
    static boolean trusted() {
        return VALUES != null;
    }
}
