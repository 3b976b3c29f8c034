package io.tributary.connect.sink.http.template;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.sink.OriginalCoordinates;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.StringWriter;

/**
 * Record keys and values as JSON, through common's {@link JsonData#write}: Structs as plain objects (no schema
 * envelope), Decimal as a number, Timestamp, Date and Time as ISO-8601 strings in UTC, bytes as base64; schemaless
 * maps, lists and primitives by their Java type.
 */
public final class RecordJson {

    private RecordJson() {
    }

    /** {@code value} as JSON text; {@link DataException} naming the type when it cannot be written. */
    public static String write(Schema schema, Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonData.FACTORY.createGenerator(out)) {
            JsonData.write(gen, schema, value);
        } catch (IOException e) {
            throw new DataException("cannot write a value as JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** {@code value} as UTF-8 JSON, written straight to bytes (the request body's form). */
    public static byte[] writeBytes(Schema schema, Object value) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(256);
        try (JsonGenerator gen = JsonData.FACTORY.createGenerator(out)) {
            JsonData.write(gen, schema, value);
        } catch (IOException e) {
            throw new DataException("cannot write a value as JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** As text for URLs and headers: strings as they are, everything else as its JSON, JSON strings unquoted. */
    public static String text(Schema schema, Object value) {
        if (value instanceof String s) {
            return s;
        }
        String json = write(schema, value);
        if (!json.startsWith("\"")) {
            return json;
        }
        try {
            return JsonData.MAPPER.readTree(json).asText();   // an ISO timestamp, base64 bytes
        } catch (IOException e) {
            throw new DataException("cannot write a " + value.getClass().getName() + " as text", e);
        }
    }

    /**
     * Names a record by the coordinates it was read at (and the topic transforms renamed it to, if any), never its
     * content (payloads may hold personal data).
     */
    public static String describe(SinkRecord record) {
        return OriginalCoordinates.describe(record);
    }
}
