package io.tributary.connect.transforms;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/** Records built by hand for transform tests. */
public final class Records {

    private Records() {
    }

    public static SourceRecord value(Object value) {
        return new SourceRecord(Map.of(), Map.of(), "events", null, null, null, null, value, 1_000L);
    }

    public static SourceRecord value(Schema schema, Object value) {
        return new SourceRecord(Map.of(), Map.of(), "events", null, null, null, schema, value, 1_000L);
    }

    public static SourceRecord key(Schema schema, Object key) {
        return new SourceRecord(Map.of(), Map.of(), "events", null, schema, key, null, "v", 1_000L);
    }

    /** A mutable map with the given key/value pairs, in order. */
    public static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static String header(SourceRecord record, String name) {
        org.apache.kafka.connect.header.Header header = record.headers().lastWithName(name);
        return header == null ? null : String.valueOf(header.value());
    }
}
