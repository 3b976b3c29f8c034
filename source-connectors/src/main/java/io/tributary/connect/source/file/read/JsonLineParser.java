package io.tributary.connect.source.file.read;

import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.ParseErrors;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;

/**
 * Format 'json': one JSON value per line, as a schemaless value (usually a map) or, given a schema, a Struct.
 * Blank lines are skipped. Parse failures and values that do not fit the schema become dead letters.
 */
final class JsonLineParser implements LineParser {

    private final Schema schema;
    private final int maxLineBytes;
    private final int keep;

    /** @param schema the struct schema for struct output, or null for schemaless output */
    JsonLineParser(Schema schema, int maxLineBytes, int keep) {
        this.schema = schema;
        this.maxLineBytes = maxLineBytes;
        this.keep = keep;
    }

    @Override
    public ReadResult accept(Line line) {
        if (line.truncated()) {
            return LineTooLongException.of(line, maxLineBytes, keep);
        }
        if (line.isBlank()) {
            return null;
        }
        try {
            Object value = schema == null
                    ? JsonData.parseSchemaless(line.buffer(), line.offset(), line.length())
                    : JsonData.toConnect(schema, JsonData.parseTree(line.buffer(), line.offset(), line.length()));
            return new ReadResult.Parsed(schema, value, line.startPosition(), line.endPosition(), line.number(),
                    line.number());
        } catch (IOException e) {
            return LineParser.failed(line, keep, "parse", e, ParseErrors.describe(e));
        } catch (DataException e) {
            return LineParser.failed(line, keep, "convert", e, e.getMessage());
        }
    }

    @Override
    public ReadResult finish() {
        return null;
    }
}
