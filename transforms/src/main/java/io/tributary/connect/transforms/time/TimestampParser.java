package io.tributary.connect.transforms.time;

import io.tributary.connect.common.time.Rfc3339;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/** Turns a field's value into epoch milliseconds, in the configured format. Thread-safe. */
public final class TimestampParser {

    public enum Format { EPOCH_MILLIS, EPOCH_SECONDS, EPOCH_MICROS, EPOCH_NANOS, ISO_8601, PATTERN }

    private final Format format;
    private final DateTimeFormatter pattern;
    private final ZoneId zone;

    public TimestampParser(Format format, String pattern, ZoneId zone) {
        this.format = format;
        this.pattern = format == Format.PATTERN ? DateTimeFormatter.ofPattern(pattern, Locale.ROOT) : null;
        this.zone = zone;
    }

    /** Epoch milliseconds; throws {@link IllegalArgumentException} (without the value) when it cannot be read. */
    public long millis(Object value) {
        if (value instanceof java.util.Date) {
            return ((java.util.Date) value).getTime();
        }
        switch (format) {
            case EPOCH_MILLIS: return scaled(value, 1, 1);
            case EPOCH_SECONDS: return scaled(value, 1_000, 1);
            case EPOCH_MICROS: return scaled(value, 1, 1_000);
            case EPOCH_NANOS: return scaled(value, 1, 1_000_000);
            case ISO_8601: return iso(text(value));
            case PATTERN:
            default: return patterned(text(value));
        }
    }

    private static long scaled(Object value, long multiply, long divide) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Math.floorDiv(((Number) value).longValue() * multiply, divide);
        }
        BigDecimal number;
        if (value instanceof Number) {
            number = new BigDecimal(value.toString());
        } else if (value instanceof CharSequence) {
            try {
                number = new BigDecimal(value.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("is not a number");
            }
        } else {
            throw new IllegalArgumentException("is a " + value.getClass().getSimpleName() + ", not a number");
        }
        return number.multiply(BigDecimal.valueOf(multiply)).divide(BigDecimal.valueOf(divide), java.math.RoundingMode.FLOOR)
                .longValueExact();
    }

    private static String text(Object value) {
        if (value instanceof CharSequence) {
            return value.toString().trim();
        }
        throw new IllegalArgumentException("is a " + value.getClass().getSimpleName() + ", not a text timestamp");
    }

    private long iso(String text) {
        long fast = Rfc3339.epochMillis(text);
        if (fast != Rfc3339.INVALID) {
            return fast;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (RuntimeException notInstant) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (RuntimeException notOffset) {
                try {
                    return LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant().toEpochMilli();
                } catch (RuntimeException notLocal) {
                    try {
                        return LocalDate.parse(text).atStartOfDay(zone).toInstant().toEpochMilli();
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("is not an ISO-8601 timestamp");
                    }
                }
            }
        }
    }

    private long patterned(String text) {
        try {
            TemporalAccessor parsed = pattern.parseBest(text, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
            if (parsed instanceof ZonedDateTime) {
                return ((ZonedDateTime) parsed).toInstant().toEpochMilli();
            }
            if (parsed instanceof LocalDateTime) {
                return ((LocalDateTime) parsed).atZone(zone).toInstant().toEpochMilli();
            }
            return ((LocalDate) parsed).atStartOfDay(zone).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("does not match the pattern");
        }
    }
}
