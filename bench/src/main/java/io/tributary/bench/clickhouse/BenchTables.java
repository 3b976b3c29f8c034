package io.tributary.bench.clickhouse;

import java.io.IOException;

/**
 * The benchmark's tables, in a database of their own, each fresh for one subject and dropped once checked (so that
 * no background merge of an earlier subject's parts runs during the next one). Tables without the offset columns
 * are ordered like an events table would be, {@code (type, ts)}; with them (exactly-once), by the offsets, as the
 * sink's exactly-once reads them back.
 */
final class BenchTables {

    static final String DATABASE = "tributary_bench";

    private final ClickHouseHttp clickhouse;
    private int created;

    BenchTables(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Drops what an earlier run left, and creates the database. */
    void reset() throws IOException, InterruptedException {
        clickhouse.query("DROP DATABASE IF EXISTS " + DATABASE);
        clickhouse.query("CREATE DATABASE " + DATABASE);
    }

    /** A new, empty MergeTree table; its name, qualified. */
    String create(String prefix, boolean offsetColumns) throws IOException, InterruptedException {
        String table = DATABASE + "." + prefix + "_" + (++created);
        clickhouse.query("CREATE TABLE " + table + " ("
                + (offsetColumns ? "_topic String, _partition Int32, _offset Int64, " : "") + BenchRows.COLUMNS
                + ") ENGINE = MergeTree() ORDER BY "
                + (offsetColumns ? "(_topic, _partition, _offset)" : "(type, ts)"));
        return table;
    }

    /**
     * Fails unless {@code table} holds exactly the first {@code count} rows, once each (count, distinct event ids,
     * sums of every column); with offset columns, also exactly {@code count} distinct (partition, offset) pairs.
     */
    void verify(String table, BenchRows rows, int count, boolean offsetColumns)
            throws IOException, InterruptedException {
        String expected = rows.expectedCheck(count);
        String actual = clickhouse.query(BenchRows.CHECK_QUERY + table);
        if (!actual.equals(expected)) {
            throw new IllegalStateException(table + " does not hold the rows once each: expected (count, distinct "
                    + "ids, sums) " + expected.replace('\t', ' ') + ", found " + actual.replace('\t', ' '));
        }
        if (offsetColumns) {
            String offsets = clickhouse.query("SELECT uniqExact(_partition, _offset) FROM " + table);
            if (Long.parseLong(offsets) != count) {
                throw new IllegalStateException(table + " holds " + offsets + " distinct (partition, offset) pairs, "
                        + "expected " + count);
            }
        }
    }

    /**
     * Until the server runs no merge or other background task (at most 30 s: the server may be shared), so that
     * the next subject does not pay for the parts the last one left.
     */
    void awaitIdle() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && Long.parseLong(clickhouse.query("SELECT sum(value) FROM "
                + "system.metrics WHERE metric IN ('Merge', 'BackgroundPoolTask')")) > 0) {
            Thread.sleep(100);
        }
    }

    void drop(String table) throws IOException, InterruptedException {
        clickhouse.query("DROP TABLE IF EXISTS " + table);
    }

    void dropDatabase() throws IOException, InterruptedException {
        clickhouse.query("DROP DATABASE IF EXISTS " + DATABASE);
    }
}
