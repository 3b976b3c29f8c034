package io.tributary.connect.sink.http.template;

import io.tributary.connect.common.data.FieldPath;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * A text with {@code {{placeholder}}} parts filled from a sink record: {@code {{topic}}}, {@code {{partition}}},
 * {@code {{offset}}}, {@code {{timestamp}}} (epoch milliseconds), {@code {{key}}}, {@code {{key.<path>}}},
 * {@code {{value}}}, {@code {{value.<path>}}} ({@link FieldPath} syntax, Struct or schemaless Map alike). The topic
 * and partition are the record's after the connector's transforms (a router chooses the URL); the offset is the one
 * it was read at.
 *
 * <p>Written by hand rather than with a template engine (Mustache, Handlebars): those resolve names through Java
 * bean reflection rather than Connect Structs, render a missing field as an empty string (a request to the wrong URL
 * instead of a dead letter), and escape for HTML, while each of our three places needs its own encoding
 * ({@link Encoding}). Common's {@code Template} has a different syntax ({@code ${...}}) and no record metadata.
 */
public final class RecordTemplate {

    /** How a placeholder's value is written where the template is used. */
    public enum Encoding {
        /** Percent-encoded (RFC 3986 unreserved characters kept), so a value stays inside its URL part. */
        URL,
        /**
         * As text; only printable ASCII and tabs (a CR or LF would smuggle in a header, and the JDK client would
         * send other characters as '?').
         */
        HEADER,
        /** As JSON: strings quoted, Structs and maps as objects. */
        JSON
    }

    private enum Root { TOPIC, PARTITION, OFFSET, TIMESTAMP, KEY, VALUE }

    private record Placeholder(String text, int position, Root root, FieldPath path) {
    }

    private final String text;
    private final String name;
    private final List<Object> parts;
    private final RecordJson json;

    private RecordTemplate(String text, String name, List<Object> parts, RecordJson json) {
        this.text = text;
        this.name = name;
        this.parts = parts;
        this.json = json;
    }

    /** {@link #parse(String, String, RecordJson)} with decimals as numbers and times as ISO-8601. */
    public static RecordTemplate parse(String name, String text) {
        return parse(name, text, RecordJson.DEFAULT);
    }

    /**
     * Parses {@code text}; {@code name} (the config key) is used in errors. Throws {@link IllegalArgumentException}
     * naming the key and the position of what is malformed. Placeholders' values are written by {@code json}.
     */
    public static RecordTemplate parse(String name, String text, RecordJson json) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw malformed(name, text, open, "'{{' is not closed by '}}'");
            }
            parts.add(placeholder(name, text, open, text.substring(open + 2, close).trim()));
            i = close + 2;
        }
        return new RecordTemplate(text, name, parts, json);
    }

    private static Placeholder placeholder(String name, String text, int position, String inner) {
        if (inner.isEmpty()) {
            throw malformed(name, text, position, "empty placeholder");
        }
        int dot = inner.indexOf('.');
        String head = dot < 0 ? inner : inner.substring(0, dot);
        Root root;
        try {
            root = Root.valueOf(head.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw malformed(name, text, position, "unknown placeholder '" + inner + "' (use topic, partition, "
                    + "offset, timestamp, key, key.<path>, value or value.<path>)");
        }
        FieldPath path = null;
        if (dot >= 0) {
            if (root != Root.KEY && root != Root.VALUE) {
                throw malformed(name, text, position, "'" + head + "' has no fields");
            }
            try {
                path = FieldPath.parse(inner.substring(dot + 1));
            } catch (IllegalArgumentException e) {
                throw malformed(name, text, position, e.getMessage());
            }
        }
        return new Placeholder(inner, position, root, path);
    }

    private static IllegalArgumentException malformed(String name, String text, int position, String why) {
        return new IllegalArgumentException(name + " template '" + text + "' is malformed at position " + position
                + ": " + why);
    }

    public boolean hasPlaceholders() {
        return parts.stream().anyMatch(p -> p instanceof Placeholder);
    }

    /**
     * Fills the placeholders from {@code record}. Throws {@link DataException} naming the placeholder and the record
     * (never its content) when a field is absent or null, or a value cannot be written.
     */
    public String render(SinkRecord record, Encoding encoding) {
        StringBuilder out = new StringBuilder(text.length() + 32);
        for (Object part : parts) {
            if (part instanceof String literal) {
                out.append(literal);
            } else {
                out.append(fill((Placeholder) part, record, encoding));
            }
        }
        return out.toString();
    }

    private String fill(Placeholder p, SinkRecord record, Encoding encoding) {
        Object value = switch (p.root()) {
            case TOPIC -> record.topic();
            case PARTITION -> record.kafkaPartition();
            case OFFSET -> record.originalKafkaOffset();
            case TIMESTAMP -> record.timestamp();
            case KEY -> p.path() == null ? record.key() : p.path().get(record.key());
            case VALUE -> p.path() == null ? record.value() : p.path().get(record.value());
        };
        boolean whole = p.path() == null && (p.root() == Root.KEY || p.root() == Root.VALUE);
        if (value == null && !(whole && encoding == Encoding.JSON)) {
            throw new DataException("placeholder {{" + p.text() + "}} at position " + p.position() + " of " + name
                    + " has no value in record " + RecordJson.describe(record));
        }
        org.apache.kafka.connect.data.Schema schema = schemaOf(p, record);
        return switch (encoding) {
            case JSON -> json.write(schema, value);
            case URL -> PercentEncoding.encode(json.text(schema, value));
            case HEADER -> headerSafe(p, record, json.text(schema, value));
        };
    }

    private static org.apache.kafka.connect.data.Schema schemaOf(Placeholder p, SinkRecord record) {
        org.apache.kafka.connect.data.Schema top = p.root() == Root.KEY ? record.keySchema()
                : p.root() == Root.VALUE ? record.valueSchema() : null;
        if (top == null || p.path() == null) {
            return top;
        }
        return p.path().schemaAt(top);
    }

    private String headerSafe(Placeholder p, SinkRecord record, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                throw new DataException("placeholder {{" + p.text() + "}} of " + name + " has a character a header "
                        + "value cannot hold (a line break, a control or non-ASCII character) in record "
                        + RecordJson.describe(record));
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return text;
    }
}
