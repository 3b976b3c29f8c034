package io.tributary.connect.sink.clickhouse.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ClickHouse sink's keys: connection, delivery guarantee, topic-to-table mapping, tables, batching. */
public final class ClickHouseSinkConfig extends AbstractConfig {

    public enum Delivery { EXACTLY_ONCE, AT_LEAST_ONCE }

    public static final String URL_CONFIG = "clickhouse.url";
    public static final String DATABASE_CONFIG = "clickhouse.database";
    public static final String USER_CONFIG = "clickhouse.user";
    public static final String PASSWORD_CONFIG = "clickhouse.password";
    public static final String TRUSTSTORE_PATH_CONFIG = "clickhouse.tls.truststore.path";
    public static final String TRUSTSTORE_PASSWORD_CONFIG = "clickhouse.tls.truststore.password";
    public static final String SOCKET_TIMEOUT_CONFIG = "clickhouse.socket.timeout.ms";

    public static final String DELIVERY_CONFIG = "delivery.guarantee";
    public static final String OFFSET_COLUMNS_CONFIG = "offset.columns";

    public static final String TABLE_FORMAT_CONFIG = "table.name.format";
    public static final String TABLE_MAP_CONFIG = "topic.table.map";
    public static final String UNKNOWN_FIELDS_CONFIG = "fields.unknown";
    public static final String FLATTEN_SEPARATOR_CONFIG = "fields.flatten.separator";
    public static final String AUTO_CREATE_CONFIG = "table.auto.create.enabled";
    public static final String ORDER_BY_CONFIG = "table.auto.create.order.by";
    public static final String PARTITION_BY_CONFIG = "table.auto.create.partition.by";
    public static final String AUTO_EVOLVE_CONFIG = "table.auto.evolve.enabled";

    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    public static final String BATCH_MAX_BYTES_CONFIG = "batch.max.bytes";
    public static final String BATCH_LINGER_CONFIG = "batch.linger.ms";
    public static final String PARALLELISM_CONFIG = "insert.parallelism";
    public static final String RETRY_BACKOFF_INITIAL_CONFIG = "retry.backoff.initial.ms";
    public static final String RETRY_BACKOFF_MAX_CONFIG = "retry.backoff.max.ms";

    public static final ConfigDef CONFIG_DEF = define();

    public ClickHouseSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("ClickHouse")
                .key(URL_CONFIG).defaultValue("http://127.0.0.1:8123").validator(Validators.described(
                        "an http:// or https:// URL", v -> {
                            String s = String.valueOf(v);
                            return s.startsWith("http://") || s.startsWith("https://") ? null
                                    : "must start with http:// or https:// (the HTTP interface, port 8123 or 8443)";
                        })).importance(Importance.HIGH)
                .doc("The server's HTTP interface: http://host:8123, or https://host:8443 for TLS.")
                .display("URL").add()
                .key(DATABASE_CONFIG).defaultValue("default").validator(Validators.nonEmpty())
                .importance(Importance.HIGH).doc("Database of the tables.").display("Database").add()
                .key(USER_CONFIG).defaultValue("default").importance(Importance.HIGH)
                .doc("User the connector inserts (and, with table management on, creates and alters tables) as.")
                .display("User").add()
                .key(PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.HIGH)
                .doc("Password of the user.").display("Password").add()
                .key(TRUSTSTORE_PATH_CONFIG).defaultValue("").importance(Importance.LOW)
                .doc("Trust store (PKCS12) with the server's certificate or its CA, for https URLs; empty means the "
                        + "JVM's default trust.").display("TLS trust store").add()
                .key(TRUSTSTORE_PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.LOW)
                .doc("Password of the trust store.").display("TLS trust store password").add()
                .key(SOCKET_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(120_000L).validator(Validators.atLeast(1000))
                .importance(Importance.LOW)
                .doc("How long one insert or query may wait for the server; a timeout is retried.")
                .display("Socket timeout (ms)").add();
        b.group("Delivery")
                .key(DELIVERY_CONFIG).defaultValue("exactly-once").validator(Validators.oneOf(Delivery.class))
                .importance(Importance.HIGH)
                .doc("'exactly-once': every row carries its topic, partition and offset (" + OFFSET_COLUMNS_CONFIG
                        + "); one insert holds one partition's batch; on assignment the task reads what the table "
                        + "already holds and skips it, so crashes and retries never write a record twice, with no "
                        + "Keeper. 'at-least-once': no extra columns; a retry after a crash can repeat a batch.")
                .display("Delivery guarantee").add()
                .key(OFFSET_COLUMNS_CONFIG).type(Type.LIST).defaultValue(List.of("_topic", "_partition", "_offset"))
                .validator(Validators.described("three column names", v -> ((List<?>) v).size() == 3 ? null
                        : "must name three columns: topic, partition, offset"))
                .importance(Importance.MEDIUM)
                .doc("Columns for the topic (String), partition and offset ((U)Int32 to (U)Int256; Int64 is what "
                        + "created tables use) under exactly-once.").display("Offset columns").add();
        b.group("Tables")
                .key(TABLE_FORMAT_CONFIG).defaultValue("${topic}")
                .doc("Table for a topic not in " + TABLE_MAP_CONFIG + ": a template where ${topic} is the topic "
                        + "name with characters other than letters, digits and '_' replaced by '_'.")
                .display("Table name").add()
                .key(TABLE_MAP_CONFIG).type(Type.LIST).defaultValue(List.of())
                .validator(Validators.described("topic=table pairs", v -> ((List<?>) v).stream()
                        .allMatch(p -> p.toString().matches("[^=]+=[^=]+")) ? null : "each entry is 'topic=table'"))
                .doc("Tables of named topics, as topic=table pairs, e.g. 'events-clicks=clicks,events-iot=iot'.")
                .display("Topic to table").add()
                .key(UNKNOWN_FIELDS_CONFIG).defaultValue("ignore").validator(Validators.oneOf(
                        EncoderOptions.UnknownFields.class))
                .doc("Fields without a column: 'ignore' them, or 'fail' the record (dead letter).")
                .display("Unknown fields").add()
                .key(FLATTEN_SEPARATOR_CONFIG).defaultValue("_")
                .doc("Nested Struct fields go to columns named parent<separator>child (unless the table has a "
                        + "Tuple column of the parent's name).").display("Flatten separator").add()
                .key(AUTO_CREATE_CONFIG).type(Type.BOOLEAN).defaultValue(false)
                .doc("Create a missing table (MergeTree) from the first record's schema (or, schemaless, its "
                        + "values), with the offset columns under exactly-once.").display("Create tables").add()
                .key(ORDER_BY_CONFIG).defaultValue("")
                .doc("ORDER BY of created tables; empty means the offset columns (exactly-once), else tuple().")
                .display("ORDER BY").add()
                .key(PARTITION_BY_CONFIG).defaultValue("")
                .doc("PARTITION BY of created tables; empty means none.").display("PARTITION BY").add()
                .key(AUTO_EVOLVE_CONFIG).type(Type.BOOLEAN).defaultValue(false)
                .doc("Evolve tables with the records' Struct schemas: add a Nullable column for a field the table "
                        + "lacks (ALTER TABLE ADD COLUMN), instead of ignoring or failing it; widen a column whose "
                        + "field's type was promoted (int to long or double, float to double: MODIFY COLUMN); refuse "
                        + "(dead-letter) records of a schema that leaves a column without value that has neither "
                        + "Nullable nor a DEFAULT.").display("Evolve tables").add();
        b.group("Batching")
                .key(BATCH_MAX_RECORDS_CONFIG).type(Type.INT).defaultValue(100_000)
                .validator(Validators.between(1, 1_000_000))
                .doc("Records per insert at most (one partition's). At most 1,000,000: one insert must stay one "
                        + "block of the server (max_insert_block_size) to land whole.").display("Batch records").add()
                .key(BATCH_MAX_BYTES_CONFIG).type(Type.LONG).defaultValue(64L << 20).validator(Validators.atLeast(1024))
                .doc("Encoded bytes per insert at most.").display("Batch bytes").add()
                .key(BATCH_LINGER_CONFIG).type(Type.LONG).defaultValue(1_000L).validator(Validators.atLeast(0))
                .doc("A partition's records are inserted once the oldest has waited this long, even if the batch "
                        + "is not full (also on every offset commit).").display("Linger (ms)").add()
                .key(PARALLELISM_CONFIG).type(Type.INT).defaultValue(4).validator(Validators.between(1, 64))
                .doc("Partitions inserted at the same time.").display("Parallel inserts").add()
                .key(RETRY_BACKOFF_INITIAL_CONFIG).type(Type.LONG).defaultValue(500L).validator(Validators.atLeast(1))
                .doc("First wait before retrying after a retriable failure (timeouts, connection loss, too many "
                        + "parts, too many queries); doubled each time.").display("Retry backoff (ms)").add()
                .key(RETRY_BACKOFF_MAX_CONFIG).type(Type.LONG).defaultValue(30_000L).validator(Validators.atLeast(1))
                .doc("Longest wait between retries; retries go on until the server answers.")
                .display("Retry backoff max (ms)").add();
        return b.build();
    }

    public String url() {
        return getString(URL_CONFIG);
    }

    public String database() {
        return getString(DATABASE_CONFIG);
    }

    public String user() {
        return getString(USER_CONFIG);
    }

    public String password() {
        Password p = getPassword(PASSWORD_CONFIG);
        return p == null ? "" : p.value();
    }

    public String truststorePath() {
        return getString(TRUSTSTORE_PATH_CONFIG);
    }

    public String truststorePassword() {
        Password p = getPassword(TRUSTSTORE_PASSWORD_CONFIG);
        return p == null ? null : p.value();
    }

    public long socketTimeoutMs() {
        return getLong(SOCKET_TIMEOUT_CONFIG);
    }

    public boolean exactlyOnce() {
        return Validators.parseEnum(Delivery.class, getString(DELIVERY_CONFIG)) == Delivery.EXACTLY_ONCE;
    }

    /** The offset columns under exactly-once; null under at-least-once. */
    public EncoderOptions.OffsetColumns offsetColumns() {
        if (!exactlyOnce()) {
            return null;
        }
        List<String> names = getList(OFFSET_COLUMNS_CONFIG);
        return new EncoderOptions.OffsetColumns(names.get(0).trim(), names.get(1).trim(), names.get(2).trim());
    }

    public String tableFormat() {
        return getString(TABLE_FORMAT_CONFIG);
    }

    public Map<String, String> tableMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : getList(TABLE_MAP_CONFIG)) {
            int eq = pair.indexOf('=');
            map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return map;
    }

    public EncoderOptions.UnknownFields unknownFields() {
        return Validators.parseEnum(EncoderOptions.UnknownFields.class, getString(UNKNOWN_FIELDS_CONFIG));
    }

    public String flattenSeparator() {
        return getString(FLATTEN_SEPARATOR_CONFIG);
    }

    public boolean autoCreate() {
        return getBoolean(AUTO_CREATE_CONFIG);
    }

    public String orderBy() {
        return getString(ORDER_BY_CONFIG);
    }

    public String partitionBy() {
        return getString(PARTITION_BY_CONFIG);
    }

    public boolean autoEvolve() {
        return getBoolean(AUTO_EVOLVE_CONFIG);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public long batchMaxBytes() {
        return getLong(BATCH_MAX_BYTES_CONFIG);
    }

    public long lingerMs() {
        return getLong(BATCH_LINGER_CONFIG);
    }

    public int parallelism() {
        return getInt(PARALLELISM_CONFIG);
    }

    public long backoffInitialMs() {
        return getLong(RETRY_BACKOFF_INITIAL_CONFIG);
    }

    public long backoffMaxMs() {
        return getLong(RETRY_BACKOFF_MAX_CONFIG);
    }
}
