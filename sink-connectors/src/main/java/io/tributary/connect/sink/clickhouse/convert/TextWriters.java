package io.tributary.connect.sink.clickhouse.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.connect.common.data.JsonData;
import org.apache.kafka.connect.data.Schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;

import static io.tributary.connect.sink.clickhouse.convert.WriterFactory.incompatible;

/**
 * String, FixedString, UUID, Enum8/16, IPv4 and IPv6.
 *
 * <p>Anything can be written to a String column: text as UTF-8, bytes as they are, numbers in Java's notation
 * (Decimal without exponent), Date/Time/Timestamp in ISO-8601 (UTC), and arrays, maps and structs as JSON.
 */
final class TextWriters {

    private TextWriters() {
    }

    static ValueWriter string(Schema source, SourceKind from, ClickHouseType type, String where) {
        Function<Object, byte[]> bytes = switch (from) {
            case STRING -> value -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case BYTES -> TextWriters::bytes;
            case INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN -> value -> utf8(String.valueOf(value));
            case DECIMAL -> value -> utf8(((BigDecimal) value).toPlainString());
            case DATE -> value -> utf8(LocalDate.ofInstant(((java.util.Date) value).toInstant(), ZoneOffset.UTC)
                    .toString());
            case TIME -> value -> utf8(LocalTime.ofNanoOfDay(((java.util.Date) value).getTime() * 1_000_000L)
                    .toString());
            case TIMESTAMP -> value -> utf8(((java.util.Date) value).toInstant().toString());
            case ARRAY, MAP, STRUCT -> value -> json(source, value);
        };
        return (out, value) -> {
            byte[] b = bytes.apply(value);
            out.writeVarUInt(b.length);
            out.writeBytes(b, 0, b.length);
        };
    }

    static ValueWriter fixedString(SourceKind from, ClickHouseType type, String where) {
        Function<Object, byte[]> bytes = switch (from) {
            case STRING -> value -> ((String) value).getBytes(StandardCharsets.UTF_8);
            case BYTES -> TextWriters::bytes;
            default -> throw incompatible(from, type, where);
        };
        int length = type.length();
        return (out, value) -> {
            byte[] b = bytes.apply(value);
            if (b.length > length) {
                throw new ConversionException(where, b.length + " bytes do not fit " + type);
            }
            out.writeBytes(b, 0, b.length);
            out.writeZeros(length - b.length);
        };
    }

    /** RowBinary's UUID: the most significant half as a little-endian UInt64, then the least significant half. */
    static ValueWriter uuid(SourceKind from, ClickHouseType type, String where) {
        Function<Object, long[]> halves = switch (from) {
            case STRING -> value -> parseUuid((String) value, where);
            case BYTES -> value -> {
                byte[] b = bytes(value);
                if (b.length != 16) {
                    throw new ConversionException(where, "a UUID needs 16 bytes, not " + b.length);
                }
                ByteBuffer buffer = ByteBuffer.wrap(b);
                return new long[] {buffer.getLong(), buffer.getLong()};
            };
            default -> throw incompatible(from, type, where);
        };
        return (out, value) -> {
            long[] uuid = halves.apply(value);
            out.writeLong(uuid[0]);
            out.writeLong(uuid[1]);
        };
    }

    /** Strict: 8-4-4-4-12 hex digits. (java.util.UUID.fromString also takes shorter groups.) */
    private static long[] parseUuid(String text, String where) {
        String t = text.trim();
        if (t.length() != 36 || t.charAt(8) != '-' || t.charAt(13) != '-' || t.charAt(18) != '-'
                || t.charAt(23) != '-') {
            throw new ConversionException(where, "the text is not a UUID (8-4-4-4-12 hex digits)");
        }
        String hex = t.substring(0, 8) + t.substring(9, 13) + t.substring(14, 18) + t.substring(19, 23)
                + t.substring(24);
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0) {
                throw new ConversionException(where, "the text is not a UUID (8-4-4-4-12 hex digits)");
            }
        }
        return new long[] {Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16)};
    }

    /** Enum8/Enum16 by name (text) or by number (integers). */
    static ValueWriter enumeration(SourceKind from, ClickHouseType type, String where) {
        Map<String, Integer> values = type.enumValues();
        Function<Object, Integer> number = switch (from) {
            case STRING -> value -> {
                Integer v = values.get((String) value);
                if (v == null) {
                    throw new ConversionException(where, "the text is not one of the names of " + type.kind());
                }
                return v;
            };
            case INT8, INT16, INT32, INT64 -> value -> {
                long v = ((Number) value).longValue();
                if (!values.containsValue((int) v) || v != (int) v) {
                    throw new ConversionException(where, "the number is not one of the values of " + type.kind());
                }
                return (int) v;
            };
            default -> throw incompatible(from, type, where);
        };
        if (type.kind() == ClickHouseType.Kind.ENUM8) {
            return (out, value) -> out.writeByte(number.apply(value));
        }
        return (out, value) -> out.writeShort(number.apply(value));
    }

    /** IPv4 as a little-endian UInt32, from dotted-quad text or an integer. */
    static ValueWriter ipv4(SourceKind from, ClickHouseType type, String where) {
        Function<Object, Integer> address = switch (from) {
            case STRING -> value -> parseIpv4((String) value, where);
            case INT32, INT64 -> value -> {
                long v = ((Number) value).longValue();
                if (v < 0 || v > 0xFFFF_FFFFL) {
                    throw new ConversionException(where, "out of range for IPv4 (0 to 4294967295)");
                }
                return (int) v;
            };
            default -> throw incompatible(from, type, where);
        };
        return (out, value) -> out.writeInt(address.apply(value));
    }

    /** IPv6 as its 16 bytes in network order; IPv4 text or 4 bytes become IPv4-mapped addresses. */
    static ValueWriter ipv6(SourceKind from, ClickHouseType type, String where) {
        Function<Object, byte[]> address = switch (from) {
            case STRING -> value -> parseIpv6((String) value, where);
            case BYTES -> value -> {
                byte[] b = bytes(value);
                if (b.length == 4) {
                    return mapped(b);
                }
                if (b.length != 16) {
                    throw new ConversionException(where, "an IPv6 address needs 16 bytes (or 4), not " + b.length);
                }
                return b;
            };
            default -> throw incompatible(from, type, where);
        };
        return (out, value) -> out.writeBytes(address.apply(value), 0, 16);
    }

    private static int parseIpv4(String text, String where) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new ConversionException(where, "the text is not an IPv4 address");
        }
        int address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new ConversionException(where, "the text is not an IPv4 address");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new ConversionException(where, "the text is not an IPv4 address");
            }
            address = address << 8 | octet;
        }
        return address;
    }

    private static byte[] parseIpv6(String text, String where) {
        String t = text.trim();
        if (t.indexOf(':') < 0) {
            return mapped(ByteBuffer.allocate(4).putInt(parseIpv4(t, where)).array());
        }
        // Only hex digits, colons and dots, starting with a digit or colon: InetAddress then parses a literal and
        // never asks DNS.
        if (Character.digit(t.charAt(0), 16) < 0 && t.charAt(0) != ':') {
            throw new ConversionException(where, "the text is not an IPv6 address");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != ':' && c != '.' && Character.digit(c, 16) < 0) {
                throw new ConversionException(where, "the text is not an IPv6 address");
            }
        }
        try {
            InetAddress address = InetAddress.getByName(t);
            return address instanceof Inet4Address ? mapped(address.getAddress()) : address.getAddress();
        } catch (UnknownHostException e) {
            throw new ConversionException(where, "the text is not an IPv6 address");
        }
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] address = new byte[16];
        address[10] = (byte) 0xff;
        address[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, address, 12, 4);
        return address;
    }

    static byte[] bytes(Object value) {
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] b = new byte[buffer.remaining()];
        buffer.get(b);
        return b;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(Schema schema, Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator gen = JsonData.FACTORY.createGenerator(out)) {
            JsonData.write(gen, schema, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }
}
