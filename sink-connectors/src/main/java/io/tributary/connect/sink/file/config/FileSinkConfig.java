package io.tributary.connect.sink.file.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.io.Compression;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Map;

/** Configuration of the file sink connector. */
public final class FileSinkConfig extends AbstractConfig {

    public enum Format { JSON, CSV, AVRO, PARQUET, ARROW, LINES }
    /** Parquet's page compression (Parquet compresses inside the file, page by page). */
    public enum ParquetCompression { SNAPPY, ZSTD, GZIP, UNCOMPRESSED }
    /** Arrow's two IPC formats: the file (footer, random access) and the stream (no footer). */
    public enum ArrowIpc { FILE, STREAM }
    /** Arrow IPC buffer compression (each buffer of a record batch compressed on its own). */
    public enum ArrowCompression { NONE, LZ4_FRAME, ZSTD }
    public enum Layout { PARTITION, TIME }

    public static final String FILE_PATH_CONFIG = "file.path";
    private static final String FILE_PATH_DOC = "Absolute path of the directory files are written under. With "
            + "tasks on several workers it must be a shared file system: files, and the offset markers that make "
            + "delivery exactly-once, live there.";
    public static final String FSYNC_CONFIG = "file.fsync.enabled";
    private static final String FSYNC_DOC = "Whether a file (and its directory) is synced to disk before its offsets "
            + "are committed. Turning it off trades durability across power loss for speed.";

    public static final String FORMAT_CONFIG = "format";
    private static final String FORMAT_DOC = "'json' (one JSON value per line), 'csv' (header line, then one row "
            + "per record; nested values as JSON text), 'avro' (object container files; records need a schema), "
            + "'parquet' (columnar files; records need a Struct schema), 'arrow' (Arrow IPC files or streams; records "
            + "need a Struct schema) or 'lines' (strings and bytes as they are, one per line).";
    public static final String COMPRESSION_CONFIG = "format.compression";
    private static final String COMPRESSION_DOC = "Compression of each file: none, gzip or zstd. The file name gets "
            + "the codec's extension (.gz, .zst). Avro files are written uncompressed inside (use this key, not "
            + "Avro's codec). Parquet and Arrow files compress inside (format.parquet.compression, "
            + "format.arrow.compression): with 'parquet' or 'arrow' this key must stay 'none'.";
    public static final String PARQUET_COMPRESSION_CONFIG = "format.parquet.compression";
    private static final String PARQUET_COMPRESSION_DOC = "Compression of each page of a parquet file: snappy, zstd, "
            + "gzip or uncompressed. Readers need no setting: each column chunk names its codec.";
    public static final String PARQUET_ROW_GROUP_SIZE_CONFIG = "format.parquet.row.group.size";
    private static final String PARQUET_ROW_GROUP_SIZE_DOC = "Bytes a parquet row group is buffered to before it is "
            + "written (Parquet's block size; its rows are held in memory until then, so each open file of a "
            + "partition may hold this much). A file also ends its last row group when it is committed.";
    public static final String PARQUET_PAGE_SIZE_CONFIG = "format.parquet.page.size";
    private static final String PARQUET_PAGE_SIZE_DOC = "Bytes of a parquet page, the unit of compression and "
            + "encoding inside a column chunk; at most format.parquet.row.group.size.";
    public static final String ARROW_IPC_CONFIG = "format.arrow.ipc";
    private static final String ARROW_IPC_DOC = "Which Arrow IPC format 'arrow' writes: 'file' (.arrow: the "
            + "random-access file format, with a footer listing the record batches; what pyarrow.ipc.open_file, "
            + "DuckDB and tableFromIPC read) or 'stream' (.arrows: the streaming format, record batches and an "
            + "end-of-stream marker, no footer).";
    public static final String ARROW_BATCH_ROWS_CONFIG = "format.arrow.batch.rows";
    private static final String ARROW_BATCH_ROWS_DOC = "Rows of an Arrow record batch. A batch is built in memory "
            + "(off the heap) until it holds this many rows, then written; each open file of a partition holds one "
            + "such batch. A file also ends its last batch when it is committed.";
    public static final String ARROW_COMPRESSION_CONFIG = "format.arrow.compression";
    private static final String ARROW_COMPRESSION_DOC = "Arrow IPC buffer compression: none, lz4-frame or zstd. "
            + "Each buffer of a record batch is compressed on its own, and readers need no setting (the batch "
            + "names its codec), but not every Arrow reader implements compression: 'none' is the widely readable "
            + "choice.";
    public static final String CSV_DELIMITER_CONFIG = "format.csv.delimiter";
    private static final String CSV_DELIMITER_DOC = "Field delimiter for csv; '\\t' for tab.";
    public static final String CSV_HEADER_CONFIG = "format.csv.header.enabled";
    private static final String CSV_HEADER_DOC = "Whether each csv file starts with a header line of column names.";

    public static final String LAYOUT_CONFIG = "path.layout";
    private static final String LAYOUT_DOC = "Directory layout under file.path: 'partition' writes "
            + "<topic>/partition=<n>/, 'time' writes <topic>/<record time formatted by path.time.pattern>/. File "
            + "names are always <topic>+<partition>+<first offset>, so a replay writes the same names.";
    public static final String TIME_PATTERN_CONFIG = "path.time.pattern";
    private static final String TIME_PATTERN_DOC = "java.time pattern of the directories of the 'time' layout, "
            + "applied to each record's timestamp.";
    public static final String TIME_ZONE_CONFIG = "path.time.zone";
    private static final String TIME_ZONE_DOC = "Time zone of the 'time' layout's directories.";

    public static final String ROTATE_RECORDS_CONFIG = "rotate.records";
    private static final String ROTATE_RECORDS_DOC = "Commit the files of a partition once this many records were "
            + "written to them.";
    public static final String ROTATE_BYTES_CONFIG = "rotate.bytes";
    private static final String ROTATE_BYTES_DOC = "Commit the files of a partition once this many bytes "
            + "(uncompressed) were written to them.";
    public static final String ROTATE_INTERVAL_CONFIG = "rotate.interval.ms";
    private static final String ROTATE_INTERVAL_DOC = "Commit the files of a partition this long after their "
            + "first record at the latest, so data becomes visible even when it trickles in. 0 disables. Checked "
            + "on every put and offset commit (offset.flush.interval.ms).";

    public static final ConfigDef CONFIG_DEF = define();

    public FileSinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        String problem = compressionProblem(format(), compression());
        if (problem == null) {
            problem = parquetSizeProblem(format(), parquetRowGroupSize(), parquetPageSize());
        }
        if (problem != null) {
            throw new ConfigException(problem);
        }
    }

    /**
     * What is wrong between format and format.compression, or null: checked on start and by the connector's
     * validate(). Parquet and Arrow compress inside the file; a compressed stream around it would hide the footer
     * from readers that seek, and Arrow files could no longer be memory-mapped.
     */
    public static String compressionProblem(Format format, Compression compression) {
        if (format == Format.PARQUET && compression != Compression.NONE) {
            return FORMAT_CONFIG + "=parquet compresses pages inside the file: leave " + COMPRESSION_CONFIG
                    + " at 'none' and choose the codec with " + PARQUET_COMPRESSION_CONFIG;
        }
        if (format == Format.ARROW && compression != Compression.NONE) {
            return FORMAT_CONFIG + "=arrow compresses buffers inside the file: leave " + COMPRESSION_CONFIG
                    + " at 'none' and choose the codec with " + ARROW_COMPRESSION_CONFIG;
        }
        return null;
    }

    /** What is wrong between the parquet size keys, or null. */
    public static String parquetSizeProblem(Format format, long rowGroupSize, int pageSize) {
        if (format == Format.PARQUET && pageSize > rowGroupSize) {
            return PARQUET_PAGE_SIZE_CONFIG + " (" + pageSize + ") must not exceed " + PARQUET_ROW_GROUP_SIZE_CONFIG
                    + " (" + rowGroupSize + ")";
        }
        return null;
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("Files")
                .key(FILE_PATH_CONFIG).required().validator(Validators.absolutePath(false)).importance(Importance.HIGH)
                .doc(FILE_PATH_DOC).display("Output directory").width(Width.LONG).add()
                .key(FSYNC_CONFIG).type(Type.BOOLEAN).defaultValue(true).importance(Importance.LOW)
                .doc(FSYNC_DOC).display("Sync before commit").add();
        b.group("Format")
                .key(FORMAT_CONFIG).defaultValue("json").validator(Validators.oneOf(Format.class))
                .importance(Importance.HIGH).doc(FORMAT_DOC).display("Format").add()
                .key(COMPRESSION_CONFIG).defaultValue("none").validator(Validators.oneOf(Compression.class))
                .importance(Importance.MEDIUM).doc(COMPRESSION_DOC).display("Compression").add()
                .key(PARQUET_COMPRESSION_CONFIG).defaultValue("snappy")
                .validator(Validators.oneOf(ParquetCompression.class)).importance(Importance.MEDIUM)
                .doc(PARQUET_COMPRESSION_DOC).display("Parquet page compression").add()
                .key(PARQUET_ROW_GROUP_SIZE_CONFIG).type(Type.LONG).defaultValue(32L * 1024 * 1024)
                .validator(Validators.atLeast(64 * 1024)).importance(Importance.LOW)
                .doc(PARQUET_ROW_GROUP_SIZE_DOC).display("Parquet row group size (bytes)").add()
                .key(PARQUET_PAGE_SIZE_CONFIG).type(Type.INT).defaultValue(1024 * 1024)
                .validator(Validators.atLeast(1024)).importance(Importance.LOW)
                .doc(PARQUET_PAGE_SIZE_DOC).display("Parquet page size (bytes)").add()
                .key(ARROW_IPC_CONFIG).defaultValue("file").validator(Validators.oneOf(ArrowIpc.class))
                .importance(Importance.MEDIUM).doc(ARROW_IPC_DOC).display("Arrow IPC format").add()
                .key(ARROW_BATCH_ROWS_CONFIG).type(Type.INT).defaultValue(10_000)
                .validator(Validators.atLeast(1)).importance(Importance.LOW)
                .doc(ARROW_BATCH_ROWS_DOC).display("Arrow record batch rows").add()
                .key(ARROW_COMPRESSION_CONFIG).defaultValue("none")
                .validator(Validators.oneOf(ArrowCompression.class)).importance(Importance.MEDIUM)
                .doc(ARROW_COMPRESSION_DOC).display("Arrow buffer compression").add()
                .key(CSV_DELIMITER_CONFIG).defaultValue(",").validator(Validators.singleCharacter())
                .importance(Importance.LOW).doc(CSV_DELIMITER_DOC).display("CSV delimiter").width(Width.SHORT).add()
                .key(CSV_HEADER_CONFIG).type(Type.BOOLEAN).defaultValue(true).importance(Importance.LOW)
                .doc(CSV_HEADER_DOC).display("CSV header line").add();
        b.group("Layout")
                .key(LAYOUT_CONFIG).defaultValue("partition").validator(Validators.oneOf(Layout.class))
                .importance(Importance.MEDIUM).doc(LAYOUT_DOC).display("Directory layout").add()
                .key(TIME_PATTERN_CONFIG).defaultValue("yyyy/MM/dd/HH").validator(validTimePattern())
                .importance(Importance.LOW).doc(TIME_PATTERN_DOC).display("Time directory pattern").add()
                .key(TIME_ZONE_CONFIG).defaultValue("UTC").validator(validTimeZone())
                .importance(Importance.LOW).doc(TIME_ZONE_DOC).display("Time zone").add();
        b.group("Rotation")
                .key(ROTATE_RECORDS_CONFIG).type(Type.LONG).defaultValue(100_000L).validator(Validators.atLeast(1))
                .importance(Importance.MEDIUM).doc(ROTATE_RECORDS_DOC).display("Records per file").add()
                .key(ROTATE_BYTES_CONFIG).type(Type.LONG).defaultValue(128L * 1024 * 1024).validator(Validators.atLeast(1))
                .importance(Importance.MEDIUM).doc(ROTATE_BYTES_DOC).display("Bytes per file").add()
                .key(ROTATE_INTERVAL_CONFIG).type(Type.LONG).defaultValue(60_000L).validator(Validators.atLeast(0))
                .importance(Importance.MEDIUM).doc(ROTATE_INTERVAL_DOC).display("Longest time a file stays open (ms)").add();
        return b.build();
    }

    private static ConfigDef.Validator validTimePattern() {
        return Validators.described("a java.time pattern such as yyyy/MM/dd/HH", value -> {
            try {
                java.time.format.DateTimeFormatter.ofPattern((String) value);
                return null;
            } catch (IllegalArgumentException e) {
                return "is not a valid pattern: " + e.getMessage();
            }
        });
    }

    private static ConfigDef.Validator validTimeZone() {
        return Validators.described("a time zone id such as UTC or Europe/Berlin", value -> {
            try {
                ZoneId.of((String) value);
                return null;
            } catch (RuntimeException e) {
                return "is not a known time zone";
            }
        });
    }

    public Path directory() {
        return Path.of(getString(FILE_PATH_CONFIG));
    }

    public boolean fsync() {
        return getBoolean(FSYNC_CONFIG);
    }

    public Format format() {
        return Validators.parseEnum(Format.class, getString(FORMAT_CONFIG));
    }

    public Compression compression() {
        return Validators.parseEnum(Compression.class, getString(COMPRESSION_CONFIG));
    }

    public ParquetCompression parquetCompression() {
        return Validators.parseEnum(ParquetCompression.class, getString(PARQUET_COMPRESSION_CONFIG));
    }

    public long parquetRowGroupSize() {
        return getLong(PARQUET_ROW_GROUP_SIZE_CONFIG);
    }

    public int parquetPageSize() {
        return getInt(PARQUET_PAGE_SIZE_CONFIG);
    }

    public ArrowIpc arrowIpc() {
        return Validators.parseEnum(ArrowIpc.class, getString(ARROW_IPC_CONFIG));
    }

    public int arrowBatchRows() {
        return getInt(ARROW_BATCH_ROWS_CONFIG);
    }

    public ArrowCompression arrowCompression() {
        return Validators.parseEnum(ArrowCompression.class, getString(ARROW_COMPRESSION_CONFIG));
    }

    public char csvDelimiter() {
        return Validators.character(getString(CSV_DELIMITER_CONFIG));
    }

    public boolean csvHeader() {
        return getBoolean(CSV_HEADER_CONFIG);
    }

    public Layout layout() {
        return Validators.parseEnum(Layout.class, getString(LAYOUT_CONFIG));
    }

    public String timePattern() {
        return getString(TIME_PATTERN_CONFIG);
    }

    public ZoneId timeZone() {
        return ZoneId.of(getString(TIME_ZONE_CONFIG));
    }

    public long rotateRecords() {
        return getLong(ROTATE_RECORDS_CONFIG);
    }

    public long rotateBytes() {
        return getLong(ROTATE_BYTES_CONFIG);
    }

    public long rotateIntervalMs() {
        return getLong(ROTATE_INTERVAL_CONFIG);
    }
}
