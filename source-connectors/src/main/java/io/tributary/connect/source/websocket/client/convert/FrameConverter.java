package io.tributary.connect.source.websocket.client.convert;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.ParseErrors;
import io.tributary.connect.common.data.TimeParsing;
import io.tributary.connect.common.dlq.DeadLetter;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig.OutputFormat;
import io.tributary.connect.source.websocket.client.connection.Frame;
import io.tributary.connect.source.websocket.client.connection.Gap;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns received messages into records, and what cannot be records into dead letters — never dropping either.
 *
 * <p>Each record carries headers {@code tributary.source.url} (the connection) and {@code tributary.received.at};
 * the first record after a reconnect also {@code tributary.gap.ms} and {@code tributary.gap.start}. When the message
 * that followed a reconnect yields no record (it was dead-lettered), the gap moves on to the feed's next record, so
 * no gap goes unreported.
 */
public final class FrameConverter {

    /** When the message was received, epoch ms. */
    static final String RECEIVED_AT_HEADER = "tributary.received.at";
    /** How long the feed was not read before this record (ms): the connection was down, or the task was not running. */
    static final String GAP_MS_HEADER = "tributary.gap.ms";
    /** When that gap began, epoch ms: the drop, or the receipt of the last record committed before a restart. */
    static final String GAP_START_HEADER = "tributary.gap.start";

    private final ConversionSettings settings;
    private final boolean parse;
    private final Map<String, Gap> unreportedGaps = new HashMap<>();

    public FrameConverter(ConversionSettings settings) {
        this.settings = settings;
        // Struct output reads each event's text into a tree itself (below), so the reader only checks it.
        this.parse = settings.output() == OutputFormat.MAP
                || settings.structs() == null && (settings.key() != null || settings.timestamp() != null);
    }

    /** Appends the records and dead letters of {@code frame} to {@code out}; returns how many were dead letters. */
    public int convert(Frame frame, List<SourceRecord> out) {
        Map<String, String> partition = FeedOffset.partition(frame.url());
        Map<String, Long> offset = FeedOffset.offset(frame.sequence(), frame.receivedAtMs());
        Gap gap = merge(unreportedGaps.remove(frame.url()), frame.gap());
        int deadLetters = 0;
        switch (frame.kind()) {
            case BINARY -> {
                out.add(deadLetter(frame, "frame", DataException.class.getName(), "a binary message of "
                        + frame.length() + " bytes: the feed's events are text messages").build(partition, offset));
                deadLetters++;
            }
            case TOO_LARGE -> {
                out.add(deadLetter(frame, "frame", DataException.class.getName(), "a text message of "
                        + frame.length() + " bytes, longer than websocket.message.max.bytes")
                        .build(partition, offset));
                deadLetters++;
            }
            case PROTOCOL_ERROR -> {
                out.add(deadLetter(frame, "protocol", ProtocolException.class.getName(), "the client failed the "
                        + "connection on a message it must refuse (" + frame.error() + "); the message's bytes are "
                        + "not available, the connection is opened again").build(partition, offset));
                deadLetters++;
            }
            case TEXT -> {
                for (EventReader.Event event : EventReader.read(frame.text(), settings.format(), parse)) {
                    if (event.error() != null) {
                        out.add(deadLetter(frame, "parse", event.error(), event).build(partition, offset));
                        deadLetters++;
                        continue;
                    }
                    try {
                        out.add(record(frame, event, gap, partition, offset));
                        gap = null;
                    } catch (DataException e) {
                        out.add(deadLetter(frame, "record", e, event).build(partition, offset));
                        deadLetters++;
                    }
                }
            }
            default -> throw new IllegalStateException("unknown message kind " + frame.kind());
        }
        if (gap != null) {
            unreportedGaps.put(frame.url(), gap);
        }
        return deadLetters;
    }

    /** @throws DataException when the event's time cannot be read, or it does not fit the schema of struct output */
    private SourceRecord record(Frame frame, EventReader.Event event, Gap gap, Map<String, String> partition,
                                Map<String, Long> offset) {
        Object parsed = event.value();
        Object structValue = null;
        if (settings.structs() != null) {
            JsonNode tree;
            try {
                tree = JsonData.MAPPER.readTree(event.text());
            } catch (JsonProcessingException e) {
                throw new DataException("unreadable: " + e.getOriginalMessage());
            }
            try {
                structValue = settings.structs().convert(tree);
            } catch (DataException e) {
                throw new DataException("does not fit the schema: " + e.getMessage());
            }
            parsed = new TreeValue(tree);
        }
        Long timestamp = timestamp(parsed, frame.receivedAtMs());
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(ErrorHeaders.SOURCE_URL, frame.url());
        headers.addLong(RECEIVED_AT_HEADER, frame.receivedAtMs());
        if (gap != null) {
            headers.addLong(GAP_MS_HEADER, gap.durationMs());
            headers.addLong(GAP_START_HEADER, gap.startMs());
        }
        String key = text(at(parsed, settings.key()));
        Schema valueSchema = structValue != null ? settings.structs().schema()
                : settings.output() == OutputFormat.MAP ? null : Schema.STRING_SCHEMA;
        Object value = structValue != null ? structValue
                : settings.output() == OutputFormat.MAP ? event.value() : event.text();
        return new SourceRecord(partition, offset, settings.topic(), null, key == null ? null : Schema.STRING_SCHEMA,
                key, valueSchema, value, timestamp, headers);
    }

    /** The event's time at the timestamp pointer, or the receive time when there is none. */
    private Long timestamp(Object value, long receivedAtMs) {
        Object found = at(value, settings.timestamp());
        if (found == null) {
            return receivedAtMs;
        }
        if (found instanceof Number number) {
            return number.longValue();
        }
        if (found instanceof String text) {
            try {
                return TimeParsing.instant(text).toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                // falls through to the error below
            }
        }
        throw new DataException("the value at " + settings.timestamp() + " is neither epoch milliseconds nor an "
                + "RFC 3339 time");
    }

    private DeadLetter deadLetter(Frame frame, String stage, Exception error, EventReader.Event event) {
        byte[] raw = event.text().getBytes(StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.to(settings.dlqTopic()).value(raw, 0, raw.length, settings.dlqMaxValueBytes())
                .error(stage, error.getClass().getName(), ParseErrors.describe(error));
        if (event.part()) {
            letter.header(ErrorHeaders.SOURCE_RECORD_INDEX, event.index());
        }
        return origin(letter, frame);
    }

    private DeadLetter deadLetter(Frame frame, String stage, String errorClass, String message) {
        byte[] kept = frame.kept() == null ? new byte[0] : frame.kept();
        DeadLetter letter = DeadLetter.to(settings.dlqTopic()).value(kept, 0, kept.length, settings.dlqMaxValueBytes())
                .error(stage, errorClass, message);
        if (frame.length() > Math.min(kept.length, settings.dlqMaxValueBytes())) {
            letter.truncated(frame.length());
        }
        return origin(letter, frame);
    }

    private DeadLetter origin(DeadLetter letter, Frame frame) {
        return letter.origin(settings.connector(), settings.task()).header(ErrorHeaders.SOURCE_URL, frame.url())
                .header(RECEIVED_AT_HEADER, frame.receivedAtMs());
    }

    private static Gap merge(Gap earlier, Gap later) {
        return earlier == null ? later : earlier.merge(later);
    }

    /** An event read as a tree (struct output), for the key and time pointers. */
    private record TreeValue(JsonNode tree) {
    }

    /** What a JSON pointer finds in schemaless data (or a tree); null when missing or JSON null. */
    static Object at(Object value, JsonPointer pointer) {
        if (pointer == null || value == null) {
            return null;
        }
        if (value instanceof TreeValue tv) {
            JsonNode found = tv.tree().at(pointer);
            if (found.isMissingNode() || found.isNull()) {
                return null;
            }
            if (found.isContainerNode()) {
                return JsonData.MAPPER.convertValue(found, Object.class);
            }
            return found.isTextual() ? found.textValue()
                    : found.isIntegralNumber() && found.canConvertToLong() ? (Object) found.longValue()
                    : found.isNumber() ? (Object) found.doubleValue()
                    : found.isBoolean() ? (Object) found.booleanValue() : found.asText();
        }
        Object found = value;
        JsonPointer rest = pointer;
        while (!rest.matches()) {
            if (found instanceof Map<?, ?> map) {
                found = map.get(rest.getMatchingProperty());
            } else if (found instanceof List<?> list) {
                int index = rest.getMatchingIndex();
                found = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
            if (found == null) {
                return null;
            }
            rest = rest.tail();
        }
        return found;
    }

    /** A found value as key text: strings as they are, objects and arrays as JSON. */
    private static String text(Object found) {
        if (found == null) {
            return null;
        }
        if (found instanceof Map || found instanceof List) {
            try {
                return JsonData.MAPPER.writeValueAsString(found);
            } catch (JsonProcessingException e) {
                throw new DataException("cannot write a key as JSON text", e);
            }
        }
        return found.toString();
    }
}
