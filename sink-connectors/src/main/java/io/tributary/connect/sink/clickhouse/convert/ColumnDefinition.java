package io.tributary.connect.sink.clickhouse.convert;

/** A column to create or add: its name and its type as CREATE TABLE / ALTER TABLE ADD COLUMN take it. */
public record ColumnDefinition(String name, String type) {

    /** {@code `name` Type}, for a column list in DDL. */
    public String sql() {
        return TableSchema.quoteIdentifier(name) + " " + type;
    }
}
