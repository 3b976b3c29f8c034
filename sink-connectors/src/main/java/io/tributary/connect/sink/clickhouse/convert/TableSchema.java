package io.tributary.connect.sink.clickhouse.convert;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.QueryResponse;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * The columns of a table, in table order, read from {@code DESCRIBE TABLE db.t FORMAT TSV}. Servers print four
 * (18.x) to seven (24.x) tab-separated fields per column; the first four are name, type, default kind and default
 * expression.
 */
public final class TableSchema {

    private final String table;
    private final List<Column> columns;
    private final Map<String, Column> byName = new LinkedHashMap<>();

    public TableSchema(String table, List<Column> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
        for (Column column : this.columns) {
            byName.put(column.name(), column);
        }
    }

    /** Runs {@code DESCRIBE TABLE} for {@code database.table}. Errors are the client's own, unwrapped. */
    public static TableSchema describe(Client client, String database, String table) {
        String name = quoteIdentifier(database) + "." + quoteIdentifier(table);
        try (QueryResponse response = client.query("DESCRIBE TABLE " + name + " FORMAT TSV").get();
             InputStream in = response.getInputStream()) {
            return parseDescribe(database + "." + table, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new ConnectException("DESCRIBE TABLE " + name + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted while describing " + name, e);
        } catch (IOException e) {
            throw new ConnectException("could not read the description of " + name, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception closing) {
            throw new ConnectException("could not close the response describing " + name, closing);
        }
    }

    /** Parses the TSV text {@code DESCRIBE TABLE ... FORMAT TSV} returns; {@code table} names it in messages. */
    public static TableSchema parseDescribe(String table, String tsv) {
        List<Column> columns = new ArrayList<>();
        for (String line : tsv.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length < 2) {
                throw new IllegalArgumentException("not a DESCRIBE TABLE line for " + table + ": " + line);
            }
            columns.add(new Column(unescape(fields[0]), ClickHouseType.parse(unescape(fields[1])),
                    fields.length > 2 ? unescape(fields[2]) : "", fields.length > 3 ? unescape(fields[3]) : ""));
        }
        return new TableSchema(table, columns);
    }

    /** The table's name as given, for messages. */
    public String table() {
        return table;
    }

    public List<Column> columns() {
        return columns;
    }

    public Optional<Column> column(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Names of the sink's layout guard columns: {@code _tributary_layout_<n> UInt8 DEFAULT 0}. A table the sink
     * evolves has exactly one; every change of a column's type replaces it with the next ({@code n + 1}) in the same
     * ALTER, and every RowBinary insert names it, so that rows encoded for the old types are refused by the server
     * (no such column) instead of being read as the new ones. See {@code Tables} for the argument.
     */
    public static final String LAYOUT_GUARD_PREFIX = "_tributary_layout_";

    /** The layout guard column (the highest-numbered one, should there be several), if the table has one. */
    public Optional<Column> layoutGuard() {
        Column guard = null;
        for (Column column : columns) {
            int n = layoutNumber(column.name());
            if (n > 0 && (guard == null || n > layoutNumber(guard.name()))) {
                guard = column;
            }
        }
        return Optional.ofNullable(guard);
    }

    /** The n of a layout guard column's name {@code _tributary_layout_<n>}; 0 for any other name. */
    public static int layoutNumber(String columnName) {
        if (!columnName.startsWith(LAYOUT_GUARD_PREFIX)) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(columnName.substring(LAYOUT_GUARD_PREFIX.length())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The columns an INSERT may name: all but MATERIALIZED and ALIAS ones. */
    public List<Column> insertableColumns() {
        List<Column> insertable = new ArrayList<>(columns.size());
        for (Column column : columns) {
            if (column.insertable()) {
                insertable.add(column);
            }
        }
        return insertable;
    }

    /** {@code `name`}, with backticks and backslashes in it escaped. */
    public static String quoteIdentifier(String name) {
        return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }

    /** Undoes TSV escaping: {@code \t \n \r \0 \b \f \\ \'} and any other escaped character as itself. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char escaped = field.charAt(++i);
            switch (escaped) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }
}
