package io.tributary.processor.event;

import io.tributary.processor.config.JobSpec.WireFormat;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.ByteBuffer;

/**
 * Where a registry-framed record says which schema wrote it, for each {@link WireFormat}:
 * <ul>
 *   <li>{@code apicurio-header}: the {@code apicurio.value.globalId} header (an 8-byte global id); the whole value is
 *       the Avro body (Apicurio's serde and converter by default);</li>
 *   <li>{@code apicurio-id}: magic byte 0, an 8-byte global id, the body (Apicurio's, headers off);</li>
 *   <li>{@code confluent}: magic byte 0, a 4-byte id, the body (Confluent's format; Apicurio's serde or converter
 *       with {@code as-confluent=true} and {@code use-id=contentId} write a content id there);</li>
 *   <li>{@code auto}: the header when the record has one; else, after magic byte 0, the 8-byte framing when the next
 *       four bytes are all zero and the 4-byte framing otherwise. This cannot take one framing for the other while
 *       global ids stay below 2^32: a 4-byte id is never 0 (registries number from 1), so its first four bytes are
 *       never all zero, and an 8-byte global id below 2^32 always starts with four zero bytes. A registry past 2^32
 *       global ids needs an explicit {@code input.wire.format}.</li>
 * </ul>
 */
public final class WireFraming {

    public static final String GLOBAL_ID_HEADER = "apicurio.value.globalId";

    /** The schema id a record carries: a global id or (Confluent's framing) a content id; the body from offset. */
    public record SchemaId(boolean contentId, long id, int offset) {
        /** "global id 42" or "content id 7". */
        public String describe() {
            return (contentId ? "content id " : "global id ") + id;
        }
    }

    private WireFraming() {
    }

    /** The schema id of the record; a {@link BadEvent} (stage schema) when it carries none in this framing. */
    public static SchemaId of(WireFormat format, Headers headers, byte[] value) {
        return switch (format) {
            case APICURIO_HEADER -> {
                SchemaId id = header(headers);
                if (id == null) {
                    throw new BadEvent("schema", "the record has no " + GLOBAL_ID_HEADER + " header of 8 bytes "
                            + "(input.wire.format apicurio-header)");
                }
                yield id;
            }
            case APICURIO_ID -> {
                if (!magic(value, 9)) {
                    throw new BadEvent("schema", "the value does not start with magic byte 0 and an 8-byte global id "
                            + "(input.wire.format apicurio-id)");
                }
                yield new SchemaId(false, ByteBuffer.wrap(value, 1, 8).getLong(), 9);
            }
            case CONFLUENT -> {
                if (!magic(value, 5)) {
                    throw new BadEvent("schema", "the value does not start with magic byte 0 and a 4-byte id "
                            + "(input.wire.format confluent)");
                }
                yield new SchemaId(true, Integer.toUnsignedLong(ByteBuffer.wrap(value, 1, 4).getInt()), 5);
            }
            case AUTO -> auto(headers, value);
        };
    }

    private static SchemaId auto(Headers headers, byte[] value) {
        SchemaId id = header(headers);
        if (id != null) {
            return id;
        }
        if (magic(value, 9) && value[1] == 0 && value[2] == 0 && value[3] == 0 && value[4] == 0) {
            return new SchemaId(false, ByteBuffer.wrap(value, 1, 8).getLong(), 9);
        }
        if (magic(value, 5) && (value[1] | value[2] | value[3] | value[4]) != 0) {
            return new SchemaId(true, Integer.toUnsignedLong(ByteBuffer.wrap(value, 1, 4).getInt()), 5);
        }
        throw new BadEvent("schema", "the record carries no schema id: neither an " + GLOBAL_ID_HEADER + " header "
                + "nor magic byte 0 and an 8-byte global id (Apicurio) or a 4-byte id (Confluent)");
    }

    private static SchemaId header(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(GLOBAL_ID_HEADER);
        if (header == null || header.value() == null || header.value().length != 8) {
            return null;
        }
        return new SchemaId(false, ByteBuffer.wrap(header.value()).getLong(), 0);
    }

    private static boolean magic(byte[] value, int length) {
        return value.length >= length && value[0] == 0;
    }
}
