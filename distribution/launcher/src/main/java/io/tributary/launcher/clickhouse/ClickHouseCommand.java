package io.tributary.launcher.clickhouse;

import io.tributary.generator.cli.Flags;
import io.tributary.launcher.ClickHouseCheck;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * {@code tributary clickhouse retention --database D --months N [--dry-run] [--url URL]}: the retention of
 * {@link ClickHouseRetention}, for servers without table TTL. Exit statuses as the launcher's others: 0 done, 2 bad
 * arguments, 3 failed (server unreachable or refusing: its message is printed).
 */
public final class ClickHouseCommand {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int FAILED = 3;
    private static final Set<String> RETENTION_FLAGS = Set.of("database", "months", "dry-run", "url");

    private ClickHouseCommand() {
    }

    /** {@code args[from]} is the subcommand. */
    public static int run(String[] args, int from, PrintStream out, PrintStream err) {
        String sub = args.length > from ? args[from] : "";
        if (!sub.equals("retention")) {
            err.println("tributary clickhouse: retention is the one subcommand (./tributary clickhouse --help)");
            return USAGE;
        }
        try {
            Flags flags = Flags.parse(args, from + 1, RETENTION_FLAGS);
            String database = flags.string("database", null);
            if (database == null || database.equals("true")) {
                throw new IllegalArgumentException("--database is required");
            }
            long months = flags.longValue("months", 18);
            if (months < 1 || months > 1_200) {
                throw new IllegalArgumentException("--months must be between 1 and 1200");
            }
            ClickHouseCheck clickHouse = new ClickHouseCheck(URI.create(flags.string("url", "http://127.0.0.1:8123/")));
            return retention(clickHouse, database, (int) months, flags.has("dry-run"), LocalDate.now(ZoneOffset.UTC),
                    out, err);
        } catch (IllegalArgumentException e) {
            err.println("tributary clickhouse retention: " + e.getMessage());
            return USAGE;
        }
    }

    static int retention(ClickHouseCheck clickHouse, String database, int months, boolean dryRun, LocalDate today,
                         PrintStream out, PrintStream err) {
        try {
            String version = clickHouse.version();
            ClickHouseRetention.Result result = ClickHouseRetention.apply(clickHouse, database, months, today, dryRun);
            out.printf("ClickHouse %s at %s, database %s: keeping %d months, from %s on (UTC)%s%n", version,
                    clickHouse.url(), database, months, result.oldestKept(), dryRun ? "; dry run, nothing dropped" : "");
            if (ClickHouseDdl.hasTableTtl(version)) {
                out.println("  (this server has table TTL: tables created with a TTL clause expire rows themselves)");
            }
            for (ClickHouseRetention.Dropped d : result.dropped()) {
                out.printf("  %s %s partition %s: %,d rows%n", dryRun ? "would drop" : "dropped", d.table(),
                        d.partition(), d.rows());
            }
            out.printf("  %d partitions %s in %d monthly tables (%s)%n", result.dropped().size(),
                    dryRun ? "to drop" : "dropped", result.tables().size(), String.join(", ", result.tables()));
            result.skipped().forEach((table, why) -> out.printf("  left alone: %s (%s)%n", table, why));
            return OK;
        } catch (IOException e) {
            err.println("tributary clickhouse retention: " + e.getMessage());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }
}
