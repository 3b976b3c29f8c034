package io.tributary.generator;

/** What a generated line is, so a pipeline's output can be reconciled against what went in. */
public enum Quality {
    /** A well-formed event seen for the first time, with an event time close to now (possibly out of order). */
    VALID,
    /** A well-formed event whose event time is far in the past: it arrives after its window has closed. */
    LATE,
    /** An exact repeat of an earlier valid event (same id, same bytes), as a client retry would produce. */
    DUPLICATE,
    /**
     * Well-formed JSON that breaks the event schema (connector-configs/schemas/event.schema.json): no user_id, a
     * time that is not ISO-8601, or an amount, price or battery below zero (never -0.0, which equals zero).
     */
    INVALID,
    /** A line that is not a JSON event: truncated, not JSON at all, or invalid UTF-8. */
    MALFORMED
}
