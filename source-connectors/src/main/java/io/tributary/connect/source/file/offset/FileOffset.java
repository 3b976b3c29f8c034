package io.tributary.connect.source.file.offset;

import org.apache.kafka.connect.errors.ConnectException;

import java.util.Map;

/**
 * A file's source offset: which file (identity), how far (byte position in the decompressed content, and lines,
 * Avro records or Parquet rows consumed), and whether it was read to the end. The source partition is the file's path relative
 * to the input directory: {@code {"path": "2024/01/events.jsonl"}}.
 *
 * <p>Stored by Connect with every record, so after a restart, a rebalance or the loss of a worker a task resumes at
 * exactly the byte after the last committed record.
 */
public record FileOffset(String identity, long position, long lines, boolean eof) {

    public static final String PATH = "path";
    public static final String IDENTITY = "id";
    public static final String POSITION = "position";
    public static final String LINES = "lines";
    public static final String EOF = "eof";

    public static final FileOffset START = new FileOffset(null, 0, 0, false);

    public static Map<String, String> partition(String relativePath) {
        return Map.of(PATH, relativePath);
    }

    public Map<String, Object> toMap() {
        return identity == null
                ? Map.of(POSITION, position, LINES, lines, EOF, eof)
                : Map.of(IDENTITY, identity, POSITION, position, LINES, lines, EOF, eof);
    }

    /** Reads a stored offset; null stays null (no offset). Throws with the field named when malformed. */
    public static FileOffset fromMap(Map<String, ?> map) {
        if (map == null) {
            return null;
        }
        String problem = problemWith(map);
        if (problem != null) {
            throw new ConnectException("Stored file offset " + map.keySet() + " is invalid: " + problem);
        }
        Object identity = map.get(IDENTITY);
        Object eof = map.get(EOF);
        return new FileOffset(identity == null ? null : identity.toString(), ((Number) map.get(POSITION)).longValue(),
                ((Number) map.get(LINES)).longValue(), eof != null && (Boolean) eof);
    }

    /**
     * As {@link #validate(Map, Map)}, for a format that counts records instead of bytes (Avro, Parquet: the resume
     * point is {@code lines}, records or rows consumed): there a 'position' other than 0 would promise a byte
     * offset the reader never uses, so it is refused.
     */
    public static String validate(Map<String, ?> partition, Map<String, ?> offset, boolean countsRecords) {
        String problem = validate(partition, offset);
        if (problem == null && countsRecords && offset != null && ((Number) offset.get(POSITION)).longValue() != 0) {
            return "'" + POSITION + "' must be 0 for this format: it resumes at '" + LINES
                    + "', the records (rows) consumed";
        }
        return problem;
    }

    /** What is wrong with a partition and offset given to {@code alterOffsets}, or null when they are valid. */
    public static String validate(Map<String, ?> partition, Map<String, ?> offset) {
        if (partition == null || !(partition.get(PATH) instanceof String) || ((String) partition.get(PATH)).isEmpty()) {
            return "the source partition must be {\"" + PATH + "\": \"<path relative to file.path>\"}";
        }
        if (partition.size() != 1) {
            return "the source partition has keys other than '" + PATH + "': " + partition.keySet();
        }
        return offset == null ? null : problemWith(offset);
    }

    private static String problemWith(Map<String, ?> offset) {
        for (String key : new String[] {POSITION, LINES}) {
            Object value = offset.get(key);
            if (!(value instanceof Number) || value instanceof Double || value instanceof Float) {
                return "'" + key + "' must be a whole number";
            }
            if (((Number) value).longValue() < 0) {
                return "'" + key + "' must not be negative";
            }
        }
        Object identity = offset.get(IDENTITY);
        if (identity != null && !(identity instanceof String)) {
            return "'" + IDENTITY + "' must be a string (or absent: any file at the path)";
        }
        Object eof = offset.get(EOF);
        if (eof != null && !(eof instanceof Boolean)) {
            return "'" + EOF + "' must be true or false";
        }
        for (String key : offset.keySet()) {
            if (!key.equals(POSITION) && !key.equals(LINES) && !key.equals(IDENTITY) && !key.equals(EOF)) {
                return "unknown key '" + key + "'";
            }
        }
        return null;
    }

    /** Whether this offset describes the file with {@code currentIdentity} (an offset without identity matches any). */
    public boolean matches(String currentIdentity) {
        return identity == null || identity.equals(currentIdentity);
    }
}
