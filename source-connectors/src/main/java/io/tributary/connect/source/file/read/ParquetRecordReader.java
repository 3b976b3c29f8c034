package io.tributary.connect.source.file.read;

import io.tributary.connect.common.avro.AvroData;
import io.tributary.connect.common.parquet.ParquetCodecs;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Parquet file as Structs, row by row. The schema is the file's Avro schema when its writer stored one
 * (parquet-avro, so the file sink's files give back the very schema the sink wrote), otherwise parquet-avro's
 * conversion of the Parquet schema; Avro ⇄ Connect as everywhere else ({@link AvroData}).
 *
 * <p>The resume point is the number of rows consumed (the offset's {@code lines}), as for Avro container files:
 * pages are compressed and encoded, so no byte position inside a file can be resumed from. Row group and row are
 * derived from it with the footer's row counts: whole row groups before the resume point are skipped without being
 * read, and only the rows before it in its own row group are decoded again.
 *
 * <p>A Parquet file is only readable once complete (the footer is at its end): a file without the trailing magic
 * is not ready yet while it may still grow (tail mode), and not a Parquet file otherwise. A page that cannot be
 * decoded ends the file with a 'read' failure.
 */
final class ParquetRecordReader implements RecordReader {

    private static final ParquetCodecs CODECS = new ParquetCodecs();
    /** AvroReadSupport's key for the schema records are materialized with (its constant is not public). */
    private static final String AVRO_READ_SCHEMA = "parquet.avro.read.schema";
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private final ParquetFileReader reader;
    private final AvroData avro = new AvroData();
    private final org.apache.avro.Schema avroSchema;
    private final Schema schema;
    private final MessageColumnIO columns;
    private final RecordMaterializer<GenericRecord> materializer;
    private final long fileSize;
    private final List<BlockMetaData> rowGroups;
    private int nextRowGroup;
    private org.apache.parquet.io.RecordReader<GenericRecord> rows;
    private long rowsLeftInGroup;
    private long index;
    private long bytesRead;
    private boolean finished;

    private ParquetRecordReader(ParquetFileReader reader, long fileSize, long skipRows) throws IOException {
        this.reader = reader;
        this.fileSize = fileSize;
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        MessageType fileSchema = reader.getFileMetaData().getSchema();
        Map<String, String> metadata = reader.getFileMetaData().getKeyValueMetaData();
        this.avroSchema = avroSchemaOf(fileSchema, metadata, conf);
        this.schema = avro.toConnectSchema(avroSchema);
        // Read with exactly the schema the Connect schema was made from.
        conf.set(AVRO_READ_SCHEMA, avroSchema.toString());
        AvroReadSupport<GenericRecord> support = new AvroReadSupport<>(GenericData.get());
        Map<String, Set<String>> metadataSets = new HashMap<>();
        metadata.forEach((key, value) -> metadataSets.put(key, Set.of(value)));
        ReadSupport.ReadContext context = support.init(new InitContext(conf, metadataSets, fileSchema));
        this.materializer = support.prepareForRead(conf, metadata, fileSchema, context);
        this.columns = new ColumnIOFactory(reader.getFileMetaData().getCreatedBy())
                .getColumnIO(context.getRequestedSchema(), fileSchema, true);
        this.rowGroups = reader.getRowGroups();
        skip(skipRows);
    }

    /**
     * @param skipRows rows already consumed (the stored offset's {@code lines})
     * @param complete whether the file can no longer grow: a file without a footer then is not Parquet at all
     */
    static ParquetRecordReader open(Path file, long skipRows, boolean complete) throws IOException {
        long size = checkFooter(file, complete);
        ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
                .withCodecFactory(CODECS).build();
        ParquetFileReader reader;
        try {
            reader = ParquetFileReader.open(new LocalInputFile(file), options);
        } catch (RuntimeException e) {
            throw new IOException("not a readable Parquet file: " + e.getMessage(), e);
        }
        try {
            return new ParquetRecordReader(reader, size, skipRows);
        } catch (IOException e) {
            reader.close();
            throw e;
        } catch (RuntimeException e) {
            reader.close();
            throw new IOException("cannot read this Parquet file's schema as Avro: " + e.getMessage(), e);
        }
    }

    private static long checkFooter(Path file, boolean complete) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer tail = ByteBuffer.allocate(MAGIC.length);
            boolean hasMagic = size >= 12 && channel.read(tail, size - MAGIC.length) == MAGIC.length
                    && java.util.Arrays.equals(tail.array(), MAGIC);
            if (!hasMagic) {
                if (!complete) {
                    throw new FileNotReadyException("no Parquet footer yet (" + size + " bytes)");
                }
                throw new IOException("not a Parquet file: it does not end with the Parquet magic 'PAR1' ("
                        + size + " bytes)");
            }
            return size;
        }
    }

    private static org.apache.avro.Schema avroSchemaOf(MessageType fileSchema, Map<String, String> metadata,
                                                       PlainParquetConfiguration conf) {
        String stored = metadata.get("parquet.avro.schema");
        if (stored == null) {
            stored = metadata.get("avro.schema");   // what parquet-avro wrote before 1.8
        }
        if (stored != null) {
            return new org.apache.avro.Schema.Parser().parse(stored);
        }
        return new AvroSchemaConverter(conf).convert(fileSchema);
    }

    /** Skips whole row groups by their row counts from the footer, then the rows before the resume point. */
    private void skip(long skipRows) throws IOException {
        while (nextRowGroup < rowGroups.size() && index + rowGroups.get(nextRowGroup).getRowCount() <= skipRows) {
            BlockMetaData group = rowGroups.get(nextRowGroup++);
            index += group.getRowCount();
            bytesRead = group.getStartingPos() + group.getCompressedSize();
            reader.skipNextRowGroup();
        }
        while (index < skipRows && nextRow() != null) {
            index++;
        }
    }

    /** The next row, or null at the end of the file. */
    private GenericRecord nextRow() throws IOException {
        while (rowsLeftInGroup == 0) {
            PageReadStore pages = reader.readNextRowGroup();
            if (pages == null) {
                bytesRead = fileSize;
                return null;
            }
            BlockMetaData group = rowGroups.get(nextRowGroup++);
            bytesRead = group.getStartingPos() + group.getCompressedSize();
            rows = columns.getRecordReader(pages, materializer);
            rowsLeftInGroup = pages.getRowCount();
        }
        rowsLeftInGroup--;
        return rows.read();
    }

    @Override
    public ReadResult next() {
        if (finished) {
            return null;
        }
        GenericRecord row;
        try {
            row = nextRow();
        } catch (IOException | RuntimeException e) {
            finished = true;
            return new ReadResult.Failed(null, 0, false, "read", e.getClass().getName(),
                    "corrupt Parquet file after row " + index + ": " + e.getMessage(), -1, 0, index + 1, index);
        }
        if (row == null) {
            finished = true;
            return null;
        }
        index++;
        try {
            Object value = avro.toConnectValue(schema, avroSchema, row);
            return new ReadResult.Parsed(schema, value, -1, 0, index, index);
        } catch (DataException e) {
            return new ReadResult.Failed(null, 0, false, "convert", e.getClass().getName(), e.getMessage(), -1, 0,
                    index, index);
        }
    }

    @Override
    public boolean exhausted() {
        return finished;
    }

    /** Bytes of the file up to the end of the row group being read (pages are read a row group at a time). */
    @Override
    public long bytesReadFromDisk() {
        return bytesRead;
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
