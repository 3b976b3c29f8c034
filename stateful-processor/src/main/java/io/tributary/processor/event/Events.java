package io.tributary.processor.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.time.Rfc3339;
import io.tributary.processor.config.JobSpec;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reading events: JSON objects as maps, field values by path, event time from a field. */
public final class Events {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Events() {
    }

    /** The event as a map; a {@link BadEvent} when the bytes are not a JSON object. */
    public static Map<String, Object> parse(byte[] value) {
        if (value == null) {
            throw new BadEvent("parse", "the record has no value (a tombstone)");
        }
        try {
            Map<String, Object> map = MAPPER.readValue(value, MAP);
            if (map == null) {
                throw new BadEvent("parse", "the value is JSON null, not an object");
            }
            return map;
        } catch (IOException e) {
            throw new BadEvent("parse", "the value is not a JSON object: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Event time in epoch milliseconds: from {@code field} (a number of milliseconds, or RFC 3339 text), or the
     * record's own timestamp when no field is configured.
     */
    public static long eventTime(Map<String, Object> event, FieldPath field, long recordTimestamp) {
        if (field == null) {
            return recordTimestamp;
        }
        Object value = field.get(event);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof CharSequence text) {
            long millis = Rfc3339.epochMillis(text);
            if (millis != Rfc3339.INVALID) {
                return millis;
            }
            throw new BadEvent("time", "field '" + field + "' is not an RFC 3339 time or epoch milliseconds");
        }
        throw new BadEvent("time", "field '" + field + "' is " + (value == null ? "missing" : "not a time"));
    }

    /** The values of {@code fields} joined into a key; a {@link BadEvent} naming the first field that is missing. */
    public static String key(Map<String, Object> event, List<FieldPath> fields, String stage) {
        if (fields.size() == 1) {
            return text(event, fields.get(0), stage);
        }
        StringBuilder key = new StringBuilder();
        for (FieldPath field : fields) {
            if (key.length() > 0) {
                key.append('|');
            }
            key.append(text(event, field, stage));
        }
        return key.toString();
    }

    private static String text(Map<String, Object> event, FieldPath field, String stage) {
        Object value = field.get(event);
        if (value == null || value instanceof Map || value instanceof List) {
            throw new BadEvent(stage, "field '" + field + "' is " + (value == null ? "missing" : "not a scalar"));
        }
        return value.toString();
    }

    /** Whether the event meets a job's {@code where} condition (true when there is none); $topic is the input's. */
    public static boolean meets(JobSpec.Where where, Map<String, Object> event,
                                org.apache.kafka.streams.processor.api.ProcessingContext context) {
        return where == null || where.test(event, context.recordMetadata().map(m -> m.topic()).orElse(null));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
