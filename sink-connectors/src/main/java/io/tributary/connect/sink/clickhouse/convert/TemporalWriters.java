package io.tributary.connect.sink.clickhouse.convert;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.ToLongFunction;

import static io.tributary.connect.sink.clickhouse.convert.WriterFactory.incompatible;

/**
 * Date (UInt16 days), Date32 (Int32 days), DateTime (UInt32 seconds) and DateTime64(p) (Int64 ticks of 10^-p s),
 * all counted from 1970-01-01 UTC. A column's time zone only changes how the server prints it, except for text
 * without an offset, which is read in the column's zone (UTC when it names none), as the server itself would.
 *
 * <p>Integers are taken as the column's own unit (days, seconds or ticks), as the server stores them.
 */
final class TemporalWriters {

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final long SECONDS_PER_DAY = 86_400L;
    private static final long DATE32_MIN = LocalDate.of(1900, 1, 1).toEpochDay();
    private static final long DATE32_MAX = LocalDate.of(2299, 12, 31).toEpochDay();
    private static final long DATETIME64_MIN_SECONDS = DATE32_MIN * SECONDS_PER_DAY;
    private static final long DATETIME64_MAX_SECONDS = (DATE32_MAX + 1) * SECONDS_PER_DAY - 1;

    private TemporalWriters() {
    }

    static ValueWriter forType(SourceKind from, ClickHouseType type, String where) {
        ZoneId zone = zoneOf(type, where);
        switch (type.kind()) {
            case DATE: {
                ToLongFunction<Object> days = days(from, type, where);
                return (out, value) -> out.writeShort((int) check(days.applyAsLong(value), 0, 65_535, type, where));
            }
            case DATE32: {
                ToLongFunction<Object> days = days(from, type, where);
                return (out, value) -> out.writeInt((int) check(days.applyAsLong(value), DATE32_MIN, DATE32_MAX,
                        type, where));
            }
            case DATETIME: {
                ToLongFunction<Object> seconds = seconds(from, type, zone, where);
                return (out, value) -> out.writeInt((int) check(seconds.applyAsLong(value), 0, 0xFFFF_FFFFL, type,
                        where));
            }
            default: {
                ToLongFunction<Object> ticks = ticks(from, type, zone, where);
                long perSecond = pow10(type.precision());
                long min = saturatedTimes(DATETIME64_MIN_SECONDS, perSecond);
                long max = saturatedTimes(DATETIME64_MAX_SECONDS + 1, perSecond) - 1;
                return (out, value) -> out.writeLong(check(ticks.applyAsLong(value), min, max, type, where));
            }
        }
    }

    private static ToLongFunction<Object> days(SourceKind from, ClickHouseType type, String where) {
        return switch (from) {
            case DATE, TIMESTAMP -> value -> Math.floorDiv(millis(value), MILLIS_PER_DAY);
            case INT8, INT16, INT32, INT64 -> value -> ((Number) value).longValue();
            case STRING -> value -> {
                String text = ((String) value).trim();
                try {
                    return LocalDate.parse(text).toEpochDay();
                } catch (DateTimeParseException notJustADate) {
                    return Math.floorDiv(parseInstant(text, ZoneOffset.UTC, where).getEpochSecond(),
                            SECONDS_PER_DAY);
                }
            };
            default -> throw incompatible(from, type, where);
        };
    }

    private static ToLongFunction<Object> seconds(SourceKind from, ClickHouseType type, ZoneId zone, String where) {
        return switch (from) {
            case TIMESTAMP -> value -> Math.floorDiv(millis(value), 1000L);
            case DATE -> value -> Math.floorDiv(millis(value), 1000L);
            case INT8, INT16, INT32, INT64 -> value -> ((Number) value).longValue();
            case STRING -> value -> parseInstant((String) value, zone, where).getEpochSecond();
            default -> throw incompatible(from, type, where);
        };
    }

    private static ToLongFunction<Object> ticks(SourceKind from, ClickHouseType type, ZoneId zone, String where) {
        int precision = type.precision();
        long perSecond = pow10(precision);
        return switch (from) {
            case TIMESTAMP, DATE -> value -> {
                long ms = millis(value);
                try {
                    return precision >= 3 ? Math.multiplyExact(ms, pow10(precision - 3))
                            : Math.floorDiv(ms, pow10(3 - precision));
                } catch (ArithmeticException overflow) {
                    throw outOfRange(type, where);
                }
            };
            case INT8, INT16, INT32, INT64 -> value -> ((Number) value).longValue();
            case STRING -> value -> {
                Instant instant = parseInstant((String) value, zone, where);
                try {
                    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), perSecond),
                            instant.getNano() / (1_000_000_000L / perSecond));
                } catch (ArithmeticException overflow) {
                    throw outOfRange(type, where);
                }
            };
            default -> throw incompatible(from, type, where);
        };
    }

    /**
     * ISO-8601 date-time with an offset or {@code Z}; without one, in {@code zone}; or a date alone, its midnight in
     * {@code zone}. A space may stand for the {@code T}.
     */
    static Instant parseInstant(String text, ZoneId zone, String where) {
        String t = text.trim();
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            return OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant();
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(t).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new ConversionException(where, "the text is not an ISO-8601 date or date-time");
                }
            }
        }
    }

    private static ZoneId zoneOf(ClickHouseType type, String where) {
        try {
            return type.timeZone().map(ZoneId::of).orElse(ZoneOffset.UTC);
        } catch (DateTimeException unknown) {
            throw new ConversionException(where, "the column's time zone in " + type + " is unknown to Java");
        }
    }

    private static long millis(Object value) {
        return ((java.util.Date) value).getTime();
    }

    private static long check(long value, long min, long max, ClickHouseType type, String where) {
        if (value < min || value > max) {
            throw outOfRange(type, where);
        }
        return value;
    }

    private static ConversionException outOfRange(ClickHouseType type, String where) {
        String range = switch (type.kind()) {
            case DATE -> "1970-01-01 to 2149-06-06";
            case DATE32 -> "1900-01-01 to 2299-12-31";
            case DATETIME -> "1970-01-01 00:00:00 to 2106-02-07 06:28:15 UTC";
            default -> "1900-01-01 to 2299-12-31, and to 2262-04-11 at precision 9";
        };
        return new ConversionException(where, "out of range for " + type + " (" + range + ")");
    }

    private static long pow10(int exponent) {
        long result = 1;
        for (int i = 0; i < exponent; i++) {
            result *= 10;
        }
        return result;
    }

    /** DateTime64(9) ends at 2262-04-11, where Int64 nanoseconds do: the product is clamped to the long range. */
    private static long saturatedTimes(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
