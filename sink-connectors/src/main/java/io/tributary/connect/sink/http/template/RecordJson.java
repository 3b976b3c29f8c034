package io.tributary.connect.sink.http.template;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.sink.OriginalCoordinates;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Record keys and values as JSON: Structs as plain objects (no schema envelope, fields in schema order), maps as
 * objects, arrays, bytes as base64 (RFC 4648, padded), nulls as null; Decimal as a plain number or string and
 * Timestamp, Date and Time as ISO-8601 in UTC or epoch milliseconds, as configured. What a registry converter
 * (Avro, JSON Schema) gives is Connect data with these logical types, so it is rendered the same way as any Struct.
 *
 * <p>Containers and logical types are handled here, because the two choices reach into nested values; every other
 * leaf goes to common's {@link JsonData#write}, the project's one JSON writer.
 */
public final class RecordJson {

    /** How a Decimal is written: a JSON number (exact, never in exponent form) or a string holding that number. */
    public enum DecimalFormat { NUMBER, STRING }

    /**
     * How Timestamp, Date and Time are written: ISO-8601 strings in UTC, or the milliseconds Connect holds (since the
     * epoch for a Timestamp, of the day's midnight UTC for a Date, since midnight for a Time).
     */
    public enum TimestampFormat { ISO, EPOCH_MILLIS }

    /** The defaults: decimals as numbers, times as ISO-8601. */
    public static final RecordJson DEFAULT = new RecordJson(DecimalFormat.NUMBER, TimestampFormat.ISO);

    private final DecimalFormat decimals;
    private final TimestampFormat timestamps;

    public RecordJson(DecimalFormat decimals, TimestampFormat timestamps) {
        this.decimals = decimals;
        this.timestamps = timestamps;
    }

    /** {@code value} as JSON text; {@link DataException} naming the type when it cannot be written. */
    public String write(Schema schema, Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator gen = JsonData.FACTORY.createGenerator(out)) {
            write(gen, schema, value);
        } catch (IOException e) {
            throw new DataException("cannot write a value as JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /** {@code value} as UTF-8 JSON, written straight to bytes (the request body's form). */
    public byte[] writeBytes(Schema schema, Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = JsonData.FACTORY.createGenerator(out)) {
            write(gen, schema, value);
        } catch (IOException e) {
            throw new DataException("cannot write a value as JSON: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** As text for URLs and headers: strings as they are, everything else as its JSON, JSON strings unquoted. */
    public String text(Schema schema, Object value) {
        if (value instanceof String s) {
            return s;
        }
        String json = write(schema, value);
        if (!json.startsWith("\"")) {
            return json;
        }
        try {
            return JsonData.MAPPER.readTree(json).asText();   // an ISO timestamp, base64 bytes, a decimal string
        } catch (IOException e) {
            throw new DataException("cannot write a " + value.getClass().getName() + " as text", e);
        }
    }

    void write(JsonGenerator gen, Schema schema, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
            return;
        }
        String logical = schema == null ? null : schema.name();
        if (Decimal.LOGICAL_NAME.equals(logical)) {
            writeDecimal(gen, value instanceof BigDecimal d ? d : Decimal.toLogical(schema, (byte[]) value));
        } else if (Timestamp.LOGICAL_NAME.equals(logical) || Date.LOGICAL_NAME.equals(logical)
                || Time.LOGICAL_NAME.equals(logical) || (schema == null && value instanceof java.util.Date)) {
            writeTime(gen, schema, (java.util.Date) value);
        } else if (value instanceof Struct struct) {
            gen.writeStartObject();
            for (Field field : struct.schema().fields()) {
                gen.writeFieldName(field.name());
                write(gen, field.schema(), struct.get(field));
            }
            gen.writeEndObject();
        } else if (value instanceof Map<?, ?> map) {
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            gen.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                gen.writeFieldName(String.valueOf(entry.getKey()));
                write(gen, valueSchema, entry.getValue());
            }
            gen.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            Schema valueSchema = schema == null ? null : schema.valueSchema();
            gen.writeStartArray();
            for (Object element : list) {
                write(gen, valueSchema, element);
            }
            gen.writeEndArray();
        } else if (value instanceof BigDecimal decimal) {
            writeDecimal(gen, decimal);
        } else {
            JsonData.write(gen, schema, value);
        }
    }

    private void writeDecimal(JsonGenerator gen, BigDecimal decimal) throws IOException {
        // Plain notation always: BigDecimal.toString() gives 1E-8 for 0.00000001, which some receivers misread.
        String plain = decimal.toPlainString();
        if (decimals == DecimalFormat.STRING) {
            gen.writeString(plain);
        } else {
            gen.writeNumber(plain);
        }
    }

    private void writeTime(JsonGenerator gen, Schema schema, java.util.Date value) throws IOException {
        if (timestamps == TimestampFormat.EPOCH_MILLIS) {
            gen.writeNumber(value.getTime());
        } else {
            JsonData.write(gen, schema, value);
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
