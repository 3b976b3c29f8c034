package io.tributary.connect.source.push.ingest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.connect.common.data.JsonData;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a request body or a WebSocket frame into events without copying them: each event is a slice of the input
 * whose JSON was checked (structure and UTF-8) by a streaming pass. An event that is not a JSON object, or an NDJSON
 * line that is not JSON, is an event with an error (dead-lettered, reported per event); a body whose structure
 * cannot be followed (a broken array, a broken single event) is one {@link MalformedBodyException} with the
 * position.
 */
public final class EventParser {

    /** How the input holds its events. */
    public enum Shape {
        /** Exactly one JSON object. */
        SINGLE,
        /** A JSON array of objects. */
        ARRAY,
        /** One JSON object per line; blank lines ignored. */
        NDJSON,
        /** Whatever the input looks like: an array, one (possibly pretty-printed) object, or NDJSON. */
        AUTO
    }

    /** One event: {@code length} bytes of {@code buf} from {@code offset}; {@code error} set if it is not one. */
    public record Event(byte[] buf, int offset, int length, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The input as a whole could not be read; {@code getMessage()} names the position. */
    public static final class MalformedBodyException extends Exception {
        public MalformedBodyException(String message) {
            super(message);
        }
    }

    private EventParser() {
    }

    public static List<Event> parse(byte[] buf, Shape shape) throws MalformedBodyException {
        return parse(buf, 0, buf.length, shape);
    }

    public static List<Event> parse(byte[] buf, int offset, int length, Shape shape) throws MalformedBodyException {
        return switch (shape) {
            case SINGLE -> List.of(single(buf, offset, length));
            case ARRAY -> array(buf, offset, length);
            case NDJSON -> ndjson(buf, offset, length);
            case AUTO -> auto(buf, offset, length);
        };
    }

    private static List<Event> auto(byte[] buf, int offset, int length) throws MalformedBodyException {
        int first = skipWhitespace(buf, offset, offset + length);
        if (first == offset + length) {
            throw new MalformedBodyException("empty: no event in it");
        }
        if (buf[first] == '[') {
            return array(buf, offset, length);
        }
        if (buf[first] == '{') {
            try (JsonParser parser = JsonData.FACTORY.createParser(buf, offset, length)) {
                parser.nextToken();
                parser.skipChildren();
                if (parser.nextToken() == null) {
                    return List.of(new Event(buf, first, endOf(parser, offset) - first, null));
                }
            } catch (IOException e) {
                // not one whole object: read it as lines below
            }
        }
        return ndjson(buf, offset, length);
    }

    private static Event single(byte[] buf, int offset, int length) throws MalformedBodyException {
        try (JsonParser parser = JsonData.FACTORY.createParser(buf, offset, length)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new MalformedBodyException("empty: no event in it");
            }
            if (token != JsonToken.START_OBJECT) {
                throw new MalformedBodyException("an event must be a JSON object, found " + describe(token)
                        + (token == JsonToken.START_ARRAY ? " (send arrays to /events/batch)" : ""));
            }
            int start = startOf(parser, offset);
            parser.skipChildren();
            int end = endOf(parser, offset);
            if (parser.nextToken() != null) {
                throw new MalformedBodyException("more than one JSON value " + position(parser.currentTokenLocation())
                        + " (send several events to /events/batch)");
            }
            return new Event(buf, start, end - start, null);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new MalformedBodyException("unreadable: " + e.getMessage());
        }
    }

    private static List<Event> array(byte[] buf, int offset, int length) throws MalformedBodyException {
        try (JsonParser parser = JsonData.FACTORY.createParser(buf, offset, length)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_ARRAY) {
                throw new MalformedBodyException(token == null ? "empty: no event in it"
                        : "expected a JSON array of events, found " + describe(token));
            }
            List<Event> events = new ArrayList<>();
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (token == null) {
                    throw new MalformedBodyException("the array is not closed");
                }
                int start = startOf(parser, offset);
                parser.skipChildren();
                int end = endOf(parser, offset);
                events.add(new Event(buf, start, end - start, token == JsonToken.START_OBJECT ? null
                        : "an event must be a JSON object, found " + describe(token)));
            }
            if (parser.nextToken() != null) {
                throw new MalformedBodyException("content after the array " + position(parser.currentTokenLocation()));
            }
            return events;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new MalformedBodyException("unreadable: " + e.getMessage());
        }
    }

    private static List<Event> ndjson(byte[] buf, int offset, int length) throws MalformedBodyException {
        List<Event> events = new ArrayList<>();
        int end = offset + length;
        int line = 0;
        for (int start = offset; start < end; ) {
            int nl = start;
            while (nl < end && buf[nl] != '\n') {
                nl++;
            }
            line++;
            int from = skipWhitespace(buf, start, nl);
            if (from < nl) {
                int to = nl;
                while (to > from && isWhitespace(buf[to - 1])) {
                    to--;
                }
                events.add(new Event(buf, from, to - from, checkLine(buf, from, to - from, line)));
            }
            start = nl + 1;
        }
        if (events.isEmpty()) {
            throw new MalformedBodyException("empty: no event in it");
        }
        return events;
    }

    private static String checkLine(byte[] buf, int offset, int length, int line) {
        try (JsonParser parser = JsonData.FACTORY.createParser(buf, offset, length)) {
            JsonToken token = parser.nextToken();
            if (token != JsonToken.START_OBJECT) {
                return "line " + line + ": an event must be a JSON object, found " + describe(token);
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return "line " + line + ": more than one JSON value on the line";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "line " + line + ": malformed JSON " + position(e.getLocation()) + ": " + e.getOriginalMessage();
        } catch (IOException e) {
            return "line " + line + ": unreadable: " + e.getMessage();
        }
    }

    private static MalformedBodyException malformed(JsonProcessingException e) {
        return new MalformedBodyException("malformed JSON " + position(e.getLocation()) + ": " + e.getOriginalMessage());
    }

    static String position(JsonLocation at) {
        if (at == null) {
            return "";
        }
        return "at line " + at.getLineNr() + ", column " + at.getColumnNr() + " (byte " + at.getByteOffset() + ")";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
        };
    }

    private static int startOf(JsonParser parser, int base) {
        return base + (int) parser.currentTokenLocation().getByteOffset();
    }

    private static int endOf(JsonParser parser, int base) {
        return base + (int) parser.currentLocation().getByteOffset();
    }

    private static int skipWhitespace(byte[] buf, int from, int to) {
        while (from < to && isWhitespace(buf[from])) {
            from++;
        }
        return from;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
