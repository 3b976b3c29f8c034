package io.tributary.connect.sink.clickhouse.convert;

import java.util.Objects;

/**
 * How a {@link RowBinaryEncoder} maps a struct onto a table.
 *
 * @param offsetColumns    columns receiving each record's topic, partition and offset; null for none
 * @param unknownFields    what a struct field without a column does
 * @param flattenSeparator joins a nested struct's field names into a column name: {@code user_id}
 * @param withDefaults     write RowBinaryWithDefaults: a byte before each value, 1 for "use the column's default"
 * @param serverVersion    the server written to
 */
public record EncoderOptions(OffsetColumns offsetColumns, UnknownFields unknownFields, String flattenSeparator,
                             boolean withDefaults, ServerVersion serverVersion) {

    /** What to do with a struct field the table has no column for. */
    public enum UnknownFields {
        /** Leave it out of the insert. */
        IGNORE,
        /** Refuse the schema: building the encoder fails, naming the field and table. */
        FAIL
    }

    /** The columns for a record's Kafka coordinates: topic (a String column), partition and offset (integers). */
    public record OffsetColumns(String topic, String partition, String offset) {

        public OffsetColumns {
            Objects.requireNonNull(topic, "topic column");
            Objects.requireNonNull(partition, "partition column");
            Objects.requireNonNull(offset, "offset column");
        }

        /** {@code _topic}, {@code _partition}, {@code _offset}. */
        public static OffsetColumns underscored() {
            return new OffsetColumns("_topic", "_partition", "_offset");
        }
    }

    public EncoderOptions {
        Objects.requireNonNull(unknownFields, "unknownFields");
        Objects.requireNonNull(flattenSeparator, "flattenSeparator");
        Objects.requireNonNull(serverVersion, "serverVersion");
        if (withDefaults && !serverVersion.supportsRowBinaryWithDefaults()) {
            throw new IllegalArgumentException("RowBinaryWithDefaults needs ClickHouse 23.7 or later; the server is "
                    + serverVersion);
        }
    }

    /** No offset columns, unknown fields ignored, {@code _} as separator, defaults written when the server can. */
    public static EncoderOptions defaults(ServerVersion serverVersion) {
        return new EncoderOptions(null, UnknownFields.IGNORE, "_", serverVersion.supportsRowBinaryWithDefaults(),
                serverVersion);
    }

    public EncoderOptions withOffsetColumns(OffsetColumns columns) {
        return new EncoderOptions(columns, unknownFields, flattenSeparator, withDefaults, serverVersion);
    }

    public EncoderOptions withUnknownFields(UnknownFields policy) {
        return new EncoderOptions(offsetColumns, policy, flattenSeparator, withDefaults, serverVersion);
    }

    public EncoderOptions withFlattenSeparator(String separator) {
        return new EncoderOptions(offsetColumns, unknownFields, separator, withDefaults, serverVersion);
    }

    public EncoderOptions withRowBinaryWithDefaults(boolean enabled) {
        return new EncoderOptions(offsetColumns, unknownFields, flattenSeparator, enabled, serverVersion);
    }
}
