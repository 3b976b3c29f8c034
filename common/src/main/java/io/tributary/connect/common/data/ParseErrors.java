package io.tributary.connect.common.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import org.apache.kafka.connect.errors.DataException;

import java.io.CharConversionException;
import java.nio.charset.CharacterCodingException;

/**
 * Turns parser exceptions into messages safe for logs and dead-letter headers. Jackson's own messages quote the
 * offending token ("Unrecognized token 'alice@example.com'"), which is payload; these name only the kind of
 * problem and where it is.
 */
public final class ParseErrors {

    private ParseErrors() {
    }

    public static String describe(Throwable error) {
        if (error instanceof DataException) {
            // Our own conversions word their messages without values.
            return error.getMessage();
        }
        if (error instanceof JsonProcessingException) {
            JsonProcessingException json = (JsonProcessingException) error;
            String original = json.getOriginalMessage() == null ? "" : json.getOriginalMessage();
            String kind;
            if (error instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
                kind = "truncated JSON (unexpected end of input)";
            } else if (original.contains("UTF-8") || original.contains("UTF8")) {
                kind = "invalid UTF-8 in JSON text";
            } else if (original.startsWith("Illegal unquoted character")) {
                kind = "control character inside a JSON string";
            } else {
                kind = "malformed JSON";
            }
            JsonLocation location = json.getLocation();
            return location == null ? kind : kind + " at column " + location.getColumnNr();
        }
        if (error instanceof CharConversionException || error instanceof CharacterCodingException) {
            return "invalid UTF-8";
        }
        return error.getClass().getSimpleName();
    }
}
