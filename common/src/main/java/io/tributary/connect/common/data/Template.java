package io.tributary.connect.common.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A text with {@code ${field.path}} placeholders filled from a record: lookup keys ({@code user_profile:${user_id}}),
 * topic names ({@code vip-${event_type}}). {@code ${topic}} is the record's topic unless the record has a field of
 * that name. Written by hand: a template language would be heavier than this one substitution.
 */
public final class Template {

    private final String text;
    private final List<Object> parts;
    /** The text itself when it has no placeholder: rendered without building a string per record. */
    private final String constant;

    private Template(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
        this.constant = parts.stream().anyMatch(p -> p instanceof FieldPath) ? null : text;
    }

    /** Parses a template; throws {@link IllegalArgumentException} saying where it is malformed. */
    public static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            if (open < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (open > i) {
                parts.add(text.substring(i, open));
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("template '" + text + "' has an unclosed '${' at position " + open);
            }
            String inner = text.substring(open + 2, close).trim();
            if (inner.isEmpty()) {
                throw new IllegalArgumentException("template '" + text + "' has an empty '${}' at position " + open);
            }
            parts.add(FieldPath.parse(inner));
            i = close + 1;
        }
        return new Template(text, parts);
    }

    public boolean hasPlaceholders() {
        return parts.stream().anyMatch(p -> p instanceof FieldPath);
    }

    /** Fills the placeholders from {@code value} (a Struct or Map); null when a placeholder's field is absent. */
    public String render(Object value, String topic) {
        if (constant != null) {
            return constant;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (Object part : parts) {
            if (part instanceof String) {
                out.append((String) part);
                continue;
            }
            FieldPath path = (FieldPath) part;
            Object found = path.get(value);
            if (found == null && "topic".equals(path.toString())) {
                found = topic;
            }
            if (found == null) {
                return null;
            }
            out.append(found);
        }
        return out.toString();
    }

    /** The placeholders' paths, for error messages. */
    public List<String> placeholders() {
        return parts.stream().filter(p -> p instanceof FieldPath).map(Object::toString).toList();
    }

    @Override
    public String toString() {
        return text;
    }
}
