package io.tributary.launcher.clickhouse;

import io.tributary.launcher.ClickHouseCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A file of ClickHouse statements (connector-configs/pipelines/cart-events/clickhouse/tables.sql) applied over HTTP,
 * fitted to the server: table TTL came with ClickHouse 19.6, so for an older server each {@code TTL ...;} line is left
 * out (the table ends where it stood) and the retention command keeps the same months instead
 * ({@link ClickHouseRetention}).
 */
public final class ClickHouseDdl {

    /** The first version with table TTL ({@code TTL <time> + INTERVAL n MONTH}). */
    public static final int TTL_MAJOR = 19;
    public static final int TTL_MINOR = 6;
    private static final Pattern TTL_LINE = Pattern.compile("(?m)^TTL [^\\n]*;[ \\t]*$");
    private static final Pattern COMMENT_LINE = Pattern.compile("(?m)^\\s*--[^\\n]*$");

    private ClickHouseDdl() {
    }

    /** Whether {@code version} (as {@code SELECT version()} answers) has table TTL. */
    public static boolean hasTableTtl(String version) {
        return ClickHouseCheck.atLeast(version, TTL_MAJOR, TTL_MINOR);
    }

    /**
     * The statements of {@code sql}, one per {@code ;}, comment lines dropped; without their TTL clauses when
     * {@code tableTtl} is false. Statements hold no {@code ;} of their own (true of the files this reads).
     */
    public static List<String> statements(String sql, boolean tableTtl) {
        String text = tableTtl ? sql : TTL_LINE.matcher(sql).replaceAll(";");
        text = COMMENT_LINE.matcher(text).replaceAll("");
        List<String> statements = new ArrayList<>();
        for (String statement : text.split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    /** Runs every statement of {@code file} on the server, fitted to its version; the number run. */
    public static int apply(ClickHouseCheck clickHouse, Path file) throws IOException, InterruptedException {
        List<String> statements = statements(Files.readString(file), hasTableTtl(clickHouse.version()));
        for (String statement : statements) {
            clickHouse.query(statement);
        }
        return statements.size();
    }
}
