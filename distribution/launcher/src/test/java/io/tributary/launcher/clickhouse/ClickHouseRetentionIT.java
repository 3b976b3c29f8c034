package io.tributary.launcher.clickhouse;

import io.tributary.launcher.ClickHouseCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retention command against the local ClickHouse (18.16 here, which has no table TTL; started by
 * {@code ./tributary services start}): in a database of its own, month-partitioned tables lose the partitions past
 * 18 months and keep the rest; tables partitioned otherwise are left alone; a dry run drops nothing.
 */
class ClickHouseRetentionIT {

    /** A fixed day, so that no run straddles a month boundary: 19 months before it is 2025-05, 17 months 2025-07. */
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);
    private final ClickHouseCheck clickHouse = new ClickHouseCheck();
    private final String database = "tributary_retention_it_" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @BeforeEach
    void tables() throws Exception {
        assertThat(clickHouse.answers()).as("ClickHouse answers on 127.0.0.1:8123 (./tributary services start)").isTrue();
        clickHouse.query("CREATE DATABASE " + database);
        clickHouse.query("CREATE TABLE " + database + ".events (t DateTime, id String) ENGINE = MergeTree "
                + "PARTITION BY toYYYYMM(t) ORDER BY id");
        clickHouse.query("CREATE TABLE " + database + ".daily (t DateTime, id String) ENGINE = MergeTree "
                + "PARTITION BY toDate(t) ORDER BY id");
        clickHouse.query("CREATE TABLE " + database + ".whole (t DateTime, id String) ENGINE = MergeTree ORDER BY id");
        for (String table : new String[] {"events", "daily", "whole"}) {
            clickHouse.query("INSERT INTO " + database + "." + table + " VALUES " + row(TODAY.minusMonths(19), "m19")
                    + ", " + row(TODAY.minusMonths(19).minusDays(20), "m19b") + ", " + row(TODAY.minusMonths(17), "m17")
                    + ", " + row(TODAY.minusMonths(18).withDayOfMonth(1), "m18-first-day") + ", " + row(TODAY, "today"));
        }
    }

    @AfterEach
    void drop() throws Exception {
        clickHouse.query("DROP DATABASE IF EXISTS " + database);
    }

    private static String row(LocalDate day, String id) {
        return "('" + day + " 12:00:00', '" + id + "')";
    }

    private String ids(String table) throws Exception {
        return clickHouse.query("SELECT groupArray(id) FROM (SELECT id FROM " + database + "." + table + " ORDER BY t)");
    }

    @Test
    void rowsNineteenMonthsOldAreGoneAndSeventeenMonthsOldKept() throws Exception {
        int code = ClickHouseCommand.retention(clickHouse, database, 18, false, TODAY, out, out);
        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(ids("events")).as("the partition of 2025-05 (19 months) and of 2025-04 dropped; 2025-06 holds rows "
                + "younger than 18 months and stays").isEqualTo("['m18-first-day','m17','today']");
        assertThat(ids("daily")).isEqualTo("['m19b','m19','m18-first-day','m17','today']");
        assertThat(ids("whole")).isEqualTo("['m19b','m19','m18-first-day','m17','today']");
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("dropped events partition 202504: 1 rows", "dropped events partition 202505: 1 rows",
                        "2 partitions dropped in 1 monthly tables (events)",
                        "left alone: daily (partitioned by toDate(t))", "left alone: whole (not partitioned)");
        int again = ClickHouseCommand.retention(clickHouse, database, 18, false, TODAY, out, out);
        assertThat(again).isZero();
        assertThat(ids("events")).as("a second run finds nothing more").isEqualTo("['m18-first-day','m17','today']");
    }

    @Test
    void aDryRunDropsNothing() throws Exception {
        assertThat(ClickHouseCommand.retention(clickHouse, database, 18, true, TODAY, out, out)).isZero();
        assertThat(ids("events")).isEqualTo("['m19b','m19','m18-first-day','m17','today']");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("would drop events partition 202505: 1 rows",
                "2 partitions to drop");
    }

    @Test
    void aMissingDatabaseFails() {
        assertThat(ClickHouseCommand.retention(clickHouse, database + "_missing", 18, false, TODAY, out, out))
                .isEqualTo(ClickHouseCommand.FAILED);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("the server has no database " + database + "_missing");
    }
}
