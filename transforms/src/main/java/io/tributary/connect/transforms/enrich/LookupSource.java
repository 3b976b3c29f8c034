package io.tributary.connect.transforms.enrich;

/** Where enrichment data comes from: Redis, or a table loaded from a file. */
interface LookupSource extends AutoCloseable {

    /** The data for a key (a map, or a string), or null when there is none. Throws {@link LookupException} on failure. */
    Object lookup(String key);

    /**
     * Whether every answer is plain text (Redis GET without JSON parsing): a Struct record's target field is then an
     * optional string, otherwise a map (or {@code target.schema}). Decided by configuration, never by one answer, so
     * that every record of an input schema gets one output schema.
     */
    default boolean answersText() {
        return false;
    }

    @Override
    void close();

    /** The source could not answer (unreachable, timed out): not the same as a miss. */
    final class LookupException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LookupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
