package io.tributary.connect.common.converter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tributary.connect.common.Version;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A drop-in for Kafka's {@code org.apache.kafka.connect.json.JsonConverter} (keys, values and headers; the same
 * config keys and defaults) that writes and reads JSON with Jackson's streaming generator and parser instead of
 * building a {@code JsonNode} tree per record. It writes the same bytes as Kafka's converter and reads the same
 * Connect data, schemas on ({@code {"schema": ..., "payload": ...}}) and off; {@code StreamingJsonConverterTest}
 * checks both directions against Kafka's converter on generated and edge-case data. Deliberate differences, only
 * for input Kafka's converter itself handles oddly, are listed on docs/converters.md.
 *
 * <p>Schemas are converted once and cached, as Kafka's converter does: Connect schemas to their JSON text (the last
 * one also by identity, since a task's records nearly always carry the very same schema object), and the
 * envelope's schema JSON to Connect schemas by its bytes.
 *
 * <p>Jackson here is the bundle's own (lib/), not the worker's: nothing of Jackson crosses to or from the worker.
 */
public class StreamingJsonConverter implements Converter, HeaderConverter, Versioned {

    private static final String REQUIRES_ENVELOPE = "JsonConverter with schemas.enable requires \"schema\" and "
            + "\"payload\" fields and may not contain additional fields. If you are trying to deserialize plain JSON "
            + "data, set schemas.enable=false in your converter configuration.";
    private static final byte[] ENVELOPE_SCHEMA = "{\"schema\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ENVELOPE_PAYLOAD = ",\"payload\":".getBytes(StandardCharsets.UTF_8);

    /**
     * As Kafka's converter reads: leading zeros accepted, fractions kept as exact decimals in trees (only the
     * envelope's schemas and rare envelope layouts are read as trees here).
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .build();
    private static final JsonMapper MAPPER = JsonMapper.builder(FACTORY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private StreamingJsonConverterConfig config;
    private ConnectJsonWriter writer;
    private ConnectJsonReader reader;
    private EnvelopeSchemas envelopeSchemas;
    private Cache<Schema, byte[]> schemaJson;
    private volatile RenderedSchema lastRendered;
    private Schema fixedSchema;
    private volatile SeenEnvelope lastEnvelope;

    /**
     * The bytes of a message up to its payload, {@code {"schema":<schema>,"payload":}, and the schema read from
     * them: a message that starts with the same bytes has the same schema, so its payload is parsed alone.
     */
    private record SeenEnvelope(byte[] start, Schema schema) {
    }

    private record RenderedSchema(Schema schema, byte[] envelopeStart) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public ConfigDef config() {
        return StreamingJsonConverterConfig.configDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        config = new StreamingJsonConverterConfig(configs);
        writer = new ConnectJsonWriter(config.decimalFormat(), config.replaceNullWithDefault());
        reader = new ConnectJsonReader(config.replaceNullWithDefault());
        envelopeSchemas = new EnvelopeSchemas(MAPPER, reader, config.schemaCacheSize());
        schemaJson = new SynchronizedCache<>(new LRUCache<>(config.schemaCacheSize()));
        lastRendered = null;
        lastEnvelope = null;
        byte[] content = config.schemaContent();
        fixedSchema = null;
        if (content != null) {
            try {
                fixedSchema = envelopeSchemas.fromJson(MAPPER.readTree(content));
            } catch (IOException e) {
                throw new DataException("Failed to parse schema in converter config due to serialization error: ", e);
            }
        }
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> withType = new HashMap<>(configs);
        withType.put(StreamingJsonConverterConfig.TYPE_CONFIG,
                isKey ? ConverterType.KEY.getName() : ConverterType.VALUE.getName());
        configure(withType);
    }

    @Override
    public void close() {
        // Nothing held: parsers and generators live for one call.
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, value);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (schema == null && value == null) {
            return null;
        }
        try (ByteArrayBuilder out = new ByteArrayBuilder(512)) {
            // The envelope's start, schema included, is the same bytes for every record of a schema: written once,
            // copied after. The payload is then the generator's only (root) value.
            if (config.schemasEnabled()) {
                out.write(envelopeStart(schema));
            }
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                writer.write(g, schema, value);
            }
            if (config.schemasEnabled()) {
                out.write('}');
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new DataException("Converting Kafka Connect data to byte[] failed due to serialization error: ", e);
        }
    }

    /**
     * {@code {"schema":<the schema's JSON>,"payload":} as UTF-8 bytes: the last schema's by identity, others from
     * the cache by equality. Written by the same UTF-8 generator as the payload, so text escapes alike.
     */
    private byte[] envelopeStart(Schema schema) throws IOException {
        RenderedSchema last = lastRendered;
        if (last != null && last.schema() == schema) {
            return last.envelopeStart();
        }
        byte[] start = schema == null ? null : schemaJson.get(schema);
        if (start == null) {
            try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
                bytes.write(ENVELOPE_SCHEMA);
                try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
                    if (schema == null) {
                        g.writeNull();
                    } else {
                        writer.writeSchema(g, schema);
                    }
                }
                bytes.write(ENVELOPE_PAYLOAD);
                start = bytes.toByteArray();
            }
            if (schema != null) {
                schemaJson.put(schema, start);
            }
        }
        lastRendered = new RenderedSchema(schema, start);
        return start;
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        if (config.schemasEnabled() && fixedSchema == null) {
            SchemaAndValue known = readPayloadOfSeenEnvelope(value);
            if (known != null) {
                return known;
            }
        }
        try (JsonParser p = MAPPER.createParser(value)) {
            JsonToken t = p.nextToken();
            if (!config.schemasEnabled()) {
                return new SchemaAndValue(null, reader.read(p, t, null));
            }
            if (fixedSchema != null) {
                return new SchemaAndValue(fixedSchema, reader.read(p, t, fixedSchema));
            }
            return readEnvelope(p, t, value);
        } catch (IOException e) {
            throw new DataException("Converting byte[] to Kafka Connect data failed due to serialization error: ", e);
        }
    }

    /**
     * {@code {"schema": ..., "payload": ...}} read in one pass when the schema comes first (as every JSON converter
     * writes it); a payload before its schema is read as a tree and converted once the schema is known; a name
     * given twice sends the whole message through the tree, where the last occurrence wins.
     */
    private SchemaAndValue readEnvelope(JsonParser p, JsonToken t, byte[] message) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw new DataException(REQUIRES_ENVELOPE);
        }
        boolean haveSchema = false;
        boolean havePayload = false;
        int payloadStart = -1;
        Schema schema = null;
        Object payload = null;
        JsonNode payloadTree = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken valueToken = p.nextToken();
            if (name.equals("schema") && !haveSchema) {
                haveSchema = true;
                schema = envelopeSchema(p, valueToken, message);
            } else if (name.equals("payload") && !havePayload) {
                havePayload = true;
                if (haveSchema) {
                    payloadStart = (int) p.currentTokenLocation().getByteOffset();
                    payload = reader.read(p, valueToken, schema);
                } else {
                    payloadTree = MAPPER.readTree(p);
                }
            } else if (name.equals("schema") || name.equals("payload")) {
                return readEnvelopeTree(message);
            } else {
                throw new DataException(REQUIRES_ENVELOPE);
            }
        }
        if (!haveSchema || !havePayload) {
            throw new DataException(REQUIRES_ENVELOPE);
        }
        if (payloadTree != null) {
            payload = readTree(payloadTree, schema);
        } else {
            lastEnvelope = new SeenEnvelope(Arrays.copyOf(message, payloadStart), schema);
        }
        return new SchemaAndValue(schema, payload);
    }

    /**
     * The message read with the schema of the last envelope read, when it starts with the very same bytes up to
     * its payload: the payload is parsed alone, and the schema neither tokenized nor hashed again. Null (the whole
     * message is then read) when the start differs, or the payload is a number (which Jackson does not end at a
     * brace when it is parsed alone), or anything but blanks and the envelope's closing brace follows it.
     */
    private SchemaAndValue readPayloadOfSeenEnvelope(byte[] message) {
        SeenEnvelope seen = lastEnvelope;
        if (seen == null || message.length <= seen.start().length
                || !Arrays.equals(message, 0, seen.start().length, seen.start(), 0, seen.start().length)) {
            return null;
        }
        int from = seen.start().length;
        byte first = message[from];
        if (first == '-' || (first >= '0' && first <= '9')) {
            return null;
        }
        try (JsonParser p = MAPPER.createParser(message, from, message.length - from)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return null;
            }
            Object payload = reader.read(p, t, seen.schema());
            int i = from + (int) p.currentLocation().getByteOffset();
            while (i < message.length && (message[i] == ' ' || message[i] == '\t' || message[i] == '\n'
                    || message[i] == '\r')) {
                i++;
            }
            return i < message.length && message[i] == '}' ? new SchemaAndValue(seen.schema(), payload) : null;
        } catch (IOException e) {
            // Malformed: the whole message is read again, and refused with the same words as any other.
            return null;
        }
    }

    private Schema envelopeSchema(JsonParser p, JsonToken t, byte[] message) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw new DataException("Schema must contain 'type' field");
        }
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        return envelopeSchemas.schema(message, start, end - start);
    }

    private SchemaAndValue readEnvelopeTree(byte[] message) throws IOException {
        JsonNode envelope = MAPPER.readTree(message);
        if (!envelope.isObject() || envelope.size() != 2 || !envelope.has("schema") || !envelope.has("payload")) {
            throw new DataException(REQUIRES_ENVELOPE);
        }
        Schema schema = envelopeSchemas.schema(envelope.get("schema"));
        return new SchemaAndValue(schema, readTree(envelope.get("payload"), schema));
    }

    private Object readTree(JsonNode tree, Schema schema) throws IOException {
        try (JsonParser p = tree.traverse(MAPPER)) {
            return reader.read(p, p.nextToken(), schema);
        }
    }
}
