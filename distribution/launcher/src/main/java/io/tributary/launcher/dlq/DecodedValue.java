package io.tributary.launcher.dlq;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.config.JobSpec.WireFormat;
import io.tributary.processor.event.BadEvent;
import io.tributary.processor.event.WireFraming;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A dead letter's value (or key), decoded as far as its bytes allow, saying what was found at each layer, e.g.
 * {@code JSON string > base64 > JSON}: what JsonConverter (schemas off) makes of a source's raw bytes. The layers
 * recognised are JsonConverter's envelope ({@code {"schema":…,"payload":…}}) and its base64 strings of bytes,
 * registry framing (magic byte 0 and a schema id, or Apicurio's id header: Avro, told by its schema id — the body is
 * shown as base64, not decoded), JSON and UTF-8 text. Whatever is not text ends as {@code binary} with its hex and
 * base64: the bytes are never hidden.
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
        List<String> layers = new ArrayList<>();
        if (value == null) {
            layers.add("null");
            return new DecodedValue(layers, null, null, null, null);
        }
        return decode(value, headers, layers, value);
    }

    String detected() {
        return String.join(" > ", layers);
    }

    private static DecodedValue decode(byte[] bytes, Headers headers, List<String> layers, byte[] original) {
        String framed = framing(bytes, headers);
        if (framed != null) {
            layers.add(framed);
            return new DecodedValue(layers, null, null, bytes, original);
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
                return decode(inner, null, layers, original);
            }
            layers.add("JSON");
            return new DecodedValue(layers, payload, null, null, original);
        }
        byte[] inner = base64(json);
        if (inner != null && readable(inner, headers)) {
            // JsonConverter with schemas off writes bytes as a JSON string of their base64.
            layers.add("JSON string");
            layers.add("base64");
            return decode(inner, null, layers, original);
        }
        layers.add("JSON");
        return new DecodedValue(layers, json, null, null, original);
    }

    /** "Avro, registry framing (global id 42)" when the value carries a schema id, else null. */
    private static String framing(byte[] bytes, Headers headers) {
        boolean header = headers != null && headers.lastHeader(WireFraming.GLOBAL_ID_HEADER) != null;
        if (!header && (bytes.length < 5 || bytes[0] != 0)) {
            return null;
        }
        try {
            WireFraming.SchemaId id = WireFraming.of(WireFormat.AUTO, headers == null
                    ? new org.apache.kafka.common.header.internals.RecordHeaders() : headers, bytes);
            return "registry-framed (" + (header ? WireFraming.GLOBAL_ID_HEADER + " header, " : "magic byte 0, ")
                    + id.describe() + "; Avro body of " + (bytes.length - id.offset()) + " bytes, not decoded)";
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
        return (text != null && HeaderText.printable(text)) || framing(inner, headers) != null;
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
