package io.tributary.connect.source.http.poll;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.StableSchema;
import io.tributary.connect.common.data.TimeParsing;
import io.tributary.connect.source.http.config.EndpointSpec;
import io.tributary.connect.source.http.config.HttpSourceConfig.Output;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Turns the records of a page into Connect records: each parsed once, into what the output needs — a tree for a
 * Struct, schemaless data for a map, nothing for a string (its own text) unless a key, time or incremental field
 * must be read from it.
 */
final class RecordConverter {

    private final EndpointSpec spec;
    private final boolean readStrings;
    /** The inferred schema kept across pages; null with a declared schema or for other outputs. */
    private final StableSchema stable;

    /** @param initial where an inferred schema starts (the latest registered one), or null to infer it */
    RecordConverter(EndpointSpec spec, Schema initial) {
        this.spec = spec;
        this.readStrings = spec.key() != null || spec.timestamp() != null || spec.incremental() != null;
        this.stable = spec.output() == Output.STRUCT && spec.schema() == null
                ? new StableSchema(initial, spec.schemaName()) : null;
    }

    /**
     * How the page's records are read while it is walked: JsonNodes for struct output, schemaless data for maps (and
     * for strings whose key, time or incremental field is needed), nothing otherwise.
     */
    Page.ValueReader reader() {
        return switch (spec.output()) {
            case STRUCT -> (parser, first) -> JsonData.MAPPER.readTree(parser);
            case MAP -> JsonData::readValue;
            case STRING -> readStrings ? JsonData::readValue : null;
        };
    }

    /**
     * The schema of a page's struct values from record {@code from} on: the declared one, or the inferred one kept
     * stable (the same object when the page fits it, else widened compatibly), with why each record that would need
     * an incompatible change does not fit. Null for other outputs.
     */
    StableSchema.Fit schemaFor(List<Object> read, int from) {
        if (spec.output() != Output.STRUCT) {
            return null;
        }
        if (stable == null) {
            return new StableSchema.Fit(spec.schema(), false, Collections.nCopies(read.size(), null));
        }
        List<JsonNode> samples = new ArrayList<>(read.size());
        for (int i = 0; i < read.size(); i++) {
            samples.add(i < from ? null : (JsonNode) read.get(i));   // records before the position went out already
        }
        return stable.fit(samples);
    }

    /** @throws DataException when the record does not fit the schema, or its time is not a time */
    SourceRecord convert(Object read, String text, Schema pageSchema, Map<String, ?> partition, Map<String, ?> offset) {
        Schema schema = null;
        Object value;
        switch (spec.output()) {
            case STRUCT -> {
                JsonNode node = (JsonNode) read;
                if (pageSchema == null || !node.isObject()) {
                    throw new DataException("a record is not a JSON object, so it cannot be a struct");
                }
                schema = pageSchema;
                value = JsonData.toConnect(pageSchema, node);
            }
            case MAP -> value = read;
            default -> {
                schema = Schema.STRING_SCHEMA;
                value = text;
            }
        }
        String key = text(read, spec.key());
        return new SourceRecord(partition, offset, spec.topic(), null, key == null ? null : Schema.STRING_SCHEMA, key,
                schema, value, timestamp(read));
    }

    /** A record's text, as it is in the response. */
    static String text(Page page, Page.Slice slice) {
        return new String(page.body(), slice.offset(), slice.length(), StandardCharsets.UTF_8);
    }

    /** The value a JSON pointer finds in a parsed record, as text: null when missing or null. */
    static String text(Object read, JsonPointer pointer) {
        Object found = at(read, pointer);
        if (found == null) {
            return null;
        }
        if (found instanceof JsonNode node) {
            return node.isValueNode() ? node.asText() : node.toString();
        }
        if (found instanceof Map || found instanceof List) {
            try {
                return JsonData.MAPPER.writeValueAsString(found);
            } catch (JsonProcessingException e) {
                throw new DataException("cannot write the value at " + pointer + " as text", e);
            }
        }
        return found.toString();
    }

    /** What a JSON pointer finds in a tree or in schemaless data; null when missing or JSON null. */
    private static Object at(Object read, JsonPointer pointer) {
        if (pointer == null || read == null) {
            return null;
        }
        if (read instanceof JsonNode node) {
            JsonNode found = node.at(pointer);
            return found.isMissingNode() || found.isNull() ? null : found;
        }
        Object value = read;
        JsonPointer rest = pointer;
        while (!rest.matches()) {
            if (value instanceof Map<?, ?> map) {
                value = map.get(rest.getMatchingProperty());
            } else if (value instanceof List<?> list) {
                int index = rest.getMatchingIndex();
                value = index >= 0 && index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
            if (value == null) {
                return null;
            }
            rest = rest.tail();
        }
        return value;
    }

    private Long timestamp(Object read) {
        Object found = at(read, spec.timestamp());
        if (found == null) {
            return null;
        }
        if (found instanceof Number number) {
            return number.longValue();
        }
        if (found instanceof JsonNode node && node.isNumber()) {
            return node.longValue();
        }
        String text = found instanceof JsonNode node ? node.asText() : found.toString();
        try {
            return TimeParsing.instant(text).toEpochMilli();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new DataException("the time '" + text + "' at " + spec.timestamp()
                    + " is neither epoch milliseconds nor an RFC 3339 time");
        }
    }
}
