package io.tributary.connect.source.file.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.ParseErrors;
import io.tributary.connect.common.data.StableSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;

/**
 * Format 'json': one JSON value per line, as a schemaless value (usually a map) or a Struct — of a declared schema,
 * or of the task's inferred schema, which each record fits or widens compatibly (a field not in it yet is added, so
 * nothing is dropped). Blank lines are skipped. Parse failures and values that do not fit the declared schema, or
 * that would need an incompatible change of the inferred one, become dead letters.
 */
final class JsonLineParser implements LineParser {

    private final Schema schema;
    private final StableSchema inferred;
    private final int maxLineBytes;
    private final int keep;

    /**
     * @param schema   the declared struct schema, or null
     * @param inferred the task's inferred schema for struct output without a declared one, or null; both null means
     *                 schemaless output
     */
    JsonLineParser(Schema schema, StableSchema inferred, int maxLineBytes, int keep) {
        this.schema = schema;
        this.inferred = inferred;
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
            if (schema == null && inferred == null) {
                Object value = JsonData.parseSchemaless(line.buffer(), line.offset(), line.length());
                return new ReadResult.Parsed(null, value, line.startPosition(), line.endPosition(), line.number(),
                        line.number());
            }
            JsonNode tree = JsonData.parseTree(line.buffer(), line.offset(), line.length());
            Schema fitted = inferred != null ? inferred.fit(tree) : schema;
            return new ReadResult.Parsed(fitted, JsonData.toConnect(fitted, tree), line.startPosition(),
                    line.endPosition(), line.number(), line.number());
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
