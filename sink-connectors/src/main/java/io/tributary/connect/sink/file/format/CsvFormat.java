package io.tributary.connect.sink.file.format;

import com.fasterxml.jackson.core.JsonGenerator;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.tributary.connect.common.data.JsonData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A header line, then one row per record. Columns are the fields of the first record's Struct (a new schema starts
 * a new file) or the keys of its map, in insertion order or sorted (later maps may lack keys — empty cells — but not
 * bring new ones). Nested
 * values are written as JSON text, logical types as ISO-8601 and plain decimals.
 */
final class CsvFormat implements FileFormat {

    private final char delimiter;
    private final boolean header;

    CsvFormat(char delimiter, boolean header) {
        this.delimiter = delimiter;
        this.header = header;
    }

    @Override
    public String extension() {
        return delimiter == '\t' ? ".tsv" : ".csv";
    }

    @Override
    public RecordFileWriter open(OutputStream out, SinkRecord first) throws IOException {
        Object value = first.value();
        List<String> columns;
        Schema schema = first.valueSchema();
        if (value instanceof Struct) {
            columns = ((Struct) value).schema().fields().stream().map(Field::name).toList();
            schema = ((Struct) value).schema();
        } else if (value instanceof Map) {
            // Insertion order when the map has one; otherwise (JsonConverter's HashMaps) sorted, so a replay of the
            // same records always writes the same header.
            boolean ordered = value instanceof java.util.LinkedHashMap || value instanceof java.util.SortedMap;
            java.util.stream.Stream<String> keys = ((Map<?, ?>) value).keySet().stream().map(String::valueOf);
            columns = (ordered ? keys : keys.sorted()).toList();
        } else {
            throw new DataException("format 'csv' needs a Struct or map value; this record's is "
                    + (value == null ? "null (a tombstone)" : value.getClass().getSimpleName()));
        }
        CsvWriter csv = CsvWriter.builder().fieldSeparator(delimiter).lineDelimiter(LineDelimiter.LF)
                .build(out, StandardCharsets.UTF_8);
        if (header) {
            csv.writeRecord(columns);
        }
        return new Writer(csv, columns, schema);
    }

    private static final class Writer implements RecordFileWriter {
        private final CsvWriter csv;
        private final List<String> columns;
        private final Set<String> known;
        private final Schema schema;

        Writer(CsvWriter csv, List<String> columns, Schema schema) {
            this.csv = csv;
            this.columns = columns;
            this.known = new HashSet<>(columns);
            this.schema = schema;
        }

        @Override
        public boolean accepts(SinkRecord record) {
            // Only a Struct of another schema needs a new file (and header); anything else is written or refused here.
            return !(record.value() instanceof Struct) || Objects.equals(schema, record.valueSchema());
        }

        @Override
        public void write(SinkRecord record) throws IOException {
            List<String> row = new ArrayList<>(columns.size());
            Object value = record.value();
            if (value instanceof Struct) {
                Struct struct = (Struct) value;
                for (String column : columns) {
                    Field field = struct.schema().field(column);
                    row.add(cell(field.schema(), struct.get(field)));
                }
            } else if (value instanceof Map) {
                Map<?, ?> map = (Map<?, ?>) value;
                for (Object key : map.keySet()) {
                    if (!known.contains(String.valueOf(key))) {
                        throw new DataException("field '" + key + "' is not a column of this file (columns come from "
                                + "the first record of the file)");
                    }
                }
                for (String column : columns) {
                    row.add(cell(null, map.get(column)));
                }
            } else {
                throw new DataException("format 'csv' needs a Struct or map value");
            }
            csv.writeRecord(row);
        }

        @Override
        public void finish() throws IOException {
            csv.flush();
        }
    }

    static String cell(Schema schema, Object value) throws IOException {
        if (value == null) {
            return "";
        }
        String logical = schema == null ? null : schema.name();
        if (Timestamp.LOGICAL_NAME.equals(logical) || (logical == null && value instanceof java.util.Date)) {
            return ((java.util.Date) value).toInstant().toString();
        }
        if (Date.LOGICAL_NAME.equals(logical)) {
            return LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC).toString();
        }
        if (Time.LOGICAL_NAME.equals(logical)) {
            return LocalTime.ofNanoOfDay(((java.util.Date) value).getTime() * 1_000_000L).toString();
        }
        if (Decimal.LOGICAL_NAME.equals(logical) || value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (value instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) value);
        }
        if (value instanceof ByteBuffer) {
            // What registry converters (Avro's bytes) give: base64 of the remaining bytes, the buffer left as it was.
            ByteBuffer copy = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Struct || value instanceof Map || value instanceof Collection) {
            StringWriter json = new StringWriter();
            try (JsonGenerator gen = JsonData.FACTORY.createGenerator(json)) {
                JsonData.write(gen, schema, value);
            }
            return json.toString();
        }
        return value.toString();
    }
}
