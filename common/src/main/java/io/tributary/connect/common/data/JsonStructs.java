package io.tributary.connect.common.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.tributary.connect.common.avro.AvroData;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON events → Connect Structs of ONE fixed schema, for sources whose records must keep a stable schema (a registry
 * converter registers one version for them, not one per event shape).
 *
 * <p>The schema comes from text ({@link #schema(String, String)}): common's {@link SchemaSpec} forms (compact, or
 * the JSON form Kafka's JsonConverter writes), an Avro record schema, or a JSON Schema object schema (as a registry
 * holds them). Values are read as {@link JsonData#toConnect} reads them (integers range-checked, decimals at their
 * scale, timestamps from epoch milliseconds or RFC 3339, any JSON kept as text for a string field); optional fields
 * may be missing or null; fields the schema does not know are ignored or rejected ({@link ExtraFields}). Errors name
 * the field path, never the value.
 */
public final class JsonStructs {

    /** What to do with a JSON field the schema does not have. */
    public enum ExtraFields { IGNORE, REJECT }

    private static final int MAX_REF_DEPTH = 32;
    /** Errors name "the event" at the top; a map entry's path is its key, after a dot below the top. */
    private static final JsonContainers.Places PLACES = new JsonContainers.Places("the event", false);

    private final Schema schema;
    private final ExtraFields extraFields;

    public JsonStructs(Schema schema, ExtraFields extraFields) {
        if (schema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("the schema must be a struct, not " + schema.type());
        }
        this.schema = schema;
        this.extraFields = extraFields;
    }

    public Schema schema() {
        return schema;
    }

    /** The event as a Struct of the schema; a {@link DataException} naming the field when it does not fit. */
    public Struct convert(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new DataException("the event should be a JSON object but is "
                    + (event == null ? "nothing" : "a JSON " + JsonContainers.kind(event)));
        }
        return (Struct) value(schema, event, "");
    }

    /** Parses {@code buf[offset, offset+length)} and converts it; malformed JSON is an {@link IOException}. */
    public Struct convert(byte[] buf, int offset, int length) throws IOException {
        return convert(JsonData.parseTree(buf, offset, length));
    }

    private Object value(Schema s, JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return leaf(s, NullNode.getInstance(), path);
        }
        if (s.name() != null && isLogical(s.name())) {
            return leaf(s, node, path);
        }
        switch (s.type()) {
            case STRUCT: {
                if (!node.isObject()) {
                    throw mismatch(path, "an object", node);
                }
                Struct struct = new Struct(s);
                for (Field field : s.fields()) {
                    Object v = value(field.schema(), node.get(field.name()), child(path, field.name()));
                    put(struct, field, v);
                }
                if (extraFields == ExtraFields.REJECT && node.size() > 0) {
                    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                        String name = names.next();
                        if (s.field(name) == null) {
                            throw new DataException(describe(child(path, name)) + " is not in the schema");
                        }
                    }
                }
                return struct;
            }
            case ARRAY:
                return JsonContainers.array(s, node, path, this::value, PLACES);
            case MAP:
                return JsonContainers.map(s, node, path, this::value, PLACES);
            default:
                return leaf(s, node, path);
        }
    }

    private static void put(Struct struct, Field field, Object value) {
        Schema.Type type = field.schema().type();
        if (value != null && (type == Schema.Type.STRUCT || type == Schema.Type.ARRAY || type == Schema.Type.MAP)
                && StructCopy.trusted()) {
            // Built above against this very schema, element by element: valid, no need to walk it again.
            StructCopy.putTrusted(struct, field, value);
        } else {
            struct.put(field, value);
        }
    }

    /** A primitive or logical value, read by JsonData; its error names the field instead of "the value". */
    private static Object leaf(Schema s, JsonNode node, String path) {
        try {
            return JsonData.toConnect(s, node);
        } catch (DataException e) {
            String message = e.getMessage();
            if (!path.isEmpty() && message != null && message.startsWith("the value")) {
                throw new DataException(describe(path) + message.substring("the value".length()));
            }
            throw e;
        }
    }

    private static boolean isLogical(String name) {
        return name.equals(Decimal.LOGICAL_NAME) || name.equals(Timestamp.LOGICAL_NAME)
                || name.equals(Date.LOGICAL_NAME) || name.equals(Time.LOGICAL_NAME);
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static DataException mismatch(String path, String expected, JsonNode actual) {
        return JsonContainers.mismatch(PLACES, path, expected, actual);
    }

    private static String describe(String path) {
        return PLACES.describe(path);
    }

    // ---------------------------------------------------------------- schemas from text

    /**
     * A struct schema from text: an Avro record schema ({@code "type": "record"}), a JSON Schema object schema
     * ({@code "$schema"}, {@code "properties"} or {@code "type": "object"}), or {@link SchemaSpec}'s compact or
     * Kafka JSON forms. {@code defaultName} names the struct when the text does not. Throws
     * {@link IllegalArgumentException} saying what is wrong.
     */
    public static Schema schema(String text, String defaultName) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.startsWith("{")) {
            JsonNode root;
            try {
                root = JsonData.MAPPER.readTree(trimmed);
            } catch (IOException e) {
                throw new IllegalArgumentException("the schema is not valid JSON: "
                        + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage()
                        : e.getMessage()));
            }
            String type = root.path("type").asText("");
            if (type.equals("record")) {
                return fromAvro(trimmed);
            }
            if (root.has("$schema") || root.has("properties") || type.equals("object")) {
                return fromJsonSchema(root, defaultName);
            }
        }
        Schema schema = SchemaSpec.parse(trimmed, defaultName);
        if (schema.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("the schema must be a struct, not " + schema.type());
        }
        return schema;
    }

    /** A Connect schema of an Avro record schema (common's {@link AvroData} mapping). */
    public static Schema fromAvro(String avroJson) {
        org.apache.avro.Schema avro;
        try {
            avro = new org.apache.avro.Schema.Parser().parse(avroJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a valid Avro schema: " + e.getMessage());
        }
        if (avro.getType() != org.apache.avro.Schema.Type.RECORD) {
            throw new IllegalArgumentException("the Avro schema must be a record, not " + avro.getType());
        }
        try {
            return new AvroData().toConnectSchema(avro);
        } catch (DataException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /**
     * A Connect schema of a JSON Schema object schema: {@code properties} → struct fields (optional unless listed in
     * {@code required}), {@code integer} → int64 ({@code format: int32} → int32), {@code number} → float64,
     * {@code string} with {@code format} date-time / date / time → Timestamp / Date / Time, {@code boolean},
     * {@code array} with {@code items}, an object with only {@code additionalProperties} → map of string keys;
     * {@code ["T", "null"]} and {@code anyOf/oneOf} of null and one type → optional T; local {@code $ref}s
     * ({@code #/definitions/...}, {@code #/$defs/...}); {@code enum} of strings → string.
     */
    public static Schema fromJsonSchema(JsonNode root, String defaultName) {
        SchemaBuilder builder = jsonSchema(root, root, "$", 0);
        if (builder.type() != Schema.Type.STRUCT) {
            throw new IllegalArgumentException("the JSON Schema must describe an object with properties, not "
                    + builder.type());
        }
        String title = root.path("title").asText("");
        builder.name(title.isEmpty() ? defaultName : avroName(title));
        return builder.build();
    }

    private static SchemaBuilder jsonSchema(JsonNode node, JsonNode root, String path, int depth) {
        if (depth > MAX_REF_DEPTH) {
            throw new IllegalArgumentException("schema at " + path + " nests deeper than " + MAX_REF_DEPTH
                    + " (a recursive $ref has no Connect schema)");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("schema at " + path + " is not a JSON object");
        }
        if (node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#")) {
                throw new IllegalArgumentException("schema at " + path + ": only local $refs ('#/...') are supported, "
                        + "not '" + ref + "'");
            }
            JsonNode target = root.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new IllegalArgumentException("schema at " + path + ": $ref '" + ref + "' points nowhere");
            }
            return jsonSchema(target, root, path, depth + 1);
        }
        boolean nullable = false;
        String type = null;
        JsonNode typeNode = node.get("type");
        if (typeNode != null && typeNode.isTextual()) {
            type = typeNode.asText();
        } else if (typeNode != null && typeNode.isArray()) {
            for (JsonNode t : typeNode) {
                if (t.asText().equals("null")) {
                    nullable = true;
                } else if (type == null) {
                    type = t.asText();
                } else {
                    throw new IllegalArgumentException("schema at " + path + " allows several types; a Connect "
                            + "field has one (null aside)");
                }
            }
        } else {
            for (String combinator : List.of("anyOf", "oneOf")) {
                if (node.path(combinator).isArray()) {
                    SchemaBuilder one = null;
                    for (JsonNode alternative : node.get(combinator)) {
                        if (alternative.path("type").asText("").equals("null")) {
                            nullable = true;
                        } else if (one == null) {
                            one = jsonSchema(alternative, root, path, depth + 1);
                        } else {
                            throw new IllegalArgumentException("schema at " + path + ": " + combinator + " of several "
                                    + "types has no Connect schema (null and one type only)");
                        }
                    }
                    if (one == null) {
                        throw new IllegalArgumentException("schema at " + path + ": " + combinator + " of null only");
                    }
                    return nullable ? one.optional() : one;
                }
            }
            if (node.has("properties")) {
                type = "object";
            } else if (node.path("enum").isArray()) {
                type = "string";
            }
        }
        if (type == null) {
            throw new IllegalArgumentException("schema at " + path + " needs a \"type\"");
        }
        SchemaBuilder builder;
        switch (type) {
            case "object": {
                JsonNode properties = node.get("properties");
                JsonNode additional = node.get("additionalProperties");
                if ((properties == null || properties.isEmpty()) && additional != null && additional.isObject()) {
                    builder = SchemaBuilder.map(Schema.STRING_SCHEMA,
                            jsonSchema(additional, root, path + "{}", depth + 1).build());
                    break;
                }
                if (properties == null || !properties.isObject() || properties.isEmpty()) {
                    throw new IllegalArgumentException("object at " + path + " has no \"properties\" (and no "
                            + "\"additionalProperties\" schema for a map)");
                }
                Set<String> required = new HashSet<>();
                node.path("required").forEach(r -> required.add(r.asText()));
                builder = SchemaBuilder.struct();
                for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    SchemaBuilder field = jsonSchema(property.getValue(), root, path + "." + property.getKey(),
                            depth + 1);
                    if (!required.contains(property.getKey()) && !field.isOptional()) {
                        field.optional();
                    }
                    builder.field(property.getKey(), field.build());
                }
                break;
            }
            case "array":
                if (!node.path("items").isObject()) {
                    throw new IllegalArgumentException("array at " + path + " needs an \"items\" schema");
                }
                builder = SchemaBuilder.array(jsonSchema(node.get("items"), root, path + "[]", depth + 1).build());
                break;
            case "string":
                builder = switch (node.path("format").asText("")) {
                    case "date-time" -> Timestamp.builder();
                    case "date" -> Date.builder();
                    case "time" -> Time.builder();
                    default -> node.path("contentEncoding").asText("").equals("base64") ? SchemaBuilder.bytes()
                            : SchemaBuilder.string();
                };
                break;
            case "integer":
                builder = node.path("format").asText("").equals("int32") ? SchemaBuilder.int32()
                        : SchemaBuilder.int64();
                break;
            case "number":
                builder = SchemaBuilder.float64();
                break;
            case "boolean":
                builder = SchemaBuilder.bool();
                break;
            default:
                throw new IllegalArgumentException("schema at " + path + " has type '" + type + "', which has no "
                        + "Connect schema");
        }
        if (node.path("description").isTextual()) {
            builder.doc(node.get("description").asText());
        }
        return nullable ? builder.optional() : builder;
    }

    /** A title as an Avro-compatible name: letters, digits and '_' in dot-separated parts. */
    private static String avroName(String title) {
        StringBuilder out = new StringBuilder();
        for (String part : title.split("\\.")) {
            String clean = part.replaceAll("[^A-Za-z0-9_]", "_");
            if (clean.isEmpty() || Character.isDigit(clean.charAt(0))) {
                clean = "_" + clean;
            }
            out.append(out.length() == 0 ? "" : ".").append(clean);
        }
        return out.toString();
    }
}
