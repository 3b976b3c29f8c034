package io.tributary.connect.transforms.validate;

import io.tributary.connect.common.time.Rfc3339;

/**
 * Format checks for {@link JsonSchemaFastPath}: strict subsets of what JSON Schema's formats allow, so that a value
 * they accept is one every validator accepts. A value they decline goes to the full validator.
 */
final class StrictFormats {

    private StrictFormats() {
    }

    static boolean dateTime(String s) {
        return Rfc3339.epochMillis(s) != Rfc3339.INVALID;
    }

    static boolean date(String s) {
        return Rfc3339.isDate(s);
    }

    /** 8-4-4-4-12 hexadecimal digits. */
    static boolean uuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
