package io.tributary.connect.source.push.ingest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.JsonStructs;
import io.tributary.connect.common.data.TimeParsing;
import io.tributary.connect.common.dlq.DeadLetter;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.source.push.config.PushSourceConfig;
import io.tributary.connect.source.push.schema.StructOutput;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Turns received events into records: the value as sent (or as a map, or as a Struct of the one schema of output
 * 'struct'), key and timestamp from JSON pointers, the
 * idempotency key and provenance as headers; events that cannot be records become dead letters carrying where they
 * came from and why.
 */
public final class EventRecords {

    public static final String IDEMPOTENCY_KEY_HEADER = ErrorHeaders.PREFIX + "idempotency.key";
    public static final String REMOTE_HEADER = ErrorHeaders.PREFIX + "source.remote";
    public static final String PRINCIPAL_HEADER = ErrorHeaders.PREFIX + "source.principal";
    public static final String CONNECTION_HEADER = ErrorHeaders.PREFIX + "source.connection";
    /** On a dead letter written as text whose input was not UTF-8: the input's exact bytes, base64. */
    public static final String RAW_BASE64_HEADER = ErrorHeaders.PREFIX + "error.value.base64";

    /** Where a request or frame came from; one per request, shared by its events. */
    public record Origin(String topic, String remote, String principal, String idempotencyKey, String connection,
                         long receivedAtMs, long receivedNanos) {
    }

    /**
     * One event's outcome: a record to send (the event's, or its dead letter), the event's id if it has one, and
     * the error for events that are not records. {@code record} is null when the event is refused without a
     * dead-letter topic.
     */
    public record Converted(PushRecord record, String eventId, String error) {
        public boolean deadLetter() {
            return error != null;
        }
    }

    private final String stage;
    private final String connector;
    private final int task;
    private final PushSourceConfig.Output output;
    private final JsonPointer idPointer;
    private final JsonPointer keyPointer;
    private final JsonPointer timestampPointer;
    private final boolean provenance;
    private final String dlqTopic;
    private final int dlqMaxBytes;
    private final boolean parse;
    private final int eventMaxBytes;
    /** Output 'struct': the events' schema, declared or fetched from the registry when the task started. */
    private final JsonStructs structs;

    /**
     * @throws org.apache.kafka.connect.errors.ConnectException for output 'struct' with a registry schema that cannot
     *                                                           be fetched (naming URL and subject)
     */
    public EventRecords(PushSourceConfig config, String stage) {
        this.stage = stage;
        this.connector = config.connectorName();
        this.task = config.taskIndex();
        this.output = config.output();
        this.idPointer = config.eventIdPointer();
        this.keyPointer = config.keyPointer();
        this.timestampPointer = config.timestampPointer();
        this.provenance = config.provenanceHeaders();
        this.dlqTopic = config.dlqTopic();
        this.dlqMaxBytes = config.dlqMaxValueBytes();
        this.eventMaxBytes = config.eventMaxBytes();
        this.structs = output == PushSourceConfig.Output.STRUCT
                ? StructOutput.load(config, config.connectorName()) : null;
        this.parse = output == PushSourceConfig.Output.MAP || idPointer != null || keyPointer != null
                || timestampPointer != null;
    }

    /**
     * The record for event {@code index} of a request or frame. {@code indexed}: the request carries several
     * events, so a request-level idempotency key is suffixed with the event's index.
     */
    public Converted convert(EventParser.Event event, int index, boolean indexed, Origin origin, Delivery delivery) {
        if (!event.ok()) {
            return deadLetter(event.buf(), event.offset(), event.length(), event.error(), "MalformedEvent", index,
                    origin, delivery);
        }
        if (event.length() > eventMaxBytes) {
            return deadLetter(event.buf(), event.offset(), event.length(), "the event is " + event.length()
                    + " bytes, more than event.max.bytes (" + eventMaxBytes + ")", "EventTooLarge", index, origin,
                    delivery);
        }
        Object parsed = null;
        if (structs != null) {
            try {
                parsed = JsonData.parseTree(event.buf(), event.offset(), event.length());
            } catch (IOException | DataException e) {
                return deadLetter(event.buf(), event.offset(), event.length(), "unreadable: " + e.getMessage(),
                        "MalformedEvent", index, origin, delivery);
            }
        } else if (parse) {
            try {
                parsed = JsonData.parseSchemaless(event.buf(), event.offset(), event.length());
            } catch (IOException e) {
                return deadLetter(event.buf(), event.offset(), event.length(), "unreadable: " + e.getMessage(),
                        "MalformedEvent", index, origin, delivery);
            }
        }
        String eventId = idPointer == null ? null : text(at(parsed, idPointer));
        Object key = keyPointer == null ? null : text(at(parsed, keyPointer));
        long timestamp = origin.receivedAtMs();
        if (timestampPointer != null) {
            Object time = at(parsed, timestampPointer);
            if (time != null) {
                Long millis = millis(time);
                if (millis == null) {
                    return deadLetter(event.buf(), event.offset(), event.length(), "the time at " + timestampPointer
                            + " is neither epoch milliseconds nor RFC 3339", "BadTimestamp", index, origin, delivery);
                }
                timestamp = millis;
            }
        }
        ConnectHeaders headers = new ConnectHeaders();
        String idempotencyKey = eventId != null ? eventId
                : origin.idempotencyKey() == null ? null
                : indexed ? origin.idempotencyKey() + ":" + index : origin.idempotencyKey();
        if (idempotencyKey != null) {
            headers.addString(IDEMPOTENCY_KEY_HEADER, idempotencyKey);
        }
        if (provenance) {
            headers.addString(REMOTE_HEADER, origin.remote());
            if (origin.principal() != null) {
                headers.addString(PRINCIPAL_HEADER, origin.principal());
            }
        }
        Object value;
        Schema schema;
        if (structs != null) {
            try {
                value = structs.convert((JsonNode) parsed);
            } catch (DataException e) {
                return deadLetter(event.buf(), event.offset(), event.length(), "does not fit the schema: "
                        + e.getMessage(), "SchemaMismatch", index, origin, delivery);
            }
            schema = structs.schema();
        } else if (output == PushSourceConfig.Output.MAP) {
            value = parsed;
            schema = null;
        } else {
            value = new String(event.buf(), event.offset(), event.length(), StandardCharsets.UTF_8);
            schema = Schema.STRING_SCHEMA;
        }
        PushRecord record = new PushRecord(origin.topic(), key == null ? null : Schema.OPTIONAL_STRING_SCHEMA, key,
                schema, value, timestamp, headers, delivery, index, event.length(), origin.receivedNanos());
        return new Converted(record, eventId, null);
    }

    /** A dead letter for input that is no event at all (a whole malformed body, a binary frame). */
    public Converted deadLetter(byte[] buf, int offset, int length, String error, String errorClass, int index,
                                Origin origin, Delivery delivery) {
        if (dlqTopic.isEmpty()) {
            return new Converted(null, null, error);
        }
        DeadLetter letter = DeadLetter.to(dlqTopic)
                .value(buf, offset, length, dlqMaxBytes)
                .error(stage, errorClass, error)
                .origin(connector, task)
                .header(REMOTE_HEADER, origin.remote())
                .header(CONNECTION_HEADER, origin.connection())
                .header(ErrorHeaders.SOURCE_RECORD_INDEX, index);
        if (origin.principal() != null) {
            letter.header(PRINCIPAL_HEADER, origin.principal());
        }
        SourceRecord built = letter.build(null, null);
        Schema schema = built.valueSchema();
        Object value = built.value();
        if (output == PushSourceConfig.Output.STRING) {
            // The value converter of string output is StringConverter, which would write a byte[] as "[B@1a2b".
            byte[] raw = (byte[]) value;
            value = new String(raw, StandardCharsets.UTF_8);
            schema = Schema.OPTIONAL_STRING_SCHEMA;
            if (!isUtf8(raw)) {
                built.headers().addString(RAW_BASE64_HEADER, Base64.getEncoder().encodeToString(raw));
            }
        }
        PushRecord record = new PushRecord(built.topic(), null, null, schema, value, origin.receivedAtMs(),
                built.headers(), delivery, index, Math.min(length, dlqMaxBytes), origin.receivedNanos());
        return new Converted(record, null, error);
    }

    public boolean hasDeadLetterTopic() {
        return !dlqTopic.isEmpty();
    }

    public String deadLetterTopic() {
        return dlqTopic;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static Object at(Object value, JsonPointer pointer) {
        if (value instanceof JsonNode node) {
            JsonNode found = node.at(pointer);
            return found.isMissingNode() || found.isNull() ? null
                    : found.isTextual() ? found.textValue()
                    : found.isIntegralNumber() && found.canConvertToLong() ? (Object) found.longValue()
                    : found.isNumber() ? (Object) found.doubleValue()
                    : found.isBoolean() ? (Object) found.booleanValue()
                    // An object or array: no key, no time (as a map or list found in schemaless data is).
                    : found.isContainerNode() ? Map.of() : found.asText();
        }
        JsonPointer p = pointer;
        Object current = value;
        while (current != null && !p.matches()) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(p.getMatchingProperty());
            } else if (current instanceof List<?> list) {
                int i = p.getMatchingIndex();
                current = i >= 0 && i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
            p = p.tail();
        }
        return current;
    }

    private static String text(Object value) {
        return value == null || value instanceof Map || value instanceof List ? null : value.toString();
    }

    private static Long millis(Object time) {
        if (time instanceof Number n) {
            return n.longValue();
        }
        if (time instanceof String s) {
            try {
                return TimeParsing.instant(s).toEpochMilli();
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
