package io.tributary.connect.common.condition;

import java.math.BigDecimal;
import java.util.Collection;

/** How conditions compare a field's value with a constant: numbers by value, text by text. */
final class Values {

    private Values() {
    }

    static boolean isNumber(Object value) {
        return value instanceof Number || value instanceof java.util.Date;
    }

    static double asDouble(Object value) {
        return value instanceof java.util.Date ? ((java.util.Date) value).getTime() : ((Number) value).doubleValue();
    }

    private static boolean integral(Object value) {
        return value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof java.util.Date;
    }

    private static long asLong(Object value) {
        return value instanceof java.util.Date ? ((java.util.Date) value).getTime() : ((Number) value).longValue();
    }

    /** Equality across Java types: 3 equals 3.0, a string equals a string; nothing equals a value of another kind. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (isNumber(a) && isNumber(b)) {
            return compare(a, b) == 0;
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().equals(b.toString());
        }
        return a.equals(b);
    }

    /** Order of two numbers or two texts; {@code null} when they cannot be ordered. */
    static Integer compare(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (isNumber(a) && isNumber(b)) {
            if (integral(a) && integral(b)) {
                return Long.compare(asLong(a), asLong(b));
            }
            if (a instanceof BigDecimal && b instanceof BigDecimal) {
                return ((BigDecimal) a).compareTo((BigDecimal) b);
            }
            return Double.compare(asDouble(a), asDouble(b));
        }
        if (a instanceof CharSequence && b instanceof CharSequence) {
            return Integer.signum(a.toString().compareTo(b.toString()));
        }
        return null;
    }

    static boolean contains(Object container, Object element) {
        if (container instanceof CharSequence && element != null) {
            return container.toString().contains(element.toString());
        }
        if (container instanceof Collection) {
            for (Object item : (Collection<?>) container) {
                if (equal(item, element)) {
                    return true;
                }
            }
        }
        return false;
    }
}
