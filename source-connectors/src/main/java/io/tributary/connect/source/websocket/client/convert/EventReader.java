package io.tributary.connect.source.websocket.client.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.MessageFormat;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text message into its events: for 'json' the one value, or each element of a top-level array; for
 * 'ndjson' each non-blank line; for 'text' the message itself. Each event keeps its own text, cut from the message
 * as it was sent, and, when {@code parse} is set, its value as schemaless Connect data (Jackson, through common's
 * {@link JsonData}); otherwise JSON is only checked to be well-formed.
 *
 * <p>A 'json' message is one unit: if any of it is malformed, none of it becomes records (there is no telling where
 * the next event starts). An 'ndjson' line is its own unit: a bad line fails alone.
 */
final class EventReader {

    /**
     * One event, or the failure to read one.
     *
     * @param index  its position in the message: array element or line number, from 0
     * @param part   true when it is an array element or a line, false when it is the whole message
     * @param text   its text (the whole message, or the line, when it failed)
     * @param value  its parsed value, when asked for
     * @param error  why it could not be read, or null
     */
    record Event(int index, boolean part, String text, Object value, Exception error) {
    }

    private EventReader() {
    }

    static List<Event> read(String message, MessageFormat format, boolean parse) {
        return switch (format) {
            case TEXT -> List.of(new Event(0, false, message, null, null));
            case JSON -> json(message, parse);
            case NDJSON -> ndjson(message, parse);
        };
    }

    private static List<Event> json(String message, boolean parse) {
        try (JsonParser parser = JsonData.FACTORY.createParser(message)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DataException("empty message: no JSON value");
            }
            List<Event> events = new ArrayList<>();
            if (first == JsonToken.START_ARRAY) {
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    events.add(one(parser, token, message, events.size(), true, parse));
                }
            } else {
                events.add(one(parser, first, message, 0, false, parse));
            }
            if (parser.nextToken() != null) {
                throw new DataException("more than one JSON value in the message (column "
                        + parser.currentLocation().getColumnNr() + ")");
            }
            return events;
        } catch (IOException | DataException e) {
            return List.of(new Event(0, false, message, null, e));
        }
    }

    private static List<Event> ndjson(String message, boolean parse) {
        List<Event> events = new ArrayList<>();
        int start = 0;
        int line = 0;
        while (start <= message.length()) {
            int newline = message.indexOf('\n', start);
            int end = newline < 0 ? message.length() : newline;
            String text = message.substring(start, end > start && message.charAt(end - 1) == '\r' ? end - 1 : end);
            if (!text.isBlank()) {
                events.add(line(text, line, parse));
            }
            line++;
            start = end + 1;
        }
        return events;
    }

    private static Event line(String text, int index, boolean parse) {
        try (JsonParser parser = JsonData.FACTORY.createParser(text)) {
            Event event = one(parser, parser.nextToken(), text, index, true, parse);
            if (parser.nextToken() != null) {
                throw new DataException("more than one JSON value on line " + (index + 1) + " (column "
                        + parser.currentLocation().getColumnNr() + ")");
            }
            return event;
        } catch (IOException | DataException e) {
            return new Event(index, true, text, null, e);
        }
    }

    /** The value at {@code token}, read or skipped, with its text cut from {@code source}. */
    private static Event one(JsonParser parser, JsonToken token, String source, int index, boolean part,
                             boolean parse) throws IOException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        Object value = null;
        if (parse) {
            value = JsonData.readValue(parser, token);
        } else if (token.isStructStart()) {
            parser.skipChildren();
        } else {
            parser.finishToken();   // a scalar's end is known only once it is read through
        }
        int end = (int) parser.currentLocation().getCharOffset();
        return new Event(index, part, source.substring(start, end), value, null);
    }
}
