package io.tributary.connect.common.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers a Connect schema from sample values: JSON trees, or the text cells of a CSV column.
 *
 * <p>Types widen as samples disagree: integer and fraction give float64; any other disagreement gives string,
 * which holds every value without loss. Every inferred field is optional, since a sample cannot prove a field is
 * always present. Field order is the order of first appearance, so the same sample always gives the same schema.
 */
public final class SchemaInference {

    enum Kind { NULL, BOOLEAN, INTEGER, FRACTION, STRING, ARRAY, OBJECT }

    /** A type observed so far; OBJECT keeps its fields, ARRAY its element type. */
    static final class Inferred {
        Kind kind = Kind.NULL;
        Map<String, Inferred> fields;
        Inferred element;

        void observe(JsonNode node) {
            Kind seen = kindOf(node);
            if (seen == Kind.NULL) {
                return;
            }
            if (kind == Kind.NULL) {
                kind = seen;
            } else if (kind != seen) {
                kind = widen(kind, seen);
            }
            if (kind == Kind.OBJECT && seen == Kind.OBJECT) {
                if (fields == null) {
                    fields = new LinkedHashMap<>();
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    fields.computeIfAbsent(e.getKey(), k -> new Inferred()).observe(e.getValue());
                }
            } else if (kind == Kind.ARRAY && seen == Kind.ARRAY) {
                if (element == null) {
                    element = new Inferred();
                }
                for (JsonNode item : node) {
                    element.observe(item);
                }
            }
        }

        void observeText(String cell) {
            Kind seen = kindOfText(cell);
            if (seen == Kind.NULL) {
                return;
            }
            kind = kind == Kind.NULL ? seen : kind == seen ? kind : widen(kind, seen);
        }

        Schema toSchema(String structName) {
            switch (kind) {
                case BOOLEAN: return Schema.OPTIONAL_BOOLEAN_SCHEMA;
                case INTEGER: return Schema.OPTIONAL_INT64_SCHEMA;
                case FRACTION: return Schema.OPTIONAL_FLOAT64_SCHEMA;
                case ARRAY:
                    return SchemaBuilder.array(element == null ? Schema.OPTIONAL_STRING_SCHEMA
                            : element.toSchema(null)).optional().build();
                case OBJECT: {
                    SchemaBuilder struct = SchemaBuilder.struct().optional();
                    if (structName != null) {
                        struct.name(structName);
                    }
                    for (Map.Entry<String, Inferred> field : fields.entrySet()) {
                        struct.field(field.getKey(), field.getValue().toSchema(null));
                    }
                    return struct.build();
                }
                case NULL:
                case STRING:
                default:
                    return Schema.OPTIONAL_STRING_SCHEMA;
            }
        }

        private static Kind widen(Kind a, Kind b) {
            if ((a == Kind.INTEGER && b == Kind.FRACTION) || (a == Kind.FRACTION && b == Kind.INTEGER)) {
                return Kind.FRACTION;
            }
            return Kind.STRING;
        }

        private static Kind kindOf(JsonNode node) {
            if (node == null || node.isNull()) {
                return Kind.NULL;
            }
            if (node.isBoolean()) {
                return Kind.BOOLEAN;
            }
            if (node.isIntegralNumber()) {
                return node.canConvertToLong() ? Kind.INTEGER : Kind.FRACTION;
            }
            if (node.isNumber()) {
                return Kind.FRACTION;
            }
            if (node.isArray()) {
                return Kind.ARRAY;
            }
            if (node.isObject()) {
                return Kind.OBJECT;
            }
            return Kind.STRING;
        }

        private static Kind kindOfText(String cell) {
            if (cell == null || cell.isEmpty()) {
                return Kind.NULL;
            }
            if ("true".equalsIgnoreCase(cell) || "false".equalsIgnoreCase(cell)) {
                return Kind.BOOLEAN;
            }
            if (StringValues.isInteger(cell)) {
                return Kind.INTEGER;
            }
            if (StringValues.isDecimal(cell)) {
                return Kind.FRACTION;
            }
            return Kind.STRING;
        }
    }

    private SchemaInference() {
    }

    /** Infers a struct schema from JSON samples; returns null when no sample was an object. */
    public static Schema ofJsonObjects(List<JsonNode> samples, String structName) {
        Inferred root = new Inferred();
        for (JsonNode sample : samples) {
            if (sample != null && sample.isObject()) {
                root.observe(sample);
            }
        }
        if (root.kind != Kind.OBJECT) {
            return null;
        }
        Schema optional = root.toSchema(structName);
        // The record value itself is required: only its fields are optional.
        SchemaBuilder required = SchemaBuilder.struct().name(structName);
        optional.fields().forEach(f -> required.field(f.name(), f.schema()));
        return required.build();
    }

    /**
     * Infers the optional schema of one JSON value (nested objects as unnamed optional structs); a null value gives
     * an optional string, which can hold whatever the field brings later.
     */
    public static Schema ofJsonValue(JsonNode value) {
        Inferred inferred = new Inferred();
        inferred.observe(value);
        return inferred.toSchema(null);
    }

    /** Infers a flat struct from CSV columns: names from the header, types from the sampled rows' cells. */
    public static Schema ofCsvColumns(List<String> header, List<List<String>> rows, String structName) {
        Inferred[] columns = new Inferred[header.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new Inferred();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < Math.min(row.size(), columns.length); i++) {
                columns[i].observeText(row.get(i));
            }
        }
        SchemaBuilder struct = SchemaBuilder.struct().name(structName);
        for (int i = 0; i < columns.length; i++) {
            struct.field(header.get(i), columns[i].toSchema(null));
        }
        return struct.build();
    }

    /**
     * A CSV row as a JSON object of its cells, each typed as inference types a cell (empty: null; true/false in any
     * case: a boolean; an integer of up to 18 digits: a long; another number: a double; anything else: a string), so
     * that {@link StableSchema} can fit rows as it fits JSON records. Cells beyond the columns are left out.
     */
    public static ObjectNode ofCsvRow(List<String> columns, List<String> cells) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < Math.min(columns.size(), cells.size()); i++) {
            row.set(columns.get(i), ofCsvCell(cells.get(i)));
        }
        return row;
    }

    static JsonNode ofCsvCell(String cell) {
        switch (Inferred.kindOfText(cell)) {
            case NULL:
                return NullNode.getInstance();
            case BOOLEAN:
                return BooleanNode.valueOf("true".equalsIgnoreCase(cell));
            case INTEGER:
                return LongNode.valueOf(Long.parseLong(cell.trim()));
            case FRACTION:
                return DoubleNode.valueOf(Double.parseDouble(cell.trim()));
            default:
                return TextNode.valueOf(cell);
        }
    }
}
