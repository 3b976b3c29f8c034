package io.tributary.connect.transforms.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.condition.Condition;
import io.tributary.connect.common.condition.Conditions;
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
        Condition condition = node.has("condition") ? Conditions.parse(node.get("condition"), "condition")
                : Conditions.always();
        JsonNode actions = node.get("actions");
        if (actions == null || !actions.isArray() || actions.isEmpty()) {
            throw new IllegalArgumentException("\"actions\" must be a non-empty array");
        }
        List<RuleAction> parsed = new ArrayList<>();
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

    private static RuleAction action(JsonNode node, String where) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException(where + " must be an object with exactly one of route, drop, set, "
                    + "remove, header, tag, stop");
        }
        String kind = node.fieldNames().next();
        JsonNode arg = node.get(kind);
        try {
            switch (kind) {
                case "route":
                    return new RuleAction.Route(Template.parse(text(arg, "route")));
                case "drop":
                    return new RuleAction.Drop();
                case "stop":
                    return new RuleAction.Stop();
                case "remove":
                    return new RuleAction.RemoveField(FieldPath.parse(text(arg, "remove")));
                case "tag":
                    return new RuleAction.Tag(text(arg, "tag"));
                case "set":
                    if (!arg.isObject() || !arg.has("field") || !arg.has("value")) {
                        throw new IllegalArgumentException("set needs {\"field\": ..., \"value\": ...}");
                    }
                    return new RuleAction.SetField(FieldPath.parse(text(arg.get("field"), "set.field")), arg.get("value"));
                case "header":
                    if (!arg.isObject() || !arg.has("name") || !arg.has("value")) {
                        throw new IllegalArgumentException("header needs {\"name\": ..., \"value\": ...}");
                    }
                    return new RuleAction.AddHeader(text(arg.get("name"), "header.name"),
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
}
