package io.tributary.connect.transforms.rules;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code Rules} transform's condition language for other parts of Tributary (the stateful processor's
 * {@code where} and {@code route} steps), so a condition reads and behaves the same everywhere: comparisons of a
 * field ({@code {"field": "amount", "op": ">", "value": 100}}, or {@code $topic}) combined with all/any/not.
 */
public final class Conditions {

    /** A parsed condition over a record's value (a JSON map or a Struct) and its topic. */
    @FunctionalInterface
    public interface Test {
        boolean test(Object value, String topic);
    }

    private Conditions() {
    }

    /**
     * Parses a condition; throws {@link IllegalArgumentException} naming {@code where} and what is wrong, as the
     * transform does for a rule.
     */
    public static Test parse(JsonNode condition, String where) {
        Condition parsed = RuleSet.condition(condition, where);
        return parsed::test;
    }
}
