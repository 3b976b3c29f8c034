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
 * <p>Syntax: names separated by dots, each optionally followed by one or more {@code [index]}. A name containing a
 * dot or bracket is written in backticks: {@code `a.b`.c}. Paths are parsed once, at configuration time.
 */
public final class FieldPath {

    /** One step: a field name, or a list index when {@code name} is null. */
    public record Step(String name, int index) {
        public boolean isIndex() {
            return name == null;
        }

        @Override
        public String toString() {
            return isIndex() ? "[" + index + "]" : name;
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
                try {
                    int index = Integer.parseInt(text.substring(i + 1, close));
                    if (index < 0) {
                        throw malformed(text, i, "negative index");
                    }
                    steps.add(new Step(null, index));
                } catch (NumberFormatException e) {
                    throw malformed(text, i, "index must be a whole number");
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

    /**
     * The value at this path in a Struct, Map or List, or null when any step is absent (a missing map key, a
     * field the struct's schema lacks, an index past the end, or a null on the way).
     */
    public Object get(Object root) {
        Object current = root;
        for (Step step : steps) {
            if (current == null) {
                return null;
            }
            current = step.isIndex() ? element(current, step.index()) : member(current, step.name());
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
