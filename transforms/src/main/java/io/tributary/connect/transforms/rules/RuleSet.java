package io.tributary.connect.transforms.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.Template;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.tributary.connect.common.text.Regex;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rules parsed from JSON, checked completely before use: an invalid rule is refused with its name and the reason,
 * so a bad rule never reaches a running task.
 *
 * <pre>{@code
 * [{"name": "vip-purchase", "priority": 10,
 *   "condition": {"all": [{"field": "event_type", "op": "=", "value": "purchase"},
 *                         {"field": "amount", "op": ">", "value": 100}]},
 *   "actions": [{"route": "vip-${event_type}"}, {"tag": "vip"}, {"stop": true}],
 *   "metadata": {"owner": "growth"}}]
 * }</pre>
 */
final class RuleSet {

    private final List<Rule> rules;

    private RuleSet(List<Rule> rules) {
        this.rules = rules;
    }

    List<Rule> rules() {
        return rules;
    }

    /** Parses rules; throws {@link IllegalArgumentException} naming the rule and what is wrong with it. */
    static RuleSet parse(String json) {
        JsonNode root;
        try {
            root = JsonData.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rules are not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (root != null && root.isObject() && root.has("rules")) {
            root = root.get("rules");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("rules must be a JSON array of rules (or {\"rules\": [...]})");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int position = 0;
        for (JsonNode node : root) {
            position++;
            String label = "rule #" + position;
            if (!node.isObject()) {
                throw new IllegalArgumentException(label + " is not an object");
            }
            JsonNode name = node.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw new IllegalArgumentException(label + " has no \"name\"");
            }
            label = "rule '" + name.asText() + "'";
            if (!names.add(name.asText())) {
                throw new IllegalArgumentException(label + " is defined twice");
            }
            try {
                rules.add(rule(node, name.asText(), position));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + ": " + e.getMessage());
            }
        }
        rules.sort(Comparator.comparingInt(Rule::priority).reversed().thenComparingInt(Rule::position));
        return new RuleSet(List.copyOf(rules));
    }

    private static Rule rule(JsonNode node, String name, int position) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("name", "priority", "condition", "actions", "metadata").contains(key)) {
                throw new IllegalArgumentException("unknown key \"" + key + "\" (a rule has name, priority, condition, "
                        + "actions, metadata)");
            }
        }
        JsonNode priority = node.get("priority");
        if (priority != null && !priority.canConvertToInt()) {
            throw new IllegalArgumentException("\"priority\" must be a whole number");
        }
        Condition condition = node.has("condition") ? condition(node.get("condition"), "condition") : new Condition.Always();
        JsonNode actions = node.get("actions");
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            throw new IllegalArgumentException("\"actions\" must be a non-empty array");
        }
        List<Action> parsed = new ArrayList<>();
        int i = 0;
        for (JsonNode action : actions) {
            parsed.add(action(action, "actions[" + i++ + "]"));
        }
        Map<String, Object> metadata = node.has("metadata")
                ? JsonData.MAPPER.convertValue(node.get("metadata"), JsonData.MAPPER.getTypeFactory()
                .constructMapType(java.util.LinkedHashMap.class, String.class, Object.class))
                : Map.of();
        return new Rule(name, priority == null ? 0 : priority.asInt(), position, condition, List.copyOf(parsed), metadata);
    }

    static Condition condition(JsonNode node, String where) {
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
                conditions.add(condition(child, where + "." + kind + "[" + i++ + "]"));
            }
            return kind.equals("all") ? new Condition.All(conditions) : new Condition.Any(conditions);
        }
        if (node.has("not")) {
            return new Condition.Not(condition(node.get("not"), where + ".not"));
        }
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
            throw new IllegalArgumentException(where + ": operator '" + operator.symbol + "' needs a \"value\"");
        }
        Object operand = value == null ? null : constant(value);
        Pattern pattern = null;
        switch (operator) {
            case IN, NOT_IN -> {
                if (!value.isArray()) {
                    throw new IllegalArgumentException(where + ": operator '" + operator.symbol + "' needs an array value");
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
                    throw new IllegalArgumentException(where + ": operator '" + operator.symbol
                            + "' needs a number or text value");
                }
            }
            default -> {
            }
        }
        return new Condition.Compare(path, topic, operator, operand, pattern == null ? null : new Regex(pattern));
    }

    private static Action action(JsonNode node, String where) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException(where + " must be an object with exactly one of route, drop, set, "
                    + "remove, header, tag, stop");
        }
        String kind = node.fieldNames().next();
        JsonNode arg = node.get(kind);
        try {
            switch (kind) {
                case "route":
                    return new Action.Route(Template.parse(text(arg, "route")));
                case "drop":
                    return new Action.Drop();
                case "stop":
                    return new Action.Stop();
                case "remove":
                    return new Action.RemoveField(FieldPath.parse(text(arg, "remove")));
                case "tag":
                    return new Action.Tag(text(arg, "tag"));
                case "set":
                    if (!arg.isObject() || !arg.has("field") || !arg.has("value")) {
                        throw new IllegalArgumentException("set needs {\"field\": ..., \"value\": ...}");
                    }
                    return new Action.SetField(FieldPath.parse(text(arg.get("field"), "set.field")), arg.get("value"));
                case "header":
                    if (!arg.isObject() || !arg.has("name") || !arg.has("value")) {
                        throw new IllegalArgumentException("header needs {\"name\": ..., \"value\": ...}");
                    }
                    return new Action.AddHeader(text(arg.get("name"), "header.name"),
                            Template.parse(text(arg.get("value"), "header.value")));
                default:
                    throw new IllegalArgumentException("unknown action '" + kind + "' (known: route, drop, set, "
                            + "remove, header, tag, stop)");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String what) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(what + " needs a text value");
        }
        return node.asText();
    }

    /** A JSON constant as the Java value records hold: Long, Double, String, Boolean, List, null. */
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

    static Object constant(JsonNode node) {
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
