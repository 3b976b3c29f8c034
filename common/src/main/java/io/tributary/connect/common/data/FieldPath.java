package io.tributary.connect.common.data;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A path into a record value: {@code user.address.zip}, {@code items[2].sku}, {@code tags[0]}. Works on Connect
 * Structs and on schemaless Maps and Lists alike, so every plugin addresses nested data the same way.
 *
 * <p>Syntax: names separated by dots, each optionally followed by one or more {@code [index]}, or {@code [*]} for
 * every element of a list ({@code items[*].card}). A name containing a dot or bracket is written in backticks:
 * {@code `a.b`.c}. Paths are parsed once, at configuration time. {@link PathEditor} changes values at a path.
 */
public final class FieldPath {

    /** One step: a field name, a list index ({@code name} null), or every element ({@code index} {@link #ALL}). */
    public record Step(String name, int index) {
        public static final int ALL = -2;

        public boolean isIndex() {
            return name == null;
        }

        public boolean isWildcard() {
            return name == null && index == ALL;
        }

        @Override
        public String toString() {
            return isWildcard() ? "[*]" : isIndex() ? "[" + index + "]" : name;
        }
    }

    private final String text;
    private final List<Step> steps;

    private FieldPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = Collections.unmodifiableList(steps);
    }

    /** Parses a path; throws {@link IllegalArgumentException} saying where it is malformed. */
    public static FieldPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a field path cannot be empty");
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int n = text.length();
        boolean expectName = true;
        while (i < n) {
            char c = text.charAt(i);
            if (expectName) {
                StringBuilder name = new StringBuilder();
                if (c == '`') {
                    int close = text.indexOf('`', i + 1);
                    if (close < 0) {
                        throw malformed(text, i, "unclosed backtick");
                    }
                    name.append(text, i + 1, close);
                    i = close + 1;
                } else {
                    while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
                        name.append(text.charAt(i++));
                    }
                }
                if (name.length() == 0) {
                    throw malformed(text, i, "empty field name");
                }
                steps.add(new Step(name.toString(), -1));
                expectName = false;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw malformed(text, i, "unclosed '['");
                }
                String inside = text.substring(i + 1, close);
                if (inside.equals("*")) {
                    steps.add(new Step(null, Step.ALL));
                } else {
                    try {
                        int index = Integer.parseInt(inside);
                        if (index < 0) {
                            throw malformed(text, i, "negative index");
                        }
                        steps.add(new Step(null, index));
                    } catch (NumberFormatException e) {
                        throw malformed(text, i, "index must be a whole number or *");
                    }
                }
                i = close + 1;
            } else if (c == '.') {
                i++;
                if (i == n) {
                    throw malformed(text, i, "path ends with '.'");
                }
                expectName = true;
            } else {
                throw malformed(text, i, "unexpected '" + c + "'");
            }
        }
        return new FieldPath(text, steps);
    }

    private static IllegalArgumentException malformed(String text, int position, String why) {
        return new IllegalArgumentException("field path '" + text + "' is malformed at position " + position + ": " + why);
    }

    public List<Step> steps() {
        return steps;
    }

    public boolean hasWildcard() {
        for (Step step : steps) {
            if (step.isWildcard()) {
                return true;
            }
        }
        return false;
    }

    /** The last step's field name (null when the path ends in an index). */
    public String leafName() {
        return steps.get(steps.size() - 1).name();
    }

    /**
     * The value at this path in a Struct, Map or List, or null when any step is absent (a missing map key, a
     * field the struct's schema lacks, an index past the end, or a null on the way). With {@code [*]}, a list of
     * the values found under every element.
     */
    public Object get(Object root) {
        return get(root, 0);
    }

    private Object get(Object root, int from) {
        Object current = root;
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (current == null) {
                return null;
            }
            if (step.isWildcard()) {
                if (!(current instanceof List)) {
                    return null;
                }
                List<Object> found = new ArrayList<>();
                for (Object element : (List<?>) current) {
                    Object value = get(element, i + 1);
                    if (value != null) {
                        found.add(value);
                    }
                }
                return found;
            }
            current = step.isIndex() ? element(current, step.index()) : member(current, step.name());
        }
        return current;
    }

    /** The schema at this path inside {@code schema}, or null when the schema has no such field. */
    public org.apache.kafka.connect.data.Schema schemaAt(org.apache.kafka.connect.data.Schema schema) {
        org.apache.kafka.connect.data.Schema current = schema;
        for (Step step : steps) {
            if (current == null) {
                return null;
            }
            if (step.isIndex()) {
                current = current.type() == org.apache.kafka.connect.data.Schema.Type.ARRAY ? current.valueSchema() : null;
            } else if (current.type() == org.apache.kafka.connect.data.Schema.Type.STRUCT) {
                Field field = current.field(step.name());
                current = field == null ? null : field.schema();
            } else if (current.type() == org.apache.kafka.connect.data.Schema.Type.MAP) {
                current = current.valueSchema();
            } else {
                return null;
            }
        }
        return current;
    }

    private static Object member(Object container, String name) {
        if (container instanceof Struct) {
            Struct struct = (Struct) container;
            Field field = struct.schema().field(name);
            return field == null ? null : struct.get(field);
        }
        if (container instanceof Map) {
            return ((Map<?, ?>) container).get(name);
        }
        return null;
    }

    private static Object element(Object container, int index) {
        if (container instanceof List) {
            List<?> list = (List<?>) container;
            return index < list.size() ? list.get(index) : null;
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath && ((FieldPath) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
