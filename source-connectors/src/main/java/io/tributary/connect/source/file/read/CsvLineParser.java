package io.tributary.connect.source.file.read;

import io.tributary.connect.common.data.StringValues;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Formats 'csv' and 'tsv': records as Structs (typed by a declared or inferred schema) or as maps of strings.
 * The header line, if any, was read when the file was opened; here it is skipped by position. A row with more or
 * fewer fields than columns, or a cell that does not fit its column's type, becomes a dead letter.
 */
final class CsvLineParser implements LineParser {

    private final CsvRecordAssembler assembler;
    private final List<String> columns;
    private final Schema schema;
    private final Field[] fieldByColumn;
    private final long headerEndPosition;
    private final int maxLineBytes;
    private final int keep;
    private long lastEnd;
    private long lastLine;

    /**
     * @param columns            column names, in order
     * @param schema             struct schema whose fields are the columns, or null for maps of strings
     * @param headerEndPosition  position after the header line (0 without a header): lines before it are skipped
     */
    CsvLineParser(char delimiter, char quote, List<String> columns, Schema schema, long headerEndPosition,
                  int maxLineBytes, int keep) {
        this.assembler = new CsvRecordAssembler(delimiter, quote, maxLineBytes);
        this.columns = columns;
        this.schema = schema;
        this.fieldByColumn = schema == null ? null : columns.stream().map(schema::field).toArray(Field[]::new);
        this.headerEndPosition = headerEndPosition;
        this.maxLineBytes = maxLineBytes;
        this.keep = keep;
    }

    @Override
    public ReadResult accept(Line line) {
        lastEnd = line.endPosition();
        lastLine = line.number();
        if (line.startPosition() < headerEndPosition) {
            return null;
        }
        if (line.truncated()) {
            return LineTooLongException.of(line, maxLineBytes, keep);
        }
        if (line.isBlank()) {
            return null;
        }
        CsvRecordAssembler.Assembled record = assembler.accept(line);
        return record == null ? null : toResult(record);
    }

    @Override
    public ReadResult finish() {
        CsvRecordAssembler.Assembled record = assembler.finish(lastEnd, lastLine);
        return record == null ? null : toResult(record);
    }

    private ReadResult toResult(CsvRecordAssembler.Assembled record) {
        if (record.failed()) {
            return failure(record, "parse", record.error(), record.message());
        }
        List<String> fields = record.fields();
        if (fields.size() != columns.size()) {
            return failure(record, "parse", new DataException(""), "row has " + fields.size() + " fields, expected "
                    + columns.size() + " (" + (fields.size() > columns.size() ? "too many" : "too few") + ")");
        }
        try {
            Object value = schema == null ? asMap(fields) : asStruct(fields);
            return new ReadResult.Parsed(schema, value, record.startPosition(), record.endPosition(),
                    record.firstLine(), record.lastLine());
        } catch (DataException e) {
            return failure(record, "convert", e, e.getMessage());
        }
    }

    private Map<String, Object> asMap(List<String> fields) {
        Map<String, Object> map = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            map.put(columns.get(i), fields.get(i));
        }
        return map;
    }

    /** Columns the schema lacks are ignored; schema fields without a column stay null (the opener checked them). */
    private Struct asStruct(List<String> fields) {
        Struct struct = new Struct(schema);
        for (int i = 0; i < fieldByColumn.length; i++) {
            Field field = fieldByColumn[i];
            if (field != null) {
                struct.put(field, StringValues.parse(field.schema(), fields.get(i), field.name()));
            }
        }
        return struct;
    }

    private ReadResult.Failed failure(CsvRecordAssembler.Assembled record, String stage, Exception error,
                                      String message) {
        byte[] raw = record.raw();
        int kept = Math.min(raw.length, keep);
        byte[] value = kept == raw.length ? raw : java.util.Arrays.copyOf(raw, kept);
        return new ReadResult.Failed(value, raw.length, kept < raw.length, stage, error.getClass().getName(), message,
                record.startPosition(), record.endPosition(), record.firstLine(), record.lastLine());
    }
}
