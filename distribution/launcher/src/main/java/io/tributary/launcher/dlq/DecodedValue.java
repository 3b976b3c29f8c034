package io.tributary.launcher.dlq;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.config.JobSpec.WireFormat;
import io.tributary.processor.event.BadEvent;
import io.tributary.processor.event.WireFraming;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A dead letter's value (or key), decoded as far as its bytes allow, saying what was found at each layer, e.g.
 * {@code JSON string > base64 > JSON}: what JsonConverter (schemas off) makes of a source's raw bytes. The layers
 * recognised are JsonConverter's envelope ({@code {"schema":…,"payload":…}}) and its base64 strings of bytes,
 * registry framing (magic byte 0 and a schema id, or Apicurio's id header: Avro, decoded with the writer schema when
 * {@link WriterSchemas} has it, else told by its schema id with the body kept as bytes), JSON and UTF-8 text.
 * Whatever is not text ends as {@code binary} with its hex and base64: the bytes are never hidden.
 *
 * @param layers   what was recognised, outermost first
 * @param json     the innermost JSON, when the value ends in JSON
 * @param text     the innermost text, when it ends in text that is not JSON
 * @param bytes    the innermost bytes, when it ends in bytes that are not text (binary, or an Avro body)
 * @param original the value's bytes as stored
 */
record DecodedValue(List<String> layers, JsonNode json, String text, byte[] bytes, byte[] original) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static DecodedValue of(byte[] value, Headers headers) {
        return of(value, headers, null);
    }

    /** {@code schemas}: where registry-framed Avro finds its writer schema; null to leave Avro bodies as bytes. */
    static DecodedValue of(byte[] value, Headers headers, WriterSchemas schemas) {
        List<String> layers = new ArrayList<>();
        if (value == null) {
            layers.add("null");
            return new DecodedValue(layers, null, null, null, null);
        }
        return decode(value, headers, layers, value, schemas);
    }

    String detected() {
        return String.join(" > ", layers);
    }

    private static DecodedValue decode(byte[] bytes, Headers headers, List<String> layers, byte[] original,
                                       WriterSchemas schemas) {
        WireFraming.SchemaId id = schemaId(bytes, headers);
        if (id != null) {
            return avro(bytes, headers, id, layers, original, schemas);
        }
        String text = HeaderText.utf8(bytes);
        if (text == null || !HeaderText.printable(text)) {
            layers.add("binary (" + bytes.length + " bytes)");
            return new DecodedValue(layers, null, null, bytes, original);
        }
        JsonNode json = json(text);
        if (json == null) {
            layers.add("text");
            return new DecodedValue(layers, null, text, null, original);
        }
        if (json.isObject() && json.size() == 2 && json.has("schema") && json.has("payload")) {
            String type = json.path("schema").path("type").asText("?");
            layers.add("JsonConverter envelope (schema type " + type + ")");
            JsonNode payload = json.get("payload");
            byte[] inner = "bytes".equals(type) ? base64(payload) : null;
            if (inner != null) {
                layers.add("base64");
                return decode(inner, null, layers, original, schemas);
            }
            layers.add("JSON");
            return new DecodedValue(layers, payload, null, null, original);
        }
        byte[] inner = base64(json);
        if (inner != null && readable(inner, headers)) {
            // JsonConverter with schemas off writes bytes as a JSON string of their base64.
            layers.add("JSON string");
            layers.add("base64");
            return decode(inner, null, layers, original, schemas);
        }
        layers.add("JSON");
        return new DecodedValue(layers, json, null, null, original);
    }

    /**
     * "registry-framed (magic byte 0, global id 42)", then the Avro body decoded with its writer schema (as Avro's
     * JSON-like text, parsed as JSON when it is) or, without the schema, kept as bytes.
     */
    private static DecodedValue avro(byte[] bytes, Headers headers, WireFraming.SchemaId id, List<String> layers,
                                     byte[] original, WriterSchemas schemas) {
        boolean header = headers != null && headers.lastHeader(WireFraming.GLOBAL_ID_HEADER) != null;
        int body = bytes.length - id.offset();
        String framing = "registry-framed (" + (header ? WireFraming.GLOBAL_ID_HEADER + " header, " : "magic byte 0, ")
                + id.describe() + ")";
        Schema schema = null;
        String unknown = schemas == null ? "no --registry" : null;
        if (schemas != null) {
            try {
                schema = schemas.of(id);
                unknown = schema == null ? "the registry has no schema of " + id.describe() : null;
            } catch (RuntimeException e) {
                unknown = "the registry did not answer: " + e.getMessage();
            }
        }
        if (schema == null) {
            layers.add(framing);
            layers.add("Avro body of " + body + " bytes, not decoded (" + unknown + ")");
            return new DecodedValue(layers, null, null, Arrays.copyOfRange(bytes, id.offset(), bytes.length), original);
        }
        try {
            Object datum = new GenericDatumReader<>(schema).read(null,
                    DecoderFactory.get().binaryDecoder(bytes, id.offset(), body, null));
            layers.add(framing);
            layers.add("Avro (" + schema.getFullName() + ")");
            String text = GenericData.get().toString(datum);
            JsonNode json = json(text);
            return json != null ? new DecodedValue(layers, json, null, null, original)
                    : new DecodedValue(layers, null, text, null, original);
        } catch (IOException | RuntimeException e) {
            layers.add(framing);
            layers.add("Avro body of " + body + " bytes that " + schema.getFullName() + " cannot read (" + e + ")");
            return new DecodedValue(layers, null, null, Arrays.copyOfRange(bytes, id.offset(), bytes.length), original);
        }
    }

    /** The schema id a registry-framed value carries, else null. */
    private static WireFraming.SchemaId schemaId(byte[] bytes, Headers headers) {
        boolean header = headers != null && headers.lastHeader(WireFraming.GLOBAL_ID_HEADER) != null;
        if (!header && (bytes.length < 5 || bytes[0] != 0)) {
            return null;
        }
        try {
            return WireFraming.of(WireFormat.AUTO, headers == null
                    ? new org.apache.kafka.common.header.internals.RecordHeaders() : headers, bytes);
        } catch (BadEvent notFramed) {
            return null;
        }
    }

    /**
     * A JSON string that is base64 is taken for bytes only when they read as text or are registry-framed: a short
     * ordinary string ("test") is valid base64 too, and is better shown as the string.
     */
    private static boolean readable(byte[] inner, Headers headers) {
        String text = HeaderText.utf8(inner);
        return (text != null && HeaderText.printable(text)) || schemaId(inner, headers) != null;
    }

    private static byte[] base64(JsonNode node) {
        if (node == null || !node.isTextual() || node.asText().isEmpty() || node.asText().length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static JsonNode json(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        char first = trimmed.charAt(0);
        // Only objects, arrays and strings: "42" or "true" as text say the same.
        if (first != '{' && first != '[' && first != '"') {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (IOException notJson) {
            return null;
        }
    }
}
