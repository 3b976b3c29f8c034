package io.tributary.connect.common.data;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON array and map cases that {@link JsonData#toConnect} and {@link JsonStructs} read alike, once: the node's
 * kind checked, each element read by the caller at its path, errors worded by the caller's {@link Places} (one calls
 * the top level "the value", the other "the event").
 */
final class JsonContainers {

    /** Reads one element of an array or map at its path. */
    interface Reader {
        Object read(Schema schema, JsonNode node, String path);
    }

    /**
     * How a reader names a place in its errors: {@code top} for the whole value, "field 'a.b'" below it; and the path
     * of a map entry, whose key follows a dot, also at the top when {@code dotBeforeTopKey} (JsonData's wording).
     */
    record Places(String top, boolean dotBeforeTopKey) {
        String describe(String path) {
            return path.isEmpty() ? top : "field '" + path + "'";
        }

        String entry(String path, String key) {
            return path.isEmpty() && !dotBeforeTopKey ? key : path + "." + key;
        }
    }

    private JsonContainers() {
    }

    /** A JSON array as a list of the schema's value schema. */
    static List<Object> array(Schema schema, JsonNode node, String path, Reader reader, Places places) {
        if (!node.isArray()) {
            throw mismatch(places, path, "an array", node);
        }
        List<Object> list = new ArrayList<>(node.size());
        int i = 0;
        for (JsonNode element : node) {
            list.add(reader.read(schema.valueSchema(), element, path + "[" + i++ + "]"));
        }
        return list;
    }

    /** A JSON object as a map of string keys (the only keys JSON has) to the schema's value schema. */
    static Map<String, Object> map(Schema schema, JsonNode node, String path, Reader reader, Places places) {
        if (!node.isObject()) {
            throw mismatch(places, path, "an object", node);
        }
        if (schema.keySchema().type() != Schema.Type.STRING) {
            throw new DataException(places.describe(path) + ": JSON object keys are strings, the schema wants "
                    + schema.keySchema().type());
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), reader.read(schema.valueSchema(), e.getValue(), places.entry(path, e.getKey())));
        }
        return map;
    }

    /** "{place} should be {expected} but is a JSON {kind}". */
    static DataException mismatch(Places places, String path, String expected, JsonNode actual) {
        return new DataException(places.describe(path) + " should be " + expected + " but is a JSON " + kind(actual));
    }

    /** The JSON kind of a node, in lower case: object, array, string, number, boolean, null. */
    static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
