package io.tributary.connect.sink.clickhouse.table;

import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkConfig;
import io.tributary.connect.sink.clickhouse.convert.ClickHouseType;
import io.tributary.connect.sink.clickhouse.convert.Column;
import io.tributary.connect.sink.clickhouse.convert.ColumnDefinition;
import io.tributary.connect.sink.clickhouse.convert.ConversionException;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions;
import io.tributary.connect.sink.clickhouse.convert.RowBinaryEncoder;
import io.tributary.connect.sink.clickhouse.convert.SchemaMapping;
import io.tributary.connect.sink.clickhouse.convert.ServerVersion;
import io.tributary.connect.sink.clickhouse.convert.TableSchema;
import io.tributary.connect.sink.clickhouse.convert.Widening;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tables the sink writes: which table a topic goes to, what columns it has (DESCRIBE, cached), creating it
 * when asked to and it is missing, adding columns for new fields when asked to, and the RowBinary encoder for each
 * (table, value schema). Used from the task's thread.
 */
public final class Tables {

    private static final Logger log = LoggerFactory.getLogger(Tables.class);

    private final ClickHouseSinkConfig config;
    private final ClickHouseGateway gateway;
    private final Runnable flushPending;
    private final Map<String, String> tableMap;
    private final Map<String, String> tableOfTopic = new HashMap<>();
    private final Map<String, TableSchema> schemas = new HashMap<>();
    private final Map<String, Map<Schema, RowBinaryEncoder>> encoders = new HashMap<>();
    /** Encoders by schema equality, for converters that make a new Schema object per record. Bounded. */
    private final Map<String, Map<Schema, RowBinaryEncoder>> encodersByEquality = new HashMap<>();
    private static final int MAX_ENCODERS_PER_TABLE = 1_000;
    /** Value schemas the table cannot take, with why: their records are refused without asking the server again. */
    private final Map<String, Map<Schema, ConversionException>> refused = new HashMap<>();
    private ServerVersion version;
    private EncoderOptions options;

    public Tables(ClickHouseSinkConfig config, ClickHouseGateway gateway) {
        this(config, gateway, () -> { });
    }

    /**
     * @param flushPending inserts every row this task holds, before a column's type changes: rows are encoded for
     *                     the column types they were encoded against, and RowBinary does not say them
     */
    public Tables(ClickHouseSinkConfig config, ClickHouseGateway gateway, Runnable flushPending) {
        this.config = config;
        this.gateway = gateway;
        this.flushPending = flushPending;
        this.tableMap = config.tableMap();
    }

    /** The table of {@code topic}: from topic.table.map, else the name template with the topic made safe. */
    public String tableFor(String topic) {
        return tableOfTopic.computeIfAbsent(topic, t -> {
            String mapped = tableMap.get(t);
            return mapped != null ? mapped : config.tableFormat().replace("${topic}", t.replaceAll("[^A-Za-z0-9_]",
                    "_"));
        });
    }

    public synchronized ServerVersion version() {
        if (version == null) {
            version = gateway.serverVersion();
            options = EncoderOptions.defaults(version)
                    .withOffsetColumns(config.offsetColumns())
                    .withUnknownFields(config.autoEvolve() ? EncoderOptions.UnknownFields.IGNORE : config.unknownFields())
                    .withFlattenSeparator(config.flattenSeparator())
                    .withRowBinaryWithDefaults(version.supportsRowBinaryWithDefaults());
            log.info("ClickHouse {} at {}: RowBinary{}", version, config.url(),
                    version.supportsRowBinaryWithDefaults() ? "WithDefaults" : " (no per-value defaults before 23.7)");
        }
        return version;
    }

    /**
     * The columns of {@code table}; a missing table is created from {@code sample} (a Struct's schema or a
     * schemaless value) when auto-create is on, else it is a configuration error.
     */
    public synchronized TableSchema schema(String table, Schema valueSchema, Object sample) {
        TableSchema schema = schemas.get(table);
        if (schema != null) {
            return schema;
        }
        if (!gateway.tableExists(table)) {
            if (!config.autoCreate()) {
                throw new ConnectException("Table " + gateway.qualified(table) + " does not exist; create it, map the "
                        + "topic to another (" + ClickHouseSinkConfig.TABLE_MAP_CONFIG + ") or set "
                        + ClickHouseSinkConfig.AUTO_CREATE_CONFIG + "=true");
            }
            create(table, valueSchema, sample);
        }
        schema = gateway.describe(table);
        checkOffsetColumns(schema);
        if (config.autoEvolve() && schema.layoutGuard().isEmpty()) {
            schema = addLayoutGuard(schema);
        }
        schemas.put(table, schema);
        return schema;
    }

    /**
     * Gives a table the sink evolves its layout guard before the first insert (an existing table, or one created by
     * an older version): from then on every insert of this task names it, and a widening by any task replaces it.
     */
    private TableSchema addLayoutGuard(TableSchema schema) {
        String guard = TableSchema.LAYOUT_GUARD_PREFIX + 1;
        log.info("Adding the layout guard column {} to {}", guard, gateway.qualified(schema.table()));
        try {
            gateway.execute("ALTER TABLE " + gateway.qualified(schema.table()) + " ADD COLUMN "
                    + layoutGuardSql(guard));
        } catch (ClickHouseGateway.GatewayException e) {
            // Another task may have added it first (or already widened, replacing it by a later one).
            if (e.retriable() || gateway.describe(schema.table()).layoutGuard().isEmpty()) {
                throw e;
            }
        }
        return gateway.describe(schema.table());
    }

    private static String layoutGuardSql(String name) {
        return quote(name) + " UInt8 DEFAULT 0";
    }

    /**
     * The ALTER commands that replace {@code schema}'s layout guard by the next one, to go in the same ALTER as a
     * change of a column's type (one ALTER is applied whole or not at all: checked on 18.16, a DROP of a missing
     * column refusing the other commands of its statement too).
     */
    private static String replaceLayoutGuard(TableSchema schema) {
        return schema.layoutGuard()
                .map(g -> ", DROP COLUMN " + quote(g.name()) + ", ADD COLUMN "
                        + layoutGuardSql(TableSchema.LAYOUT_GUARD_PREFIX + (TableSchema.layoutNumber(g.name()) + 1)))
                .orElse(", ADD COLUMN " + layoutGuardSql(TableSchema.LAYOUT_GUARD_PREFIX + 1));
    }

    /**
     * Whether {@code table}'s layout changed since rows were encoded for an INSERT naming {@code insertColumns}
     * (quoted): its layout guard is no longer the one they name. Asks the server (called after an insert failed, not
     * per insert); when it changed, everything cached about the table is dropped, so that the rows are encoded again
     * for the table as it is now.
     */
    public synchronized boolean layoutChanged(String table, List<String> insertColumns) {
        String encodedFor = null;
        for (String column : insertColumns) {
            if (column.startsWith("`" + TableSchema.LAYOUT_GUARD_PREFIX)) {
                encodedFor = column;
            }
        }
        TableSchema now;
        try {
            now = gateway.describe(table);
        } catch (ClickHouseGateway.GatewayException e) {
            return false; // the insert's own failure says more
        }
        String current = now.layoutGuard().map(c -> quote(c.name())).orElse(null);
        if (java.util.Objects.equals(encodedFor, current)) {
            return false;
        }
        log.info("Table {} changed under this task (layout guard {} now {}): encoding its pending rows again",
                gateway.qualified(table), encodedFor, current);
        forget(table);
        return true;
    }

    private void checkOffsetColumns(TableSchema schema) {
        EncoderOptions.OffsetColumns offsets = config.offsetColumns();
        if (offsets == null) {
            return;
        }
        for (String name : List.of(offsets.topic(), offsets.partition(), offsets.offset())) {
            if (schema.column(name).isEmpty()) {
                throw new ConnectException("Table " + gateway.qualified(schema.table()) + " has no column '" + name
                        + "', which exactly-once needs (" + ClickHouseSinkConfig.OFFSET_COLUMNS_CONFIG + "): add it, "
                        + "or set " + ClickHouseSinkConfig.DELIVERY_CONFIG + "=at-least-once");
            }
        }
    }

    private void create(String table, Schema valueSchema, Object sample) {
        SchemaMapping mapping = new SchemaMapping(version(), config.flattenSeparator());
        List<ColumnDefinition> columns = new ArrayList<>();
        EncoderOptions.OffsetColumns offsets = config.offsetColumns();
        if (offsets != null) {
            columns.add(new ColumnDefinition(offsets.topic(), "String"));
            columns.add(new ColumnDefinition(offsets.partition(), "Int32"));
            columns.add(new ColumnDefinition(offsets.offset(), "Int64"));
        }
        if (valueSchema != null && valueSchema.type() == Schema.Type.STRUCT) {
            columns.addAll(mapping.columns(valueSchema));
        } else if (sample instanceof Map<?, ?> map) {
            // A null says nothing about the type: such keys get their column when a value first shows it (evolve).
            columns.addAll(mapping.columnsForSchemaless(withoutNulls(map)));
        } else {
            throw new ConnectException("Cannot create table " + gateway.qualified(table) + " from a value that is "
                    + "neither a Struct nor a map (JSON strings: parse them with JsonConverter, or create the table)");
        }
        String orderBy = !config.orderBy().isBlank() ? config.orderBy()
                : offsets != null ? "(" + quote(offsets.topic()) + ", " + quote(offsets.partition()) + ", "
                + quote(offsets.offset()) + ")" : "tuple()";
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(gateway.qualified(table))
                .append(" (");
        for (int i = 0; i < columns.size(); i++) {
            ddl.append(i == 0 ? "" : ", ").append(columns.get(i).sql());
        }
        if (config.autoEvolve()) {
            ddl.append(", ").append(layoutGuardSql(TableSchema.LAYOUT_GUARD_PREFIX + 1));
        }
        ddl.append(") ENGINE = MergeTree()");
        if (!config.partitionBy().isBlank()) {
            ddl.append(" PARTITION BY ").append(config.partitionBy());
        }
        ddl.append(" ORDER BY ").append(orderBy);
        log.info("Creating table {}: {}", gateway.qualified(table), ddl);
        gateway.execute(ddl.toString());
    }

    /**
     * The encoder for Structs of {@code valueSchema} into {@code table}. When evolving, first adds columns for new
     * fields and widens columns whose field's type was promoted ({@link Widening}), and refuses a schema that leaves
     * a required column (scalar, not Nullable, no DEFAULT) without a value. A schema refused once is refused again
     * from memory, without asking the server, until the table changes or is forgotten.
     *
     * @throws ConversionException the schema cannot be written to the table (its records are dead letters)
     */
    public synchronized RowBinaryEncoder encoder(String table, Schema valueSchema) {
        Map<Schema, RowBinaryEncoder> perSchema = encoders.computeIfAbsent(table, t -> new IdentityHashMap<>());
        RowBinaryEncoder encoder = perSchema.get(valueSchema);
        if (encoder == null) {
            encoder = encodersByEquality.computeIfAbsent(table, t -> new HashMap<>()).get(valueSchema);
            if (encoder != null) {
                remember(table, valueSchema, encoder);
                return encoder;
            }
            ConversionException refusedBefore = refused.computeIfAbsent(table, t -> new HashMap<>()).get(valueSchema);
            if (refusedBefore != null) {
                throw refusedBefore;
            }
            try {
                encoder = build(table, valueSchema);
            } catch (ConversionException e) {
                Map<Schema, ConversionException> byTable = refused.computeIfAbsent(table, t -> new HashMap<>());
                if (byTable.size() >= MAX_ENCODERS_PER_TABLE) {
                    byTable.clear();
                }
                byTable.put(valueSchema, e);
                throw e;
            }
            remember(table, valueSchema, encoder);
            encodersByEquality.computeIfAbsent(table, t -> new HashMap<>()).put(valueSchema, encoder);
        }
        return encoder;
    }

    /**
     * Builds the encoder; when evolving, first against the table as it would be after the changes the schema needs
     * (columns added, columns widened), so that a schema refused for any reason leaves the table as it was, and only
     * then alters the table.
     */
    private RowBinaryEncoder build(String table, Schema valueSchema) {
        TableSchema schema = schema(table, valueSchema, null);
        version();
        if (!config.autoEvolve()) {
            return RowBinaryEncoder.build(schema, valueSchema, options);
        }
        SchemaMapping mapping = new SchemaMapping(version(), config.flattenSeparator());
        List<ColumnDefinition> added = new ArrayList<>();
        for (Field field : valueSchema.fields()) {
            addMissing(added, schema, field.name(), field.schema(), mapping);
        }
        List<Widening.Change> widened = Widening.changes(schema, valueSchema, config.flattenSeparator());
        TableSchema planned = planned(schema, added, widened);
        requireFilled(planned, RowBinaryEncoder.build(planned, valueSchema, options));
        // Widening first: the server may refuse it (a sorting-key column), and then nothing has changed.
        if (!widened.isEmpty()) {
            schema = widen(schema, widened);
        }
        if (!added.isEmpty()) {
            schema = evolve(schema, added);
        }
        return requireFilled(schema, RowBinaryEncoder.build(schema, valueSchema, options));
    }

    /** The columns a field needs added, found the way the encoder binds fields (a struct without a column of its
     * name is flattened; a list of structs or a map with {@code name.*} columns goes there). */
    private void addMissing(List<ColumnDefinition> out, TableSchema table, String name, Schema schema,
                            SchemaMapping mapping) {
        if (table.column(name).isPresent()) {
            return;
        }
        if (schema.type() == Schema.Type.STRUCT) {
            for (Field child : schema.fields()) {
                addMissing(out, table, name + config.flattenSeparator() + child.name(), child.schema(), mapping);
            }
            return;
        }
        for (Column column : table.columns()) {
            if (column.name().startsWith(name + ".")) {
                return;
            }
        }
        out.addAll(mapping.columnsFor(name, schema));
    }

    /** The table as it will be once {@code added} columns exist and {@code widened} ones have their new types. */
    private static TableSchema planned(TableSchema schema, List<ColumnDefinition> added,
                                       List<Widening.Change> widened) {
        if (added.isEmpty() && widened.isEmpty()) {
            return schema;
        }
        List<Column> columns = new ArrayList<>();
        for (Column column : schema.columns()) {
            Column replaced = column;
            for (Widening.Change change : widened) {
                if (change.column().name().equals(column.name())) {
                    replaced = new Column(column.name(), ClickHouseType.parse(change.to()), column.defaultKind(),
                            column.defaultExpression());
                }
            }
            columns.add(replaced);
        }
        for (ColumnDefinition column : added) {
            columns.add(new Column(column.name(), ClickHouseType.parse(evolvedType(column)), "", ""));
        }
        return new TableSchema(schema.table(), columns);
    }

    /** Refuses an encoder whose rows would leave a required column (scalar, not Nullable, no DEFAULT) empty. */
    private RowBinaryEncoder requireFilled(TableSchema schema, RowBinaryEncoder encoder) {
        List<Column> missing = Widening.requiredButMissing(schema, encoder);
        if (!missing.isEmpty()) {
            Column column = missing.get(0);
            throw new ConversionException("column '" + column.name() + "'", "table "
                    + gateway.qualified(schema.table()) + " requires a value there (" + column.type()
                    + ", not Nullable, no DEFAULT) and the value schema has no field for it" + (missing.size() > 1
                    ? " (nor for " + (missing.size() - 1) + " more such column(s))" : ""));
        }
        return encoder;
    }

    /**
     * Widens the columns whose field's type was promoted (ALTER TABLE ... MODIFY COLUMN). A change the server
     * refuses (a column of the sorting key, an older server) refuses the schema, naming column, types and the
     * server's answer; a transient failure is the gateway's retriable one.
     *
     * <p>Several tasks may write the table, and another task may hold rows encoded in RowBinary for the old type,
     * which names no types: sent after the change, 4-byte Int32 values would be read as 8-byte Int64 ones, silently
     * wrong when the byte count happens to fit. So each MODIFY COLUMN replaces the table's layout guard column
     * ({@code _tributary_layout_<n>} by {@code <n+1>}) in the same ALTER, and every RowBinary insert names the guard
     * its rows were encoded with. Why this is safe under every interleaving: ClickHouse applies one ALTER whole or not
     * at all, and serialises it with inserts on the table's lock: an insert holds the table's structure lock from
     * resolving its column list to writing its last row, and the ALTER waits for it (measured on 18.16: an ALTER
     * issued during a streaming insert returned only after it, every row read with the old type). So an insert of
     * old-layout rows either runs entirely before the change (read with the old types, then converted by the ALTER
     * with the rest of the column) or after it, when its column list names a guard that no longer exists and the
     * server refuses it before reading a byte (code 16, no such column). No check-then-insert window exists, and no
     * query is added per insert; the refused task re-encodes its rows ({@code PartitionWriter}).
     */
    private TableSchema widen(TableSchema schema, List<Widening.Change> changes) {
        String table = schema.table();
        flushPending.run();
        TableSchema current = schema;
        for (Widening.Change change : changes) {
            current = widen(current, change);
        }
        return changed(table);
    }

    private TableSchema widen(TableSchema schema, Widening.Change change) {
        String table = schema.table();
        TableSchema current = schema;
        for (int attempt = 1; ; attempt++) {
            if (current.column(change.column().name()).map(c -> c.type().toString().equals(change.to()))
                    .orElse(false)) {
                return current; // widened meanwhile by another task (seen when a refused insert re-read the table)
            }
            String ddl = "ALTER TABLE " + gateway.qualified(table) + " MODIFY COLUMN "
                    + new ColumnDefinition(change.column().name(), change.to()).sql() + replaceLayoutGuard(current);
            log.info("Widening column {} of {} from {} to {}", change.column().name(), gateway.qualified(table),
                    change.column().type(), change.to());
            try {
                gateway.execute(ddl);
                return gateway.describe(table);
            } catch (ClickHouseGateway.GatewayException e) {
                if (e.retriable()) {
                    throw e;
                }
                TableSchema now = gateway.describe(table);
                boolean widened = now.column(change.column().name())
                        .map(c -> c.type().toString().equals(change.to())).orElse(false);
                if (widened) {
                    return now; // another task widened it first
                }
                if (attempt < 3 && !now.layoutGuard().map(Column::name).equals(current.layoutGuard().map(Column::name))) {
                    current = now; // another task changed another column meanwhile, replacing the guard: again
                    continue;
                }
                String reason = e.getMessage();
                throw new ConversionException("field '" + change.field() + "' (column '" + change.column().name()
                        + "')", change.describe(gateway.qualified(table)) + ", and the server refused "
                        + "MODIFY COLUMN: " + (reason.length() > 300 ? reason.substring(0, 300) + "..." : reason));
            }
        }
    }

    /** Reads {@code table} again after it was altered; every encoder and refusal for it is out of date. */
    private TableSchema changed(String table) {
        TableSchema evolved = gateway.describe(table);
        schemas.put(table, evolved);
        encoders.remove(table);
        encodersByEquality.remove(table);
        refused.remove(table);
        return evolved;
    }

    private void remember(String table, Schema schema, RowBinaryEncoder encoder) {
        Map<Schema, RowBinaryEncoder> byIdentity = encoders.computeIfAbsent(table, t -> new IdentityHashMap<>());
        if (byIdentity.size() >= MAX_ENCODERS_PER_TABLE) {
            byIdentity.clear();
        }
        byIdentity.put(schema, encoder);
        Map<Schema, RowBinaryEncoder> byEquality = encodersByEquality.get(table);
        if (byEquality != null && byEquality.size() >= MAX_ENCODERS_PER_TABLE) {
            byEquality.clear();
        }
    }

    /** For schemaless values: adds columns for keys the table lacks, when evolving. */
    public synchronized void evolveFor(String table, Map<String, ?> value) {
        TableSchema schema = schemas.get(table);
        if (!config.autoEvolve() || schema == null) {
            return;
        }
        boolean missing = false;
        for (Map.Entry<String, ?> e : value.entrySet()) {
            if (e.getValue() != null && schema.column(e.getKey()).isEmpty()) {
                missing = true;
                break;
            }
        }
        if (missing) {
            evolve(schema, new SchemaMapping(version(), config.flattenSeparator())
                    .columnsForSchemaless(withoutNulls(value)));
        }
    }

    private static Map<String, Object> withoutNulls(Map<?, ?> value) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        value.forEach((k, v) -> {
            if (v != null) {
                out.put(String.valueOf(k), v);
            }
        });
        return out;
    }

    private TableSchema evolve(TableSchema schema, List<ColumnDefinition> wanted) {
        Set<String> have = new HashSet<>();
        for (Column c : schema.columns()) {
            have.add(c.name());
        }
        boolean changed = false;
        for (ColumnDefinition column : wanted) {
            if (have.contains(column.name())) {
                continue;
            }
            String type = evolvedType(column);
            log.info("Adding column {} {} to {}", column.name(), type, gateway.qualified(schema.table()));
            try {
                gateway.execute("ALTER TABLE " + gateway.qualified(schema.table()) + " ADD COLUMN "
                        + new ColumnDefinition(column.name(), type).sql());
            } catch (ClickHouseGateway.GatewayException e) {
                // Another task may have added it first (servers before 20.x have no ADD COLUMN IF NOT EXISTS).
                if (gateway.describe(schema.table()).column(column.name()).isEmpty()) {
                    throw e;
                }
            }
            changed = true;
        }
        if (!changed) {
            return schema;
        }
        return changed(schema.table());
    }

    /** The type an added column gets: the created type, Nullable where ClickHouse allows it. */
    private static String evolvedType(ColumnDefinition column) {
        return column.type().startsWith("Nullable(") || column.type().startsWith("Array(")
                || column.type().startsWith("Map(") || column.type().startsWith("Tuple(") ? column.type()
                : "Nullable(" + column.type() + ")";
    }

    /** Forgets what is cached about {@code table} (after a failure that may mean it changed). */
    public synchronized void forget(String table) {
        schemas.remove(table);
        encoders.remove(table);
        encodersByEquality.remove(table);
        refused.remove(table);
    }

    public boolean skipUnknownJsonFields() {
        return config.autoEvolve() || config.unknownFields() == EncoderOptions.UnknownFields.IGNORE;
    }

    private static String quote(String name) {
        return TableSchema.quoteIdentifier(name);
    }
}
