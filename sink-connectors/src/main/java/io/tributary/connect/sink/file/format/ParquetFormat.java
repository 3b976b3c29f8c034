package io.tributary.connect.sink.file.format;

import io.tributary.connect.common.avro.AvroData;
import io.tributary.connect.common.parquet.ParquetCodecs;
import io.tributary.connect.sink.file.config.FileSinkConfig.ParquetCompression;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;

/**
 * Parquet files, one schema per file, like {@link AvroFormat}: the file's schema is the record's Connect schema in
 * Avro ({@link AvroData}), which parquet-avro maps to the Parquet schema and keeps in the footer, so readers that
 * know Avro get the very schema back. A record with another schema starts a new file.
 *
 * <p>parquet-java writes to the sink's stream through {@link StreamFile} (no Hadoop file system), with the page
 * codecs of common's {@link ParquetCodecs} and a plain configuration: no Hadoop class is loaded on this path.
 *
 * <p>A record is converted and checked against the file's schema completely before parquet-java sees it: its
 * column writers take a record field by field, so a value failing half-way would leave the columns of one row
 * unequal. A failure inside parquet-java after the check is therefore an {@code IOException} (the file is not to be
 * trusted; the task discards its uncommitted files and resumes from the last commit), never a dead letter.
 */
final class ParquetFormat implements FileFormat {

    private static final ParquetCodecs CODECS = new ParquetCodecs();

    private final CompressionCodecName codec;
    private final long rowGroupSize;
    private final int pageSize;

    ParquetFormat(ParquetCompression compression, long rowGroupSize, int pageSize) {
        this.codec = CompressionCodecName.valueOf(compression.name());
        this.rowGroupSize = rowGroupSize;
        this.pageSize = pageSize;
    }

    @Override
    public String extension() {
        return ".parquet";
    }

    @Override
    public RecordFileWriter open(OutputStream out, SinkRecord first) throws IOException {
        Schema schema = AvroFormat.structSchema(first, "parquet");
        AvroData avro = new AvroData();
        org.apache.avro.Schema avroSchema;
        ParquetWriter<Object> writer;
        StreamFile file = new StreamFile(out);
        try {
            avroSchema = avro.toAvroSchema(schema);
            AvroFormat.checkNamesAreUnique(avroSchema, new HashMap<>());
            writer = AvroParquetWriter.builder(file)
                    .withSchema(avroSchema)
                    .withDataModel(GenericData.get())
                    .withConf(configuration())
                    .withCodecFactory(CODECS)
                    .withCompressionCodec(codec)
                    .withRowGroupSize(rowGroupSize)
                    .withPageSize(pageSize)
                    .build();
        } catch (AvroRuntimeException | DataException e) {
            throw new DataException("format 'parquet' cannot write schema " + AvroFormat.describe(schema) + ": "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // parquet-avro's schema conversion: a Struct without fields (an empty group), for instance.
            throw new DataException("format 'parquet' cannot write schema " + AvroFormat.describe(schema)
                    + " as Parquet: " + e.getMessage(), e);
        }
        return new Writer(schema, avroSchema, avro, writer, file);
    }

    /**
     * Lists in the three-level form of the Parquet specification ({@code LIST} / repeated {@code list} /
     * {@code element}), which every current reader takes, rather than parquet-avro's older two-level default.
     */
    private static PlainParquetConfiguration configuration() {
        PlainParquetConfiguration conf = new PlainParquetConfiguration();
        conf.set("parquet.avro.write-old-list-structure", "false");
        return conf;
    }

    private static final class Writer implements RecordFileWriter {
        private final Schema schema;
        private final org.apache.avro.Schema avroSchema;
        private final AvroData avro;
        private final ParquetWriter<Object> writer;
        private final StreamFile file;

        Writer(Schema schema, org.apache.avro.Schema avroSchema, AvroData avro, ParquetWriter<Object> writer,
               StreamFile file) {
            this.schema = schema;
            this.avroSchema = avroSchema;
            this.avro = avro;
            this.writer = writer;
            this.file = file;
        }

        @Override
        public boolean accepts(SinkRecord record) {
            return AvroFormat.acceptsInFile(schema, record);
        }

        @Override
        public void write(SinkRecord record) throws IOException {
            Object datum = AvroFormat.toDatum(avro, schema, record, "parquet");
            if (!GenericData.get().validate(avroSchema, datum)) {
                throw new DataException("format 'parquet': this value does not fit schema "
                        + AvroFormat.describe(schema) + " (a required field is null or a value has the wrong type)");
            }
            try {
                writer.write(datum);
            } catch (RuntimeException e) {
                throw new IOException("parquet-java failed inside a record that had been checked against the file's "
                        + "schema; the open file cannot be trusted: " + e, e);
            }
        }

        @Override
        public long bufferedBytes() {
            return Math.max(0, writer.getDataSize() - file.position);
        }

        @Override
        public void finish() throws IOException {
            // The last row group and the footer; StreamFile's close() only flushes: the caller closes the stream.
            writer.close();
        }
    }

    /**
     * The sink's open stream as parquet-java's output file. Positions count from the stream's first byte, which is
     * the file's: format.compression is 'none' with Parquet (FileSinkConfig refuses anything else).
     */
    static final class StreamFile implements OutputFile {
        private final OutputStream out;
        private long position;

        StreamFile(OutputStream out) {
            this.out = out;
        }

        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return new PositionOutputStream() {
                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }

                @Override
                public void close() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return create(blockSizeHint);
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }

        @Override
        public String getPath() {
            return "(the file sink's temporary file)";
        }
    }
}
