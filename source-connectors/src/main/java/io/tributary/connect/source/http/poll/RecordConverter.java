package io.tributary.connect.source.http.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.SchemaInference;
import io.tributary.connect.common.data.TimeParsing;
import io.tributary.connect.source.http.config.EndpointSpec;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Turns a record of a response into a Connect record: a Struct, a schemaless map or the JSON text; key and time. */
final class RecordConverter {

    private final EndpointSpec spec;

    RecordConverter(EndpointSpec spec) {
        this.spec = spec;
    }

    /** The schema of a page's struct values: the declared one, or one inferred from the page (null if none fits). */
    Schema schemaFor(List<JsonNode> page) {
        if (spec.output() != io.tributary.connect.source.http.config.HttpSourceConfig.Output.STRUCT) {
            return null;
        }
        return spec.schema() != null ? spec.schema() : SchemaInference.ofJsonObjects(page, spec.schemaName());
    }

    /** @throws DataException when the record does not fit the schema, or its time is not a time */
    SourceRecord convert(JsonNode node, Schema pageSchema, Map<String, ?> partition, Map<String, ?> offset) {
        Schema schema = null;
        Object value;
        switch (spec.output()) {
            case STRUCT -> {
                if (pageSchema == null || !node.isObject()) {
                    throw new DataException("a record is not a JSON object, so it cannot be a struct: " + abbreviate(node));
                }
                schema = pageSchema;
                value = JsonData.toConnect(pageSchema, node);
            }
            case MAP -> value = JsonData.MAPPER.convertValue(node, Object.class);
            default -> {
                schema = Schema.STRING_SCHEMA;
                value = node.toString();
            }
        }
        String key = Page.text(node, spec.key());
        return new SourceRecord(partition, offset, spec.topic(), null, key == null ? null : Schema.STRING_SCHEMA, key,
                schema, value, timestamp(node));
    }

    private Long timestamp(JsonNode node) {
        if (spec.timestamp() == null) {
            return null;
        }
        JsonNode found = node.at(spec.timestamp());
        if (found.isMissingNode() || found.isNull()) {
            return null;
        }
        if (found.isNumber()) {
            return found.longValue();
        }
        try {
            return TimeParsing.instant(found.asText()).toEpochMilli();
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new DataException("the time '" + found.asText() + "' at " + spec.timestamp()
                    + " is neither epoch milliseconds nor an RFC 3339 time");
        }
    }

    static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
