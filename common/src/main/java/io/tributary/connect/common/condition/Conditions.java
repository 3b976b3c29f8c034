package io.tributary.connect.common.condition;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.text.Regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The condition language of Tributary, read from JSON (or YAML read as JSON), so a condition reads and behaves the
 * same everywhere — the {@code Rules} transform's rules, the stateful processor's {@code where} and {@code route}
 * steps: comparisons of a field ({@code {"field": "amount", "op": ">", "value": 100}}, or {@code $topic}) combined
 * with all/any/not.
 */
public final class Conditions {

    private Conditions() {
    }

    /** The condition of a rule without one: every record meets it. */
    public static Condition always() {
        return new Condition.Always();
    }

    /**
     * Parses a condition, checked completely; throws {@link IllegalArgumentException} naming {@code where} (and the
     * path below it: {@code condition.all[1]}) and what is wrong.
     */
    public static Condition parse(JsonNode node, String where) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        if (node.has("all") || node.has("any")) {
            String kind = node.has("all") ? "all" : "any";
            JsonNode list = node.get(kind);
            if (!list.isArray() || list.isEmpty()) {
                throw new IllegalArgumentException(where + "." + kind + " must be a non-empty array of conditions");
            }
            List<Condition> conditions = new ArrayList<>();
            int i = 0;
            for (JsonNode child : list) {
                conditions.add(parse(child, where + "." + kind + "[" + i++ + "]"));
            }
            return kind.equals("all") ? new Condition.All(conditions) : new Condition.Any(conditions);
        }
        if (node.has("not")) {
            return new Condition.Not(parse(node.get("not"), where + ".not"));
        }
        return compare(node, where);
    }

    private static Condition compare(JsonNode node, String where) {
        JsonNode field = node.get("field");
        JsonNode op = node.get("op");
        if (field == null || !field.isTextual() || op == null || !op.isTextual()) {
            throw new IllegalArgumentException(where + " needs \"field\" and \"op\" (or all/any/not)");
        }
        Operator operator = Operator.of(op.asText()).orElseThrow(() -> new IllegalArgumentException(
                where + ": operator '" + op.asText() + "' is unknown (known: " + Operator.list() + ")"));
        boolean topic = field.asText().equals("$topic");
        FieldPath path;
        try {
            path = topic ? null : FieldPath.parse(field.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
        JsonNode value = node.get("value");
        if (operator != Operator.EXISTS && value == null) {
            throw new IllegalArgumentException(where + ": operator '" + operator.symbol() + "' needs a \"value\"");
        }
        Object operand = value == null ? null : constant(value);
        Pattern pattern = null;
        switch (operator) {
            case IN, NOT_IN -> {
                if (!value.isArray()) {
                    throw new IllegalArgumentException(where + ": operator '" + operator.symbol() + "' needs an array value");
                }
            }
            case REGEX -> {
                if (!value.isTextual()) {
                    throw new IllegalArgumentException(where + ": regex needs a text value");
                }
                try {
                    pattern = Pattern.compile(searchable(value.asText()));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException(where + ": invalid regex (" + e.getDescription() + ")");
                }
            }
            case PREFIX -> {
                if (!value.isTextual()) {
                    throw new IllegalArgumentException(where + ": prefix needs a text value");
                }
            }
            case LT, LE, GT, GE -> {
                if (!value.isNumber() && !value.isTextual()) {
                    throw new IllegalArgumentException(where + ": operator '" + operator.symbol()
                            + "' needs a number or text value");
                }
            }
            default -> {
            }
        }
        return new Condition.Compare(path, topic, operator, operand, pattern == null ? null : new Regex(pattern));
    }

    /**
     * A regex as {@code find()} uses it, without a leading {@code .*}: "matches somewhere" is the same with or
     * without it, and without it a miss costs one pass over the text instead of one per start position (a
     * {@code .*@example\.com$} on a 40-character field was the most expensive condition of a rule set).
     */
    static String searchable(String regex) {
        if (regex.startsWith(".*?")) {
            return regex.substring(3);
        }
        if (regex.startsWith(".*") && !regex.startsWith(".*+")) {
            return regex.substring(2);
        }
        return regex;
    }

    /** A JSON constant as the Java value records hold: Long, Double, String, Boolean, List, Map, null. */
    public static Object constant(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(constant(element)));
            return list;
        }
        if (node.isNull()) {
            return null;
        }
        return JsonData.MAPPER.convertValue(node, Map.class);
    }
}
