package io.tributary.connect.common.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schemaless map that a {@link PathEditor.Edits} session made (or changed in place) for the one record a transform
 * returned, so that the next Tributary transform of the chain may change it in place instead of copying it again
 * (issue 17: a 17-entry map was copied by enrich, rules and protect in turn).
 *
 * <p>Why this is safe. Connect keeps the record the converter or the source connector made — for errant-record
 * reporting, the dead-letter context headers, {@code commitRecord} and offsets — and the maps in it are never of this
 * class, so they are never changed. A map of this class is changed in place only by a session started for the very
 * record object it was {@linkplain #holdFor handed to}: a transform of another plugin between two Tributary
 * transforms that makes a new record (or hands the map to anyone else) ends the claim, and the next Tributary
 * transform copies as before. A record given twice to a transform (a test, a retry) finds the claim gone after the
 * first call and copies too.
 *
 * <p>To everyone else it is an ordinary insertion-ordered {@link LinkedHashMap} ({@code equals} included).
 */
public final class ChainOwnedMap extends LinkedHashMap<Object, Object> {

    private static final long serialVersionUID = 1L;

    /** The record this map may be changed in place for; compared by identity, never read. */
    private transient Object holder;

    ChainOwnedMap(Map<?, ?> entries) {
        super(entries);
    }

    /** True when {@code record} (compared by identity) is the record this map was handed to. */
    boolean heldFor(Object record) {
        return record != null && holder == record;
    }

    /** Hands the map to {@code record}: only a session for that record may change it in place from now on. */
    void holdFor(Object record) {
        holder = record;
    }
}
