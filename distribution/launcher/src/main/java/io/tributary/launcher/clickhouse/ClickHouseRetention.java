package io.tributary.launcher.clickhouse;

import io.tributary.launcher.ClickHouseCheck;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention for servers without table TTL (before 19.6): in a database, every table partitioned by month
 * ({@code PARTITION BY toYYYYMM(<time>)}) loses its partitions whose whole month lies more than {@code months}
 * months in the past, by {@code ALTER TABLE ... DROP PARTITION}. The partitions come from {@code system.parts} (the
 * active ones), the tables' partition keys from {@code system.tables}; tables partitioned otherwise are left alone and
 * named.
 *
 * <p>What it keeps, compared with {@code TTL <time> + INTERVAL n MONTH}: the TTL removes each row once it is n months
 * old; this removes a month's partition once its last day is n months old, so a row is kept between n months and
 * n months plus one month. A month's partition is dropped when the month lies wholly before the cutoff
 * (today minus {@code months}): with 18 months on 2026-12-07 the cutoff is 2025-06-07, and the partitions of May 2025
 * and earlier go.
 */
public final class ClickHouseRetention {

    private static final Pattern MONTHLY = Pattern.compile("toYYYYMM\\((.+)\\)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    /** A partition dropped (or, dry, that would be), with its rows. */
    public record Dropped(String table, String partition, long rows) {
    }

    /** What a run did: the partitions dropped, the monthly tables looked at, the tables skipped and why. */
    public record Result(YearMonth oldestKept, List<Dropped> dropped, List<String> tables, Map<String, String> skipped) {
    }

    private ClickHouseRetention() {
    }

    /** The oldest month kept: the month of today minus {@code months}. */
    public static YearMonth oldestKept(LocalDate today, int months) {
        return YearMonth.from(today.minusMonths(months));
    }

    /** Whether a partition of a {@code toYYYYMM} key (its value, {@code 202505}) lies before {@code oldestKept}. */
    static boolean expired(String partition, YearMonth oldestKept) {
        String digits = partition.trim();
        if (!digits.matches("\\d{6}")) {
            throw new IllegalArgumentException("partition '" + partition + "' is not a toYYYYMM value");
        }
        YearMonth month = YearMonth.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4)));
        return month.isBefore(oldestKept);
    }

    /** Drops (unless {@code dryRun}) the partitions of {@code database}'s monthly tables older than the months kept. */
    public static Result apply(ClickHouseCheck clickHouse, String database, int months, LocalDate today, boolean dryRun)
            throws IOException, InterruptedException {
        if (!NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database '" + database + "' is not a plain name (letters, digits, _)");
        }
        if (months < 1) {
            throw new IllegalArgumentException("--months must be at least 1");
        }
        if (clickHouse.query("SELECT count() FROM system.databases WHERE name = '" + database + "'").equals("0")) {
            throw new IOException("the server has no database " + database);
        }
        YearMonth kept = oldestKept(today, months);
        Map<String, String> skipped = new LinkedHashMap<>();
        List<String> monthly = new ArrayList<>();
        for (String[] row : rows(clickHouse, "SELECT name, partition_key FROM system.tables WHERE database = '" + database
                + "' AND engine LIKE '%MergeTree' ORDER BY name FORMAT TabSeparated")) {
            Matcher m = MONTHLY.matcher(row.length > 1 ? row[1].trim() : "");
            if (m.matches()) {
                monthly.add(row[0]);
            } else {
                skipped.put(row[0], row.length > 1 && !row[1].isBlank() ? "partitioned by " + row[1]
                        : "not partitioned");
            }
        }
        List<Dropped> dropped = new ArrayList<>();
        for (String[] row : rows(clickHouse, "SELECT table, partition, sum(rows) FROM system.parts WHERE database = '"
                + database + "' AND active GROUP BY table, partition ORDER BY table, partition FORMAT TabSeparated")) {
            if (monthly.contains(row[0]) && expired(row[1], kept)) {
                if (!dryRun) {
                    clickHouse.query("ALTER TABLE `" + database + "`.`" + row[0] + "` DROP PARTITION " + row[1]);
                }
                dropped.add(new Dropped(row[0], row[1], Long.parseLong(row[2])));
            }
        }
        return new Result(kept, dropped, monthly, skipped);
    }

    private static List<String[]> rows(ClickHouseCheck clickHouse, String sql) throws IOException, InterruptedException {
        List<String[]> rows = new ArrayList<>();
        String text = clickHouse.query(sql);
        if (!text.isEmpty()) {
            text.lines().forEach(line -> rows.add(line.split("\t", -1)));
        }
        return rows;
    }
}
