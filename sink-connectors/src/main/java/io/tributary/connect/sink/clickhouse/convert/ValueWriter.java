package io.tributary.connect.sink.clickhouse.convert;

/**
 * Writes one Connect value as one ClickHouse value. Built once per (field schema, column type) pair, so that
 * whether the conversion is possible at all is decided when the encoder is built, not per record.
 */
@FunctionalInterface
interface ValueWriter {

    /** Writes {@code value}; writers built by {@link WriterFactory#forType} also accept null. */
    void write(RowBuffer out, Object value);
}
