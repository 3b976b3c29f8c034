package io.tributary.connect.sink.clickhouse.client;

import com.clickhouse.client.api.ServerException;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed insert or query means, from ClickHouse's error code or the kind of I/O failure: worth retrying as
 * it is, the fault of some record in the batch (split the batch to find it), or a problem of the table or the
 * connector's settings that no retry or split can fix.
 */
public enum Failures {
    /** Timeouts, lost connections, overload: the same request may succeed later. */
    RETRIABLE,
    /** The data: a value the server cannot parse or convert. Splitting the batch isolates the record. */
    RECORD,
    /** The table, the database, the user: fail the task with the server's message. */
    FATAL;

    // ClickHouse's ErrorCodes.cpp.
    private static final Set<Integer> RETRIABLE_CODES = Set.of(
            3,   // UNEXPECTED_END_OF_FILE (the connection broke mid-request)
            159, // TIMEOUT_EXCEEDED
            164, // READONLY (a replica in read-only mode for a while)
            202, // TOO_MANY_SIMULTANEOUS_QUERIES
            203, // NO_FREE_CONNECTION
            209, // SOCKET_TIMEOUT
            210, // NETWORK_ERROR
            241, // MEMORY_LIMIT_EXCEEDED
            242, // TABLE_IS_READ_ONLY
            252, // TOO_MANY_PARTS
            285, // TOO_FEW_LIVE_REPLICAS
            319, // UNKNOWN_STATUS_OF_INSERT
            425, // SYSTEM_ERROR
            999, // KEEPER_EXCEPTION
            1002 // UNKNOWN_EXCEPTION as some proxies report a dropped connection
    );
    private static final Set<Integer> RECORD_CODES = Set.of(
            6,   // CANNOT_PARSE_TEXT
            26,  // CANNOT_PARSE_QUOTED_STRING
            27,  // CANNOT_PARSE_INPUT_ASSERTION_FAILED
            32,  // ATTEMPT_TO_READ_AFTER_EOF
            33,  // CANNOT_READ_ALL_DATA
            38,  // CANNOT_PARSE_DATE
            41,  // CANNOT_PARSE_DATETIME
            53,  // TYPE_MISMATCH
            69,  // ARGUMENT_OUT_OF_BOUND
            70,  // CANNOT_CONVERT_TYPE
            72,  // CANNOT_PARSE_NUMBER
            117, // INCORRECT_DATA
            131, // TOO_LARGE_STRING_SIZE
            190, // SIZES_OF_ARRAYS_DOESNT_MATCH
            321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
            349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
            376, // CANNOT_PARSE_UUID
            377, // ILLEGAL_SYNTAX_FOR_DATA_TYPE
            691  // UNKNOWN_ELEMENT_OF_ENUM
    );

    public static Failures of(Throwable error) {
        Throwable e = unwrap(error);
        Integer code = code(e);
        if (code != null) {
            if (RETRIABLE_CODES.contains(code)) {
                return RETRIABLE;
            }
            return RECORD_CODES.contains(code) ? RECORD : FATAL;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // I/O, timeouts, or a client failure without a server answer: the server may not have seen the request.
            if (t instanceof IOException || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof com.clickhouse.client.api.ClickHouseException) {
                return RETRIABLE;
            }
        }
        return FATAL;
    }

    private static final Pattern CODE_IN_MESSAGE = Pattern.compile("Code: (\\d+)");

    /**
     * The server's error code, if the server answered. The client takes it from the X-ClickHouse-Exception-Code
     * header, which servers before 19.x do not send (it reports 0 then): the message's "Code: N" says it too.
     */
    public static Integer code(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ServerException server) {
                if (server.getCode() > 0) {
                    return server.getCode();
                }
                Matcher m = CODE_IN_MESSAGE.matcher(String.valueOf(server.getMessage()));
                return m.find() ? Integer.valueOf(m.group(1)) : null;
            }
        }
        return null;
    }

    /**
     * The server's message (or the failure's), for logs, task errors and dead-letter headers, cut before the part
     * where ClickHouse quotes the data it could not parse ("before: ...", "parsed text: ...", the rows after the
     * first line), so that no row content leaves through an error.
     */
    public static String describe(Throwable error) {
        Throwable e = unwrap(error);
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int cut = message.length();
        for (String marker : DATA_MARKERS) {
            int at = message.indexOf(marker);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        String kept = message.substring(0, cut).trim();
        if (cut < message.length()) {
            kept += " [data omitted]";
        }
        return kept.length() > 500 ? kept.substring(0, 500) + "..." : kept;
    }

    private static final String[] DATA_MARKERS = {"before:", "parsed text", "Row ", "\n", "e.what()"};

    public static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
