package io.tributary.connect.common.converter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.errors.DataException;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * The envelope's schema JSON to Connect schemas, cached by the schema's bytes as they stand in the message: a topic's
 * messages repeat the same schema text, so after the first message a schema costs a hash of its bytes and no parsing.
 * A miss parses the text into a tree (schemas are small and come once) and reads it as Kafka's converter does:
 * {@code optional} only when it is the boolean true, {@code name} and {@code doc} when text, {@code version} when an
 * integer, {@code parameters} with text values only, {@code default} read as data of the schema itself.
 */
final class EnvelopeSchemas {

    private final ObjectMapper mapper;
    private final ConnectJsonReader reader;
    private final Cache<SchemaText, Schema> cache;

    EnvelopeSchemas(ObjectMapper mapper, ConnectJsonReader reader, int cacheSize) {
        this.mapper = mapper;
        this.reader = reader;
        this.cache = new SynchronizedCache<>(new LRUCache<>(cacheSize));
    }

    /** The schema whose JSON object stands in {@code bytes[offset, offset + length)}. */
    Schema schema(byte[] bytes, int offset, int length) throws IOException {
        SchemaText probe = new SchemaText(bytes, offset, length);
        Schema cached = cache.get(probe);
        if (cached != null) {
            return cached;
        }
        Schema schema = fromJson(mapper.readTree(bytes, offset, length));
        cache.put(probe.copy(), schema);
        return schema;
    }

    /** A schema already parsed into a tree (the rare envelopes that are read as a whole tree). */
    Schema schema(JsonNode json) throws IOException {
        if (json == null || json.isNull()) {
            return null;
        }
        byte[] text = mapper.writeValueAsBytes(json);
        return schema(text, 0, text.length);
    }

    Schema fromJson(JsonNode json) throws IOException {
        if (json.isNull()) {
            return null;
        }
        JsonNode typeNode = json.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new DataException("Schema must contain 'type' field");
        }
        SchemaBuilder builder = switch (typeNode.textValue()) {
            case "boolean" -> SchemaBuilder.bool();
            case "int8" -> SchemaBuilder.int8();
            case "int16" -> SchemaBuilder.int16();
            case "int32" -> SchemaBuilder.int32();
            case "int64" -> SchemaBuilder.int64();
            case "float" -> SchemaBuilder.float32();
            case "double" -> SchemaBuilder.float64();
            case "bytes" -> SchemaBuilder.bytes();
            case "string" -> SchemaBuilder.string();
            case "array" -> {
                JsonNode items = json.get("items");
                if (items == null || items.isNull()) {
                    throw new DataException("Array schema did not specify the element type");
                }
                yield SchemaBuilder.array(fromJson(items));
            }
            case "map" -> {
                JsonNode keys = json.get("keys");
                if (keys == null) {
                    throw new DataException("Map schema did not specify the key type");
                }
                JsonNode values = json.get("values");
                if (values == null) {
                    throw new DataException("Map schema did not specify the value type");
                }
                yield SchemaBuilder.map(fromJson(keys), fromJson(values));
            }
            case "struct" -> {
                SchemaBuilder struct = SchemaBuilder.struct();
                JsonNode fields = json.get("fields");
                if (fields == null || !fields.isArray()) {
                    throw new DataException("Struct schema's \"fields\" argument is not an array.");
                }
                for (JsonNode field : fields) {
                    JsonNode fieldName = field.get("field");
                    if (fieldName == null || !fieldName.isTextual()) {
                        throw new DataException("Struct schema's field name not specified properly");
                    }
                    struct.field(fieldName.asText(), fromJson(field));
                }
                yield struct;
            }
            default -> throw new DataException("Unknown schema type: " + typeNode.textValue());
        };
        JsonNode optional = json.get("optional");
        if (optional != null && optional.isBoolean() && optional.booleanValue()) {
            builder.optional();
        } else {
            builder.required();
        }
        JsonNode name = json.get("name");
        if (name != null && name.isTextual()) {
            builder.name(name.textValue());
        }
        JsonNode version = json.get("version");
        if (version != null && version.isIntegralNumber()) {
            builder.version(version.intValue());
        }
        JsonNode doc = json.get("doc");
        if (doc != null && doc.isTextual()) {
            builder.doc(doc.textValue());
        }
        JsonNode parameters = json.get("parameters");
        if (parameters != null && parameters.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = parameters.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> parameter = it.next();
                if (!parameter.getValue().isTextual()) {
                    throw new DataException("Schema parameters must have string values.");
                }
                builder.parameter(parameter.getKey(), parameter.getValue().textValue());
            }
        }
        JsonNode defaultValue = json.get("default");
        if (defaultValue != null) {
            try (JsonParser p = defaultValue.traverse(mapper)) {
                builder.defaultValue(reader.read(p, p.nextToken(), builder));
            }
        }
        return builder.build();
    }

    /** A schema's bytes as a cache key: a view into a message while probing, a copy once stored. */
    private static final class SchemaText {
        private final byte[] bytes;
        private final int offset;
        private final int length;
        private final int hash;

        SchemaText(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            int h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        SchemaText copy() {
            return new SchemaText(Arrays.copyOfRange(bytes, offset, offset + length), 0, length);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SchemaText other && other.hash == hash && Arrays.equals(bytes, offset,
                    offset + length, other.bytes, other.offset, other.offset + other.length);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
