package io.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a generated event's JSON fits the Avro record schema the {@code demo --avro} sources turn events into
 * (connector-configs/schemas/event.avsc): each required field present with a value of its type, each optional one
 * absent, null or of its type. An event that does not fit is dead-lettered by its source (schema mismatch) before
 * any transform sees it, so the demo expects it in events-dlq rather than in events-invalid.
 */
final class EventSchemaFit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Schema schema;

    EventSchemaFit(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("the event schema must be an Avro record, not " + schema.getType());
        }
        this.schema = schema;
    }

    static EventSchemaFit of(Path avsc) throws IOException {
        return new EventSchemaFit(new Schema.Parser().parse(Files.readString(avsc)));
    }

    /** Whether {@code json} (one event) fits; text that is not a JSON object does not. */
    boolean fits(byte[] json) {
        JsonNode event;
        try {
            event = JSON.readTree(json);
        } catch (IOException e) {
            return false;
        }
        if (event == null || !event.isObject()) {
            return false;
        }
        for (Schema.Field field : schema.getFields()) {
            if (!fits(field.schema(), event.get(field.name()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(Schema schema, JsonNode value) {
        if (schema.getType() == Schema.Type.UNION) {
            return schema.getTypes().stream().anyMatch(branch -> fits(branch, value));
        }
        if (value == null || value.isNull()) {
            return schema.getType() == Schema.Type.NULL;
        }
        return switch (schema.getType()) {
            case STRING, ENUM -> value.isTextual();
            case DOUBLE, FLOAT -> value.isNumber();
            case LONG -> value.isIntegralNumber() && value.canConvertToLong();
            case INT -> value.isIntegralNumber() && value.canConvertToInt();
            case BOOLEAN -> value.isBoolean();
            default -> false;
        };
    }
}
