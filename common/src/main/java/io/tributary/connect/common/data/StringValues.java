package io.tributary.connect.common.data;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;

/** Typed values from text cells (CSV, query strings), against a primitive or logical Connect schema. */
public final class StringValues {

    private StringValues() {
    }

    /**
     * Converts a cell; an empty cell is null (or the default, or an error for a required field). Errors name the
     * column and the expected type, not the cell's text.
     */
    public static Object parse(Schema schema, String cell, String column) {
        if (cell == null || cell.isEmpty()) {
            if (schema.defaultValue() != null) {
                return schema.defaultValue();
            }
            if (schema.isOptional()) {
                return null;
            }
            if (schema.type() == Schema.Type.STRING && cell != null) {
                return cell;
            }
            throw new DataException("column '" + column + "' is required but empty");
        }
        try {
            if (schema.name() != null) {
                switch (schema.name()) {
                    case Decimal.LOGICAL_NAME:
                        return new BigDecimal(cell.trim()).setScale(
                                Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD)), RoundingMode.UNNECESSARY);
                    case Timestamp.LOGICAL_NAME:
                        return isInteger(cell) ? new java.util.Date(Long.parseLong(cell.trim()))
                                : java.util.Date.from(TimeParsing.instant(cell.trim()));
                    case Date.LOGICAL_NAME:
                        return java.util.Date.from(LocalDate.parse(cell.trim()).atStartOfDay(ZoneOffset.UTC).toInstant());
                    case Time.LOGICAL_NAME:
                        return new java.util.Date(LocalTime.parse(cell.trim()).toNanoOfDay() / 1_000_000L);
                    default:
                        break;
                }
            }
            switch (schema.type()) {
                case BOOLEAN:
                    if ("true".equalsIgnoreCase(cell.trim())) {
                        return Boolean.TRUE;
                    }
                    if ("false".equalsIgnoreCase(cell.trim())) {
                        return Boolean.FALSE;
                    }
                    throw new IllegalArgumentException();
                case INT8: return Byte.parseByte(cell.trim());
                case INT16: return Short.parseShort(cell.trim());
                case INT32: return Integer.parseInt(cell.trim());
                case INT64: return Long.parseLong(cell.trim());
                case FLOAT32: return Float.parseFloat(cell.trim());
                case FLOAT64: return Double.parseDouble(cell.trim());
                case STRING: return cell;
                case BYTES: return Base64.getDecoder().decode(cell.trim());
                default:
                    throw new DataException("column '" + column + "' has type " + schema.type()
                            + ", which a text cell cannot hold");
            }
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException("column '" + column + "' is not a valid "
                    + (schema.name() != null ? schema.name() : schema.type().name().toLowerCase(Locale.ROOT)));
        }
    }

    static boolean isInteger(String text) {
        String s = text.trim();
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        if (s.length() == start || s.length() - start > 18) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isDecimal(String text) {
        try {
            Double.parseDouble(text.trim());
            // Reject what Java accepts but CSV writers never mean as a number.
            return !text.contains("N") && !text.contains("n") && !text.endsWith("d") && !text.endsWith("f")
                    && !text.endsWith("D") && !text.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
