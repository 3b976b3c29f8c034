package io.tributary.connect.source.file.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.KeyAliases;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.connector.TaskIndex;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.SchemaSpec;
import io.tributary.connect.common.registry.InferredSchemaRegistry;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.connect.data.Schema;

import java.nio.file.Path;
import java.util.Map;

/** Configuration of the file source connector and its tasks. Cross-field rules live in {@link FileSourceValidation}. */
public final class FileSourceConfig extends AbstractConfig {

    public enum Mode { SPOOL, TAIL }
    public enum Cleanup { MOVE, DELETE, NONE }
    public enum Format {
        JSON, CSV, TSV, AVRO, PARQUET, LINES;

        /** Whether files of this format carry their own schema (and are resumed by record count, not bytes). */
        public boolean carriesSchema() {
            return this == AVRO || this == PARQUET;
        }
    }
    public enum Output { AUTO, MAP, STRUCT }
    public enum Order { NAME, MODIFIED }
    public enum StartPosition { BEGINNING, END }

    public static final String TOPIC_CONFIG = "topic";
    private static final String TOPIC_DOC = "Topic the records are written to.";

    public static final String FILE_PATH_CONFIG = "file.path";
    private static final String FILE_PATH_DOC = "Absolute path of the directory to read files from.";
    public static final String FILE_GLOB_CONFIG = "file.glob";
    private static final String FILE_GLOB_DOC = "Glob the file names (relative to file.path) must match, e.g. "
            + "'*.jsonl' or '**/*.csv' with recursion. Hidden files (starting with '.') are never read, so writers "
            + "can write under a hidden name and rename when done.";
    public static final String FILE_RECURSIVE_CONFIG = "file.recursive.enabled";
    private static final String FILE_RECURSIVE_DOC = "Whether to look for files in subdirectories too. The finished "
            + "and error directories are never descended into.";
    public static final String FILE_MODE_CONFIG = "file.mode";
    private static final String FILE_MODE_DOC = "'spool': read each file once, then move or delete it (see "
            + "spool.cleanup.policy). 'tail': follow growing files such as logs, detecting rotation by file identity "
            + "and picking up new files.";
    public static final String FILE_MIN_AGE_CONFIG = "file.min.age.ms";
    private static final String FILE_MIN_AGE_DOC = "In spool mode, a file is read only once it has not been "
            + "modified for this long, so a file still being written is not read half-way. 0 reads files at once "
            + "(safe when writers rename complete files into place).";
    public static final String FILE_SCAN_INTERVAL_CONFIG = "file.scan.interval.ms";
    private static final String FILE_SCAN_INTERVAL_DOC = "How often the directory is listed for new files (and, in "
            + "tail mode, checked for rotation). A listing pass covers the whole directory once; files found are "
            + "worked through before the next pass, so large directories are not listed on every poll.";
    public static final String FILE_ORDER_CONFIG = "file.order";
    private static final String FILE_ORDER_DOC = "Order in which the files found in a pass are read (spool mode): "
            + "by relative path name, or by last-modified time.";

    public static final String CLEANUP_POLICY_CONFIG = "spool.cleanup.policy";
    private static final String CLEANUP_POLICY_DOC = "What happens to a file once every record from it is in "
            + "Kafka: 'move' to spool.finished.path, 'delete' it, or 'none' (leave it; its offset marks it done).";
    public static final String FINISHED_PATH_CONFIG = "spool.finished.path";
    private static final String FINISHED_PATH_DOC = "Absolute path of the directory finished files are moved to "
            + "(keeping their relative path). Empty means '<file.path>/finished'.";
    public static final String ERROR_PATH_CONFIG = "spool.error.path";
    private static final String ERROR_PATH_DOC = "Absolute path of the directory files that cannot be read "
            + "(unreadable, corrupt container or compression) are moved to. Empty means '<file.path>/error'.";

    public static final String TAIL_START_CONFIG = "tail.start.position";
    private static final String TAIL_START_DOC = "In tail mode, where to start in files that exist when the "
            + "connector first sees them and have no stored offset: 'beginning' or 'end'. Files appearing later are "
            + "always read from the beginning.";

    public static final String FORMAT_CONFIG = "format";
    private static final String FORMAT_DOC = "File format: 'json' (one JSON value per line), 'csv', 'tsv', 'avro' "
            + "(object container files), 'parquet' (complete Parquet files, read row by row) or 'lines' (each line a "
            + "string). gzip and zstd compression are detected from the first bytes of each file (Parquet "
            + "compresses its pages itself and is read only without compression around it).";
    public static final String OUTPUT_CONFIG = "output";
    private static final String OUTPUT_DOC = "Record values as schemaless 'map's or as 'struct's with a schema. "
            + "'auto' means map for json, struct for csv, tsv, avro and parquet (lines are always strings).";
    public static final String SCHEMA_CONFIG = "output.schema";
    private static final String SCHEMA_DOC = "Declared value schema for struct output, compact "
            + "('id:int64, user:string, amount:decimal(2), note:string?') or in JsonConverter's JSON schema form "
            + "for nested data. Empty means inferred: one schema per task, from the first records of the first file "
            + "and kept across files; a record with a new field or a wider number widens it compatibly (the field "
            + "added optional, an integer to float64), one that would need an incompatible change goes to the "
            + "dead-letter topic.";
    public static final String SCHEMA_NAME_CONFIG = "output.schema.name";
    private static final String SCHEMA_NAME_DOC = "Name of the struct schema, declared or inferred.";
    public static final String SAMPLE_RECORDS_CONFIG = "output.schema.sample.records";
    private static final String SAMPLE_RECORDS_DOC = "How many records at the start of each file are fitted to the "
            + "inferred schema together, when none is declared, so that a new field's type comes from all of them; "
            + "later records are fitted one by one.";
    public static final String SCHEMA_REGISTRY_URL_CONFIG = InferredSchemaRegistry.URL_CONFIG;
    public static final String SCHEMA_SUBJECT_CONFIG = InferredSchemaRegistry.SUBJECT_CONFIG;
    public static final String CSV_DELIMITER_CONFIG = "format.csv.delimiter";
    private static final String CSV_DELIMITER_DOC = "Field delimiter for csv (tsv always uses a tab); '\\t' for tab.";
    public static final String CSV_QUOTE_CONFIG = "format.csv.quote";
    private static final String CSV_QUOTE_DOC = "Quote character for csv and tsv. Quoted fields may span lines.";
    public static final String CSV_HEADER_CONFIG = "format.csv.header.enabled";
    private static final String CSV_HEADER_DOC = "Whether the first line of a csv/tsv file names the columns. "
            + "Without a header, columns take the declared schema's field names in order, or column1, column2, ...";
    public static final String CSV_QUOTED_MAX_LINES_CONFIG = "format.csv.quoted.max.lines";
    private static final String CSV_QUOTED_MAX_LINES_DOC = "Most lines a csv/tsv row may span while a quoted field "
            + "in it is open. A row still open at this bound (an unterminated quote, which would otherwise make the "
            + "rest of the file one field) or at the end of the file goes to the dead-letter topic: its first line "
            + "alone, and reading goes on at the next line. 1 means a quoted field may not span lines.";
    public static final String CSV_QUOTED_MAX_BYTES_CONFIG = "format.csv.quoted.max.bytes";
    private static final String CSV_QUOTED_MAX_BYTES_DOC = "Most bytes a csv/tsv row may reach while a quoted field "
            + "in it is open (line breaks inside it counted, the row's final one not). A row still open at this "
            + "bound is dead-lettered as with " + CSV_QUOTED_MAX_LINES_CONFIG + ".";
    public static final String LINE_MAX_BYTES_CONFIG = "format.line.max.bytes";
    private static final String LINE_MAX_BYTES_DOC = "Longest line accepted. A longer line goes to the dead-letter "
            + "topic, truncated, and reading goes on after it. Keep it below the producer's max.request.size.";

    public static final String KEY_FIELD_CONFIG = "key.field";
    private static final String KEY_FIELD_DOC = "Field path (e.g. 'user_id' or 'device.id') whose value becomes "
            + "the record key, as a string. Empty means records have no key.";
    public static final String RECORD_HEADERS_CONFIG = "record.headers.enabled";
    private static final String RECORD_HEADERS_DOC = "Whether every record carries headers naming its source file "
            + "and line (tributary.source.file, tributary.source.line).";

    public static final String BATCH_MAX_RECORDS_CONFIG = "batch.max.records";
    private static final String BATCH_MAX_RECORDS_DOC = "Most records returned by one poll. Under exactly-once "
            + "each poll is one transaction, so larger batches mean fewer transactions.";
    public static final String POLL_INTERVAL_CONFIG = "poll.interval.ms";
    private static final String POLL_INTERVAL_DOC = "How long a poll waits when there is nothing to read.";

    public static final String DLQ_TOPIC_CONFIG = "dlq.topic";
    private static final String DLQ_TOPIC_DOC = "Topic for input that cannot be read as a record, with headers "
            + "naming the file, line, byte position and error. Empty means '<topic>-dlq'.";
    public static final String DLQ_MAX_VALUE_BYTES_CONFIG = "dlq.max.value.bytes";
    private static final String DLQ_MAX_VALUE_BYTES_DOC = "Most bytes of a bad input kept as the dead letter's value; "
            + "longer inputs are truncated, with headers saying so and giving the original length.";

    /** Set by the connector for each task: which share of the files the task reads. */
    public static final String TASK_INDEX_CONFIG = TaskIndex.CONFIG;
    public static final String TASK_COUNT_CONFIG = "tributary.task.count";

    /**
     * The names these keys had before every source named its record values {@code output} (as the HTTP source
     * and the listeners do): still read, with a warning (issue 13).
     */
    public static final KeyAliases ALIASES = KeyAliases.deprecated("format.output", OUTPUT_CONFIG)
            .and("format.schema", SCHEMA_CONFIG)
            .and("format.schema.name", SCHEMA_NAME_CONFIG)
            .and("format.schema.sample.records", SAMPLE_RECORDS_CONFIG);

    public static final ConfigDef CONFIG_DEF = define();

    public FileSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, ALIASES.apply(props));
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("Output")
                .key(TOPIC_CONFIG).required().validator(Validators.nonEmpty()).importance(Importance.HIGH)
                .doc(TOPIC_DOC).display("Topic").add()
                .key(KEY_FIELD_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc(KEY_FIELD_DOC).display("Key field").add()
                .key(RECORD_HEADERS_CONFIG).type(Type.BOOLEAN).defaultValue(false).importance(Importance.LOW)
                .doc(RECORD_HEADERS_DOC).display("Source headers on records").add();
        b.group("Files")
                .key(FILE_PATH_CONFIG).required().validator(Validators.absolutePath(false)).importance(Importance.HIGH)
                .doc(FILE_PATH_DOC).display("Input directory").width(Width.LONG).add()
                .key(FILE_GLOB_CONFIG).defaultValue("*").validator(Validators.glob()).importance(Importance.HIGH)
                .doc(FILE_GLOB_DOC).display("File name glob").add()
                .key(FILE_RECURSIVE_CONFIG).type(Type.BOOLEAN).defaultValue(false).importance(Importance.MEDIUM)
                .doc(FILE_RECURSIVE_DOC).display("Recurse into subdirectories").add()
                .key(FILE_MODE_CONFIG).defaultValue("spool").validator(Validators.oneOf(Mode.class))
                .importance(Importance.HIGH).doc(FILE_MODE_DOC).display("Mode").add()
                .key(FILE_MIN_AGE_CONFIG).type(Type.LONG).defaultValue(1_000L).validator(Validators.atLeast(0))
                .importance(Importance.MEDIUM).doc(FILE_MIN_AGE_DOC).display("Minimum file age (ms)").add()
                .key(FILE_SCAN_INTERVAL_CONFIG).type(Type.LONG).defaultValue(5_000L).validator(Validators.atLeast(10))
                .importance(Importance.LOW).doc(FILE_SCAN_INTERVAL_DOC).display("Scan interval (ms)").add()
                .key(FILE_ORDER_CONFIG).defaultValue("name").validator(Validators.oneOf(Order.class))
                .importance(Importance.LOW).doc(FILE_ORDER_DOC).display("Reading order").add();
        b.group("Spool")
                .key(CLEANUP_POLICY_CONFIG).defaultValue("move").validator(Validators.oneOf(Cleanup.class))
                .importance(Importance.MEDIUM).doc(CLEANUP_POLICY_DOC).display("Cleanup policy").add()
                .key(FINISHED_PATH_CONFIG).defaultValue("").validator(Validators.absolutePath(true))
                .importance(Importance.MEDIUM).doc(FINISHED_PATH_DOC).display("Finished directory").width(Width.LONG).add()
                .key(ERROR_PATH_CONFIG).defaultValue("").validator(Validators.absolutePath(true))
                .importance(Importance.MEDIUM).doc(ERROR_PATH_DOC).display("Error directory").width(Width.LONG).add();
        b.group("Tail")
                .key(TAIL_START_CONFIG).defaultValue("beginning").validator(Validators.oneOf(StartPosition.class))
                .importance(Importance.MEDIUM).doc(TAIL_START_DOC).display("Start position").add();
        b.group("Format")
                .key(FORMAT_CONFIG).defaultValue("json").validator(Validators.oneOf(Format.class))
                .importance(Importance.HIGH).doc(FORMAT_DOC).display("Format").add()
                .key(OUTPUT_CONFIG).defaultValue("auto").validator(Validators.oneOf(Output.class))
                .importance(Importance.MEDIUM).doc(OUTPUT_DOC).display("Value output").aliases(ALIASES).add()
                .key(SCHEMA_CONFIG).defaultValue("").importance(Importance.MEDIUM)
                .doc(SCHEMA_DOC).display("Declared schema").width(Width.LONG).aliases(ALIASES).add()
                .key(SCHEMA_NAME_CONFIG).defaultValue("io.tributary.file.Record").importance(Importance.LOW)
                .doc(SCHEMA_NAME_DOC).display("Schema name").aliases(ALIASES).add()
                .key(SAMPLE_RECORDS_CONFIG).type(Type.INT).defaultValue(100).validator(Validators.between(1, 100_000))
                .importance(Importance.LOW).doc(SAMPLE_RECORDS_DOC).display("Inference sample size").aliases(ALIASES)
                .add();
        InferredSchemaRegistry.define(b, "file")
                .key(CSV_DELIMITER_CONFIG).defaultValue(",").validator(Validators.singleCharacter())
                .importance(Importance.MEDIUM).doc(CSV_DELIMITER_DOC).display("CSV delimiter").width(Width.SHORT).add()
                .key(CSV_QUOTE_CONFIG).defaultValue("\"").validator(Validators.singleCharacter())
                .importance(Importance.LOW).doc(CSV_QUOTE_DOC).display("CSV quote").width(Width.SHORT).add()
                .key(CSV_HEADER_CONFIG).type(Type.BOOLEAN).defaultValue(true).importance(Importance.MEDIUM)
                .doc(CSV_HEADER_DOC).display("CSV header line").add()
                .key(CSV_QUOTED_MAX_LINES_CONFIG).type(Type.INT).defaultValue(100)
                .validator(Validators.between(1, 1_000_000)).importance(Importance.LOW)
                .doc(CSV_QUOTED_MAX_LINES_DOC).display("CSV quoted field, most lines").add()
                .key(CSV_QUOTED_MAX_BYTES_CONFIG).type(Type.INT).defaultValue(64 * 1024)
                .validator(Validators.between(1, 256 * 1024 * 1024)).importance(Importance.LOW)
                .doc(CSV_QUOTED_MAX_BYTES_DOC).display("CSV quoted field, most bytes").add()
                .key(LINE_MAX_BYTES_CONFIG).type(Type.INT).defaultValue(1_000_000)
                .validator(Validators.between(64, 256 * 1024 * 1024)).importance(Importance.LOW)
                .doc(LINE_MAX_BYTES_DOC).display("Longest line (bytes)").add();
        b.group("Batching")
                .key(BATCH_MAX_RECORDS_CONFIG).type(Type.INT).defaultValue(10_000).validator(Validators.between(1, 1_000_000))
                .importance(Importance.MEDIUM).doc(BATCH_MAX_RECORDS_DOC).display("Records per poll").add()
                .key(POLL_INTERVAL_CONFIG).type(Type.LONG).defaultValue(500L).validator(Validators.between(1, 600_000))
                .importance(Importance.LOW).doc(POLL_INTERVAL_DOC).display("Idle poll wait (ms)").add();
        b.group("Dead letters")
                .key(DLQ_TOPIC_CONFIG).defaultValue("").importance(Importance.HIGH)
                .doc(DLQ_TOPIC_DOC).display("Dead-letter topic").add()
                .key(DLQ_MAX_VALUE_BYTES_CONFIG).type(Type.INT).defaultValue(65_536).validator(Validators.between(0, 16 * 1024 * 1024))
                .importance(Importance.LOW).doc(DLQ_MAX_VALUE_BYTES_DOC).display("Dead-letter value limit (bytes)").add();
        ConfigDef def = b.build();
        def.defineInternal(TASK_INDEX_CONFIG, Type.INT, 0, Importance.LOW);
        def.defineInternal(TASK_COUNT_CONFIG, Type.INT, 1, Importance.LOW);
        return def;
    }

    public String topic() {
        return getString(TOPIC_CONFIG);
    }

    public String dlqTopic() {
        String dlq = getString(DLQ_TOPIC_CONFIG);
        return dlq.isEmpty() ? topic() + "-dlq" : dlq;
    }

    public Path directory() {
        return Path.of(getString(FILE_PATH_CONFIG));
    }

    public String glob() {
        return getString(FILE_GLOB_CONFIG);
    }

    public boolean recursive() {
        return getBoolean(FILE_RECURSIVE_CONFIG);
    }

    public Mode mode() {
        return Validators.parseEnum(Mode.class, getString(FILE_MODE_CONFIG));
    }

    public long minAgeMs() {
        return getLong(FILE_MIN_AGE_CONFIG);
    }

    public long scanIntervalMs() {
        return getLong(FILE_SCAN_INTERVAL_CONFIG);
    }

    public Order order() {
        return Validators.parseEnum(Order.class, getString(FILE_ORDER_CONFIG));
    }

    public Cleanup cleanup() {
        return Validators.parseEnum(Cleanup.class, getString(CLEANUP_POLICY_CONFIG));
    }

    public Path finishedDirectory() {
        String path = getString(FINISHED_PATH_CONFIG);
        return path.isEmpty() ? directory().resolve("finished") : Path.of(path);
    }

    public Path errorDirectory() {
        String path = getString(ERROR_PATH_CONFIG);
        return path.isEmpty() ? directory().resolve("error") : Path.of(path);
    }

    public StartPosition tailStart() {
        return Validators.parseEnum(StartPosition.class, getString(TAIL_START_CONFIG));
    }

    public Format format() {
        return Validators.parseEnum(Format.class, getString(FORMAT_CONFIG));
    }

    /** The output after resolving 'auto' for the format. */
    public Output output() {
        Output output = Validators.parseEnum(Output.class, getString(OUTPUT_CONFIG));
        if (output != Output.AUTO) {
            return output;
        }
        return format() == Format.JSON ? Output.MAP : Output.STRUCT;
    }

    /** The declared schema, or null when it is to be inferred. */
    public Schema declaredSchema() {
        String spec = getString(SCHEMA_CONFIG);
        return spec.isBlank() ? null : SchemaSpec.parse(spec, schemaName());
    }

    public String schemaName() {
        return getString(SCHEMA_NAME_CONFIG);
    }

    public int sampleRecords() {
        return getInt(SAMPLE_RECORDS_CONFIG);
    }

    /** The registry an inferred schema starts from ({@link InferredSchemaRegistry#url}); null for none. */
    public String schemaRegistryUrl() {
        return InferredSchemaRegistry.url(getString(SCHEMA_REGISTRY_URL_CONFIG), originals());
    }

    public String schemaSubject() {
        return InferredSchemaRegistry.subject(getString(SCHEMA_SUBJECT_CONFIG), topic());
    }

    public char csvDelimiter() {
        return format() == Format.TSV ? '\t' : Validators.character(getString(CSV_DELIMITER_CONFIG));
    }

    public char csvQuote() {
        return Validators.character(getString(CSV_QUOTE_CONFIG));
    }

    public boolean csvHeader() {
        return getBoolean(CSV_HEADER_CONFIG);
    }

    public int csvQuotedMaxLines() {
        return getInt(CSV_QUOTED_MAX_LINES_CONFIG);
    }

    public int csvQuotedMaxBytes() {
        return getInt(CSV_QUOTED_MAX_BYTES_CONFIG);
    }

    public int lineMaxBytes() {
        return getInt(LINE_MAX_BYTES_CONFIG);
    }

    /** The key field path, or null for records without keys. */
    public FieldPath keyField() {
        String path = getString(KEY_FIELD_CONFIG);
        return path.isBlank() ? null : FieldPath.parse(path);
    }

    public boolean recordHeaders() {
        return getBoolean(RECORD_HEADERS_CONFIG);
    }

    public int batchMaxRecords() {
        return getInt(BATCH_MAX_RECORDS_CONFIG);
    }

    public long pollIntervalMs() {
        return getLong(POLL_INTERVAL_CONFIG);
    }

    public int dlqMaxValueBytes() {
        return getInt(DLQ_MAX_VALUE_BYTES_CONFIG);
    }

    public int taskIndex() {
        return getInt(TASK_INDEX_CONFIG);
    }

    public int taskCount() {
        return getInt(TASK_COUNT_CONFIG);
    }
}
