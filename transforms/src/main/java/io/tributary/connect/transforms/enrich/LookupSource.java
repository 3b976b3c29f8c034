package io.tributary.connect.transforms.enrich;

/** Where enrichment data comes from: Redis, or a table loaded from a file. */
interface LookupSource extends AutoCloseable {

    /** The data for a key (a map, or a string), or null when there is none. Throws {@link LookupException} on failure. */
    Object lookup(String key);

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
