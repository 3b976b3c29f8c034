package io.tributary.connect.source.file.read;

import io.tributary.connect.common.data.SchemaInference;
import io.tributary.connect.common.data.StableSchema;
import io.tributary.connect.common.data.StringValues;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Formats 'csv' and 'tsv': records as Structs (typed by a declared or inferred schema) or as maps of strings.
 * The header line, if any, was read when the file was opened; here it is skipped by position. A row with more or
 * fewer fields than columns, or a cell that does not fit its column's type, becomes a dead letter. Without a declared
 * schema, each row fits the task's inferred schema or widens it compatibly (a column not in it yet is added, an
 * integer column takes a fraction by becoming float64); a row that would need an incompatible change (text in a
 * number column) becomes a dead letter naming the column.
 */
final class CsvLineParser implements LineParser {

    private final CsvRecordAssembler assembler;
    private final List<String> columns;
    private final StableSchema inferred;
    private Schema schema;
    private Field[] fieldByColumn;
    private boolean everyColumnInSchema;
    private final long headerEndPosition;
    private final int maxLineBytes;
    private final int keep;
    private boolean ended;

    /**
     * @param assembler          a fresh assembler for the file (its quote bounds and delimiter)
     * @param columns            column names, in order
     * @param schema             declared struct schema whose fields are the columns, or null
     * @param inferred           the task's inferred schema for struct output without a declared one, or null; both
     *                           null means maps of strings
     * @param headerEndPosition  position after the header line (0 without a header): lines before it are skipped
     */
    CsvLineParser(CsvRecordAssembler assembler, List<String> columns, Schema schema, StableSchema inferred,
                  long headerEndPosition, int maxLineBytes, int keep) {
        this.assembler = assembler;
        this.columns = columns;
        this.inferred = inferred;
        use(schema);
        this.headerEndPosition = headerEndPosition;
        this.maxLineBytes = maxLineBytes;
        this.keep = keep;
    }

    @Override
    public ReadResult accept(Line line) {
        return read(line);
    }

    /**
     * Lines a row broken by an unterminated quote gave back, read again as if reading had resumed after its first
     * line; after {@link #finish()}, a quote they open again breaks its row in turn.
     */
    @Override
    public ReadResult more() {
        Line again;
        while ((again = assembler.replayed()) != null) {
            ReadResult result = read(again);
            if (result != null) {
                return result;
            }
        }
        return ended ? finish() : null;
    }

    @Override
    public boolean holdsInput() {
        return assembler.holdsInput();
    }

    @Override
    public ReadResult finish() {
        ended = true;
        CsvRecordAssembler.Assembled record = assembler.finish();
        return record == null ? null : toResult(record);
    }

    /** One line, from the file or given back: the record it completes, a failure, or null. */
    private ReadResult read(Line line) {
        if (line.startPosition() < headerEndPosition) {
            return null;
        }
        if (!assembler.open()) {
            if (line.truncated()) {
                return LineTooLongException.of(line, maxLineBytes, keep);
            }
            if (line.isBlank()) {
                return null;   // between rows; inside an open quoted field a blank line is part of it
            }
        }
        CsvRecordAssembler.Assembled record = assembler.accept(line);
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
        if (inferred != null) {
            return inferredStruct(record, fields);
        }
        try {
            Object value = schema == null ? asMap(fields) : asStruct(fields);
            return new ReadResult.Parsed(schema, value, record.startPosition(), record.endPosition(),
                    record.firstLine(), record.lastLine());
        } catch (DataException e) {
            return failure(record, "convert", e, e.getMessage());
        }
    }

    /**
     * A row as a Struct of the task's inferred schema. The row is first read with the schema held now (another file
     * may have widened it since this one was opened): when every column is in it and every cell fits, that is the
     * schema, unchanged, and nothing else is done. Otherwise the row's typed cells widen it compatibly, or the row
     * is dead-lettered naming the column — in a cell's terms ("not a valid float64") where the held schema refused it.
     */
    private ReadResult inferredStruct(CsvRecordAssembler.Assembled record, List<String> fields) {
        Schema held = inferred.current();
        if (held != schema) {
            use(held);
        }
        DataException refused = null;
        if (schema != null && everyColumnInSchema) {
            try {
                return new ReadResult.Parsed(schema, asStruct(fields), record.startPosition(), record.endPosition(),
                        record.firstLine(), record.lastLine());
            } catch (DataException e) {
                refused = e;
            }
        }
        try {
            use(inferred.fit(SchemaInference.ofCsvRow(columns, fields)));
            return new ReadResult.Parsed(schema, asStruct(fields), record.startPosition(), record.endPosition(),
                    record.firstLine(), record.lastLine());
        } catch (DataException e) {
            DataException reported = refused != null ? refused : e;
            return failure(record, "convert", reported, reported.getMessage());
        }
    }

    private void use(Schema schema) {
        this.schema = schema;
        this.fieldByColumn = schema == null ? null : columns.stream().map(schema::field).toArray(Field[]::new);
        this.everyColumnInSchema = fieldByColumn != null
                && Arrays.stream(fieldByColumn).allMatch(Objects::nonNull);
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
        byte[] value = kept == raw.length ? raw : Arrays.copyOf(raw, kept);
        return new ReadResult.Failed(value, raw.length, kept < raw.length, stage, error.getClass().getName(), message,
                record.startPosition(), record.endPosition(), record.firstLine(), record.lastLine());
    }
}
