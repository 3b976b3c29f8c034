package io.tributary.connect.sink.clickhouse.convert;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.function.Function;

import static io.tributary.connect.sink.clickhouse.convert.WriterFactory.incompatible;

/**
 * Integers (8 to 256 bits, signed and unsigned), Float32/64, Decimal and Bool. A value that does not fit the column
 * is refused, never wrapped around or clamped.
 *
 * <p>Into integer columns go integers, booleans (0/1), whole Decimals and floats, integer text, and the logical
 * temporal types as their Connect numbers: Date as days, Time as milliseconds of the day, Timestamp as epoch
 * milliseconds. Decimals are rescaled to the column's scale, rounding half up.
 */
final class NumericWriters {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private NumericWriters() {
    }

    static ValueWriter integer(SourceKind from, ClickHouseType type, String where) {
        Function<Object, Number> source = integerSource(from, type, where);
        IntegerRange range = new IntegerRange(type);
        int width = type.kind().bits() / 8;
        return (out, value) -> {
            Number number = source.apply(value);
            if (number instanceof Long) {
                long v = number.longValue();
                if (!range.contains(v)) {
                    throw range.error(where);
                }
                writeLong(out, v, width);
            } else {
                BigInteger v = (BigInteger) number;
                if (!range.contains(v)) {
                    throw range.error(where);
                }
                if (width <= 8) {
                    writeLong(out, v.longValue(), width);
                } else {
                    out.writeBigInteger(v, width);
                }
            }
        };
    }

    private static void writeLong(RowBuffer out, long value, int width) {
        switch (width) {
            case 1 -> out.writeByte((int) value);
            case 2 -> out.writeShort((int) value);
            case 4 -> out.writeInt((int) value);
            case 8 -> out.writeLong(value);
            default -> out.writeBigInteger(BigInteger.valueOf(value), width);
        }
    }

    /** Long where the value always fits one, BigInteger where it may not. */
    private static Function<Object, Number> integerSource(SourceKind from, ClickHouseType type, String where) {
        switch (from) {
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                return value -> ((Number) value).longValue();
            case BOOLEAN:
                return value -> (Boolean) value ? 1L : 0L;
            case DATE:
                return value -> Math.floorDiv(((java.util.Date) value).getTime(), MILLIS_PER_DAY);
            case TIME:
            case TIMESTAMP:
                return value -> ((java.util.Date) value).getTime();
            case DECIMAL:
                return value -> wholeNumber((BigDecimal) value, where);
            case FLOAT32:
            case FLOAT64:
                return value -> {
                    double d = ((Number) value).doubleValue();
                    if (!Double.isFinite(d) || d != Math.rint(d)) {
                        throw new ConversionException(where, "not a whole number, the column is " + type);
                    }
                    return Math.abs(d) < 0x1p62 ? (Number) (long) d : new BigDecimal(d).toBigInteger();
                };
            case STRING:
                return value -> parseInteger((String) value, type, where);
            default:
                throw incompatible(from, type, where);
        }
    }

    private static BigInteger wholeNumber(BigDecimal value, String where) {
        try {
            return value.toBigIntegerExact();
        } catch (ArithmeticException fractional) {
            throw new ConversionException(where, "the decimal has a fractional part, the column is an integer");
        }
    }

    private static Number parseInteger(String text, ClickHouseType type, String where) {
        String trimmed = text.trim();
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException notLong) {
            try {
                return new BigDecimal(trimmed).toBigIntegerExact();
            } catch (NumberFormatException | ArithmeticException notInteger) {
                throw new ConversionException(where, "the text is not an integer, the column is " + type);
            }
        }
    }

    static ValueWriter floating(SourceKind from, ClickHouseType type, String where) {
        Function<Object, Double> source = switch (from) {
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64 -> value -> ((Number) value).doubleValue();
            case DECIMAL -> value -> ((BigDecimal) value).doubleValue();
            case BOOLEAN -> value -> (Boolean) value ? 1.0 : 0.0;
            case STRING -> value -> parseDouble((String) value, type, where);
            default -> throw incompatible(from, type, where);
        };
        if (type.kind() == ClickHouseType.Kind.FLOAT64) {
            return (out, value) -> out.writeDouble(source.apply(value));
        }
        return (out, value) -> {
            double d = source.apply(value);
            float f = (float) d;
            if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                throw new ConversionException(where, "out of range for Float32");
            }
            out.writeFloat(f);
        };
    }

    private static double parseDouble(String text, ClickHouseType type, String where) {
        String trimmed = text.trim();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "+inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        try {
            return Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            throw new ConversionException(where, "the text is not a number, the column is " + type);
        }
    }

    static ValueWriter decimal(SourceKind from, ClickHouseType type, String where) {
        Function<Object, BigDecimal> source = switch (from) {
            case DECIMAL -> value -> (BigDecimal) value;
            case INT8, INT16, INT32, INT64 -> value -> BigDecimal.valueOf(((Number) value).longValue());
            case FLOAT32, FLOAT64 -> value -> {
                double d = ((Number) value).doubleValue();
                if (!Double.isFinite(d)) {
                    throw new ConversionException(where, "NaN and infinity have no Decimal form");
                }
                return BigDecimal.valueOf(d);
            };
            case STRING -> value -> {
                try {
                    return new BigDecimal(((String) value).trim());
                } catch (NumberFormatException e) {
                    throw new ConversionException(where, "the text is not a decimal number, the column is " + type);
                }
            };
            default -> throw incompatible(from, type, where);
        };
        int scale = type.scale();
        BigInteger limit = BigInteger.TEN.pow(type.precision());
        int width = decimalWidth(type.precision());
        return (out, value) -> {
            BigInteger unscaled = source.apply(value).setScale(scale, RoundingMode.HALF_UP).unscaledValue();
            if (unscaled.abs().compareTo(limit) >= 0) {
                throw new ConversionException(where, "needs more than the " + type.precision()
                        + " digits of " + type);
            }
            switch (width) {
                case 4 -> out.writeInt(unscaled.intValue());
                case 8 -> out.writeLong(unscaled.longValue());
                default -> out.writeBigInteger(unscaled, width);
            }
        };
    }

    /** Bytes of a Decimal(P, S) value: Int32 up to P = 9, Int64 to 18, Int128 to 38, else Int256. */
    static int decimalWidth(int precision) {
        return precision <= 9 ? 4 : precision <= 18 ? 8 : precision <= 38 ? 16 : 32;
    }

    static ValueWriter bool(SourceKind from, ClickHouseType type, String where) {
        Function<Object, Boolean> source = switch (from) {
            case BOOLEAN -> value -> (Boolean) value;
            case INT8, INT16, INT32, INT64 -> value -> {
                long v = ((Number) value).longValue();
                if (v != 0 && v != 1) {
                    throw new ConversionException(where, "only 0 and 1 can be written to a Bool column");
                }
                return v == 1;
            };
            case STRING -> value -> {
                switch (((String) value).trim().toLowerCase(Locale.ROOT)) {
                    case "true", "1" -> {
                        return true;
                    }
                    case "false", "0" -> {
                        return false;
                    }
                    default -> throw new ConversionException(where, "the text is not true, false, 1 or 0");
                }
            };
            default -> throw incompatible(from, type, where);
        };
        return (out, value) -> out.writeByte(source.apply(value) ? 1 : 0);
    }

    /** The values an integer column holds. */
    private static final class IntegerRange {

        private final ClickHouseType type;
        private final long min;
        private final long max;
        private final BigInteger bigMin;
        private final BigInteger bigMax;

        IntegerRange(ClickHouseType type) {
            this.type = type;
            int bits = type.kind().bits();
            boolean signed = type.kind().isSigned();
            bigMin = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
            bigMax = (signed ? BigInteger.ONE.shiftLeft(bits - 1) : BigInteger.ONE.shiftLeft(bits))
                    .subtract(BigInteger.ONE);
            min = bigMin.bitLength() < 64 ? bigMin.longValue() : Long.MIN_VALUE;
            max = bigMax.bitLength() < 64 ? bigMax.longValue() : Long.MAX_VALUE;
        }

        boolean contains(long value) {
            return value >= min && value <= max;
        }

        boolean contains(BigInteger value) {
            return value.compareTo(bigMin) >= 0 && value.compareTo(bigMax) <= 0;
        }

        ConversionException error(String where) {
            return new ConversionException(where, "out of range for " + type.text() + " (" + bigMin + " to "
                    + bigMax + ")");
        }
    }
}
