package io.tributary.connect.source.file.read;

import org.apache.kafka.connect.data.Schema;

/**
 * What reading produced for one record's worth of input: a value, or a failure carrying the raw bytes for the
 * dead-letter topic. Both carry where the input was and where reading resumes after it.
 */
public sealed interface ReadResult {

    /** Byte position of the input's first byte (line formats), or -1 where positions are not bytes (Avro). */
    long startPosition();

    /** Where reading resumes after this input: a byte position (line formats) or 0 (Avro). */
    long endPosition();

    /** 1-based number of the input's first line (line formats) or record (Avro). */
    long firstLine();

    /** Lines (or Avro records) consumed up to and including this input: resumes line numbering. */
    long linesConsumed();

    record Parsed(Schema schema, Object value, long startPosition, long endPosition, long firstLine,
                  long linesConsumed) implements ReadResult {
    }

    /**
     * @param raw            the input (or its first bytes, when {@code truncated}); null when there is none, e.g.
     *                       a file that could not be opened
     * @param originalLength full length of the input in bytes
     * @param stage          'parse' (bad record), 'convert' (does not fit the schema), 'read' (I/O, corrupt
     *                       container or compression: nothing more can be read from the file)
     */
    record Failed(byte[] raw, long originalLength, boolean truncated, String stage, String errorClass,
                  String message, long startPosition, long endPosition, long firstLine, long linesConsumed)
            implements ReadResult {

        public boolean endsFile() {
            return "read".equals(stage);
        }
    }
}
