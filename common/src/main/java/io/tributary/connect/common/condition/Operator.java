package io.tributary.connect.common.condition;

import java.util.Arrays;
import java.util.Optional;

/** The comparisons a condition can make. */
public enum Operator {
    EQ("="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), NOT_IN("not in"), EXISTS("exists"),
    REGEX("regex"), PREFIX("prefix"), CONTAINS("contains");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    static Optional<Operator> of(String symbol) {
        String s = symbol.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("==")) {
            return Optional.of(EQ);
        }
        return Arrays.stream(values()).filter(o -> o.symbol.equals(s)).findFirst();
    }

    static String list() {
        return String.join(", ", Arrays.stream(values()).map(o -> o.symbol).toList());
    }
}
