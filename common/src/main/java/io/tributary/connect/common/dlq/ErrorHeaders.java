package io.tributary.connect.common.dlq;

/**
 * Header names on dead-lettered records. They say where a record came from and why it failed, never what it
 * contained: the value carries the raw bytes, the headers carry only origin and error.
 */
public final class ErrorHeaders {

    public static final String PREFIX = "tributary.";

    /** Fully qualified class of the error, e.g. {@code com.fasterxml.jackson.core.io.JsonEOFException}. */
    public static final String ERROR_CLASS = PREFIX + "error.class";
    /** What went wrong, naming fields and positions but not values. */
    public static final String ERROR_MESSAGE = PREFIX + "error.message";
    /** The step that failed: parse, convert, read, ... */
    public static final String ERROR_STAGE = PREFIX + "error.stage";
    /** Milliseconds since the epoch when the record was dead-lettered. */
    public static final String ERROR_TIMESTAMP = PREFIX + "error.timestamp";
    /** Present and "true" when the value holds only the first bytes of an oversized input. */
    public static final String ERROR_TRUNCATED = PREFIX + "error.truncated";
    /** The full length in bytes of an input whose value was truncated. */
    public static final String ORIGINAL_LENGTH = PREFIX + "error.original.length";

    public static final String CONNECTOR = PREFIX + "connector";
    public static final String TASK = PREFIX + "task";

    /** Origin within a file: path, line number (1-based), byte offset of the line's start. */
    public static final String SOURCE_FILE = PREFIX + "source.file";
    public static final String SOURCE_LINE = PREFIX + "source.line";
    public static final String SOURCE_POSITION = PREFIX + "source.position";
    public static final String SOURCE_RECORD_INDEX = PREFIX + "source.record";

    /** Origin of an HTTP response: the endpoint's name, the URL requested and the status it answered. */
    public static final String SOURCE_ENDPOINT = PREFIX + "source.endpoint";
    public static final String SOURCE_URL = PREFIX + "source.url";
    public static final String SOURCE_STATUS = PREFIX + "source.status";

    private ErrorHeaders() {
    }
}
