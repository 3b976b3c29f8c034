package io.tributary.connect.sink.clickhouse.convert;

/**
 * One column of a table as {@code DESCRIBE TABLE} lists it.
 *
 * @param defaultKind       {@code ""}, {@code DEFAULT}, {@code MATERIALIZED}, {@code ALIAS} or {@code EPHEMERAL}
 * @param defaultExpression the expression behind {@code defaultKind}; {@code ""} when there is none
 */
public record Column(String name, ClickHouseType type, String defaultKind, String defaultExpression) {

    /** Whether an INSERT may name this column: MATERIALIZED and ALIAS columns are computed, never inserted. */
    public boolean insertable() {
        return !"MATERIALIZED".equals(defaultKind) && !"ALIAS".equals(defaultKind);
    }

    /** Whether the server fills the column from an expression when an INSERT leaves it out. */
    public boolean hasDefaultExpression() {
        return "DEFAULT".equals(defaultKind);
    }
}
