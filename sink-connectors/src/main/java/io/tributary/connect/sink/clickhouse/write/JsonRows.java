package io.tributary.connect.sink.clickhouse.write;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.sink.clickhouse.convert.ConversionException;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Schemaless values as JSONEachRow rows: a Map (JsonConverter without schemas) is written by Jackson; a String that
 * holds a JSON object is passed through as it is, the offset columns spliced in after its opening brace, so the
 * server parses it once and the connector not at all.
 */
final class JsonRows {

    private final EncoderOptions.OffsetColumns offsetColumns;
    private final byte[] topicField;
    private final byte[] partitionField;
    private final byte[] offsetField;

    JsonRows(EncoderOptions.OffsetColumns offsetColumns) {
        this.offsetColumns = offsetColumns;
        this.topicField = offsetColumns == null ? null : ("\"" + offsetColumns.topic() + "\":").getBytes(StandardCharsets.UTF_8);
        this.partitionField = offsetColumns == null ? null
                : (",\"" + offsetColumns.partition() + "\":").getBytes(StandardCharsets.UTF_8);
        this.offsetField = offsetColumns == null ? null
                : (",\"" + offsetColumns.offset() + "\":").getBytes(StandardCharsets.UTF_8);
    }

    static boolean handles(Object value) {
        return value instanceof Map || value instanceof String || value instanceof byte[];
    }

    void write(OutputStream out, Object value, String topic, int partition, long offset) throws IOException {
        if (value instanceof Map<?, ?> map) {
            writeMap(out, map, topic, partition, offset);
            return;
        }
        byte[] text = value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) value;
        int start = 0;
        while (start < text.length && Character.isWhitespace(text[start])) {
            start++;
        }
        int end = text.length;
        while (end > start && Character.isWhitespace(text[end - 1])) {
            end--;
        }
        if (start == end || text[start] != '{' || text[end - 1] != '}' || containsNewline(text, start, end)) {
            throw new ConversionException("value", "not one JSON object on one line (JSONEachRow takes an object "
                    + "per row)");
        }
        out.write('{');
        if (offsetColumns != null) {
            writeOffsets(out, topic, partition, offset);
            if (!isEmptyObject(text, start + 1, end - 1)) {
                out.write(',');
            }
        }
        out.write(text, start + 1, end - start - 1);
        out.write('\n');
    }

    private void writeOffsets(OutputStream out, String topic, int partition, long offset) throws IOException {
        out.write(topicField);
        try (JsonGenerator g = JsonData.FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeString(topic);
        }
        out.write(partitionField);
        out.write(Integer.toString(partition).getBytes(StandardCharsets.US_ASCII));
        out.write(offsetField);
        out.write(Long.toString(offset).getBytes(StandardCharsets.US_ASCII));
    }

    private void writeMap(OutputStream out, Map<?, ?> map, String topic, int partition, long offset)
            throws IOException {
        try (JsonGenerator g = JsonData.FACTORY.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            if (offsetColumns != null) {
                g.writeStringField(offsetColumns.topic(), topic);
                g.writeNumberField(offsetColumns.partition(), partition);
                g.writeNumberField(offsetColumns.offset(), offset);
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                JsonData.MAPPER.writeValue(g, e.getValue());
            }
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static boolean containsNewline(byte[] text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmptyObject(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(text[i])) {
                return false;
            }
        }
        return true;
    }
}
