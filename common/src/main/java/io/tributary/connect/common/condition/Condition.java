package io.tributary.connect.common.condition;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.text.Regex;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * A condition over a record's value (a JSON map or a Struct) and its topic: comparisons of field values, combined
 * with all/any/not. Parsed by {@link Conditions#parse}; the same language for the {@code Rules} transform's rules and
 * the stateful processor's {@code where} and {@code route} steps.
 */
public sealed interface Condition {

    boolean test(Object value, String topic);

    record All(List<Condition> conditions) implements Condition {
        @Override
        public boolean test(Object value, String topic) {
            for (Condition c : conditions) {
                if (!c.test(value, topic)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Any(List<Condition> conditions) implements Condition {
        @Override
        public boolean test(Object value, String topic) {
            for (Condition c : conditions) {
                if (c.test(value, topic)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Object value, String topic) {
            return !condition.test(value, topic);
        }
    }

    /** Always true: a rule without a condition applies to every record. */
    record Always() implements Condition {
        @Override
        public boolean test(Object value, String topic) {
            return true;
        }
    }

    /**
     * A comparison of one field (or {@code $topic}) with a constant. {@code pattern} is the compiled regex for
     * {@link Operator#REGEX}; {@code operand} a list for {@code in} / {@code not in}.
     */
    record Compare(FieldPath field, boolean topicField, Operator op, Object operand, Regex pattern)
            implements Condition {
        @Override
        public boolean test(Object value, String topic) {
            Object actual = topicField ? topic : field.get(value);
            switch (op) {
                case EXISTS: return actual != null;
                case EQ: return Values.equal(actual, operand);
                case NE: return !Values.equal(actual, operand);
                case LT: return order(actual, c -> c < 0);
                case LE: return order(actual, c -> c <= 0);
                case GT: return order(actual, c -> c > 0);
                case GE: return order(actual, c -> c >= 0);
                case IN: return Values.contains(operand, actual);
                case NOT_IN: return actual != null && !Values.contains(operand, actual);
                case REGEX: return actual instanceof CharSequence && pattern.find((CharSequence) actual);
                case PREFIX: return actual instanceof CharSequence && actual.toString().startsWith((String) operand);
                case CONTAINS: return Values.contains(actual, operand);
                default: return false;
            }
        }

        private boolean order(Object actual, IntPredicate accept) {
            Integer c = Values.compare(actual, operand);
            return c != null && accept.test(c);
        }
    }
}
