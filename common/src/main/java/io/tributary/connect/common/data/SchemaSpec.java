package io.tributary.connect.common.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a declared record schema from config, in one of two forms:
 * <ul>
 *   <li>compact: {@code id:int64, user:string, amount:decimal(2), note:string?} — a flat struct, a {@code ?}
 *       marks an optional field;</li>
 *   <li>the JSON schema form Kafka's {@code JsonConverter} writes in its envelopes, e.g.
 *       {@code {"type":"struct","fields":[{"field":"id","type":"int64","optional":false}]}} — for nested structs,
 *       arrays and maps.</li>
 * </ul>
 * The JSON form is parsed here rather than by {@code JsonConverter.asConnectSchema}: that method takes the
 * worker's Jackson {@code JsonNode}, while a plugin bundles its own Jackson in its own class loader, so the two
 * types are not interchangeable.
 */
public final class SchemaSpec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern FIELD = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*:\\s*([a-z0-9]+)(?:\\((\\d+)\\))?\\s*(\\?)?\\s*");

    private SchemaSpec() {
    }

    /** Parses either form; throws {@link IllegalArgumentException} naming the offending field. */
    public static Schema parse(String spec, String structName) {
        String trimmed = spec.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the schema is empty");
        }
        return trimmed.startsWith("{") ? parseJson(trimmed, structName) : parseCompact(trimmed, structName);
    }

    private static Schema parseCompact(String spec, String structName) {
        SchemaBuilder struct = SchemaBuilder.struct().name(structName);
        for (String part : spec.split(",")) {
            Matcher m = FIELD.matcher(part);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + part.trim() + "' is not of the form name:type (types: "
                        + "boolean, int8, int16, int32, int64, float32, float64, string, bytes, date, time, "
                        + "timestamp, decimal(scale); add ? for an optional field)");
            }
            String name = m.group(1);
            SchemaBuilder type = primitive(m.group(2), m.group(3), name);
            if (m.group(4) != null) {
                type.optional();
            }
            if (struct.field(name) != null) {
                throw new IllegalArgumentException("field '" + name + "' is declared twice");
            }
            struct.field(name, type.build());
        }
        return struct.build();
    }

    private static SchemaBuilder primitive(String type, String scale, String field) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "boolean": return SchemaBuilder.bool();
            case "int8": return SchemaBuilder.int8();
            case "int16": return SchemaBuilder.int16();
            case "int32": return SchemaBuilder.int32();
            case "int64": return SchemaBuilder.int64();
            case "float32": return SchemaBuilder.float32();
            case "float64": return SchemaBuilder.float64();
            case "string": return SchemaBuilder.string();
            case "bytes": return SchemaBuilder.bytes();
            case "date": return Date.builder();
            case "time": return Time.builder();
            case "timestamp": return Timestamp.builder();
            case "decimal":
                if (scale == null) {
                    throw new IllegalArgumentException("field '" + field + "': decimal needs a scale, e.g. decimal(2)");
                }
                return Decimal.builder(Integer.parseInt(scale));
            default:
                throw new IllegalArgumentException("field '" + field + "' has unknown type '" + type + "'");
        }
    }

    private static Schema parseJson(String spec, String structName) {
        JsonNode root;
        try {
            root = MAPPER.readTree(spec);
        } catch (IOException e) {
            throw new IllegalArgumentException("the schema is not valid JSON (line "
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        SchemaBuilder builder = fromJson(root, "$");
        if (builder.type() == Schema.Type.STRUCT && builder.name() == null) {
            builder.name(structName);
        }
        return builder.build();
    }

    private static SchemaBuilder fromJson(JsonNode node, String path) {
        if (!node.isObject() || !node.path("type").isTextual()) {
            throw new IllegalArgumentException("schema at " + path + " needs a \"type\"");
        }
        String type = node.get("type").asText();
        String name = node.path("name").isTextual() ? node.get("name").asText() : null;
        SchemaBuilder builder;
        switch (type) {
            case "struct":
                builder = SchemaBuilder.struct();
                JsonNode fields = node.path("fields");
                if (!fields.isArray()) {
                    throw new IllegalArgumentException("struct at " + path + " needs a \"fields\" array");
                }
                for (JsonNode field : fields) {
                    String fieldName = field.path("field").asText(null);
                    if (fieldName == null) {
                        throw new IllegalArgumentException("a field of the struct at " + path + " has no \"field\" name");
                    }
                    builder.field(fieldName, fromJson(field, path + "." + fieldName).build());
                }
                break;
            case "array":
                builder = SchemaBuilder.array(fromJson(node.path("items"), path + "[]").build());
                break;
            case "map":
                builder = SchemaBuilder.map(fromJson(node.path("keys"), path + "{key}").build(),
                        fromJson(node.path("values"), path + "{value}").build());
                break;
            default:
                builder = logicalOrPrimitive(type, name, node.path("parameters"), path);
        }
        if (name != null && builder.name() == null) {
            builder.name(name);
        }
        if (node.path("optional").asBoolean(false)) {
            builder.optional();
        }
        if (node.path("version").isInt()) {
            builder.version(node.get("version").asInt());
        }
        if (node.path("doc").isTextual()) {
            builder.doc(node.get("doc").asText());
        }
        return builder;
    }

    private static SchemaBuilder logicalOrPrimitive(String type, String name, JsonNode parameters, String path) {
        if (Decimal.LOGICAL_NAME.equals(name)) {
            JsonNode scale = parameters.path(Decimal.SCALE_FIELD);
            if (!scale.isTextual() && !scale.isInt()) {
                throw new IllegalArgumentException("decimal at " + path + " needs parameters.scale");
            }
            SchemaBuilder decimal = Decimal.builder(scale.asInt());
            for (Iterator<Map.Entry<String, JsonNode>> it = parameters.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                decimal.parameter(p.getKey(), p.getValue().asText());
            }
            return decimal;
        }
        if (Date.LOGICAL_NAME.equals(name)) {
            return Date.builder();
        }
        if (Time.LOGICAL_NAME.equals(name)) {
            return Time.builder();
        }
        if (Timestamp.LOGICAL_NAME.equals(name)) {
            return Timestamp.builder();
        }
        try {
            return SchemaBuilder.type(Schema.Type.valueOf(type.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schema at " + path + " has unknown type '" + type + "'");
        }
    }
}
