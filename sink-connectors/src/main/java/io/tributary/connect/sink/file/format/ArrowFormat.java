package io.tributary.connect.sink.file.format;

import io.tributary.connect.sink.file.config.FileSinkConfig.ArrowCompression;
import io.tributary.connect.sink.file.config.FileSinkConfig.ArrowIpc;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Arrow IPC files ({@code .arrow}) or streams ({@code .arrows}), one schema per file like {@link ParquetFormat}: the
 * record's Struct schema as an Arrow schema ({@link ArrowSchemas}), rows gathered into a record batch of
 * {@code format.arrow.batch.rows} rows in Arrow's vectors, each full batch written ({@link ArrowIpcWriter}, with
 * {@link ArrowCodecs}' buffer compression), the last one when the file is finished. A record with another schema
 * starts a new file.
 *
 * <p>Vectors live off the heap, in memory from one allocator per task ({@link #close} at task stop), each file on a
 * child allocator that {@link RecordFileWriter#finish} and {@link RecordFileWriter#abandon} close. The allocator uses
 * Arrow's Unsafe allocation manager, named explicitly: Arrow's default would look for its Netty manager first,
 * which needs Netty 4.2, while Connect and the bundle carry 4.1.
 *
 * <p>A row is checked whole ({@link ArrowValues#check}) before any vector is touched, so a record that does not fit
 * is a {@code DataException} and leaves the batch as it was; a failure inside Arrow after the check, or while a
 * batch or the file's end is written (an unchecked exception from Arrow or a codec), is an {@code IOException}: the
 * file cannot be trusted, every later write and {@link RecordFileWriter#finish} of it fail too, and the task
 * discards it. Such a failure can leave buffers Arrow retained for the batch allocated; abandoning the file logs
 * that leak rather than throwing it, so that the rest of the partition's files are still discarded.
 */
final class ArrowFormat implements FileFormat {

    private static final Logger log = LoggerFactory.getLogger(ArrowFormat.class);

    private final boolean file;
    private final int batchRows;
    private final CompressionUtil.CodecType codec;
    private final BufferAllocator allocator;
    private final CompressionCodec.Factory codecs;

    ArrowFormat(ArrowIpc ipc, int batchRows, ArrowCompression compression) {
        this(ipc, batchRows, compression, ArrowCodecs.INSTANCE);
    }

    /** With other codecs than {@link ArrowCodecs}: tests inject failures. */
    ArrowFormat(ArrowIpc ipc, int batchRows, ArrowCompression compression, CompressionCodec.Factory codecs) {
        this.codecs = codecs;
        this.file = ipc == ArrowIpc.FILE;
        this.batchRows = batchRows;
        this.codec = compression == ArrowCompression.NONE ? CompressionUtil.CodecType.NO_COMPRESSION
                : CompressionUtil.CodecType.valueOf(compression.name());
        this.allocator = new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(UnsafeAllocationManager.FACTORY).build());
    }

    @Override
    public String extension() {
        return file ? ".arrow" : ".arrows";
    }

    @Override
    public RecordFileWriter open(OutputStream out, SinkRecord first) throws IOException {
        Schema schema = AvroFormat.structSchema(first, "arrow");
        org.apache.arrow.vector.types.pojo.Schema arrowSchema;
        try {
            arrowSchema = ArrowSchemas.of(schema);
        } catch (DataException e) {
            throw new DataException("format 'arrow' cannot write schema " + AvroFormat.describe(schema) + ": "
                    + e.getMessage(), e);
        }
        BufferAllocator fileAllocator = allocator.newChildAllocator("file", 0, Long.MAX_VALUE);
        VectorSchemaRoot root = null;
        try {
            root = VectorSchemaRoot.create(arrowSchema, fileAllocator);
            for (FieldVector vector : root.getFieldVectors()) {
                // Arrow's default first allocation is about 4,000 values a vector; a smaller batch needs no more.
                vector.setInitialCapacity(Math.min(batchRows, 4096));
            }
            ArrowIpcWriter ipc = new ArrowIpcWriter(out, arrowSchema, file);
            ipc.start();
            return new Writer(schema, root, fileAllocator, ipc);
        } catch (IOException | RuntimeException e) {
            if (root != null) {
                root.close();
            }
            fileAllocator.close();
            throw e;
        }
    }

    /** Off-heap bytes the task's open Arrow files hold (their record batches being built). */
    long allocatedBytes() {
        return allocator.getAllocatedMemory();
    }

    /** Frees the allocator; every file must have been finished or abandoned (Arrow throws on a leak). */
    @Override
    public void close() {
        allocator.close();
    }

    private final class Writer implements RecordFileWriter {
        private final Schema schema;
        private final VectorSchemaRoot root;
        private final BufferAllocator fileAllocator;
        private final ArrowIpcWriter ipc;
        private final ArrowValues values;
        private final CompressionCodec compression;
        private int rows;
        private boolean closed;
        /** A batch or the end failed part-way: the stream may hold part of a message. */
        private boolean broken;

        Writer(Schema schema, VectorSchemaRoot root, BufferAllocator fileAllocator, ArrowIpcWriter ipc) {
            this.schema = schema;
            this.root = root;
            this.fileAllocator = fileAllocator;
            this.ipc = ipc;
            this.values = new ArrowValues(schema, root);
            this.compression = codecs.createCodec(codec);
        }

        @Override
        public boolean accepts(SinkRecord record) {
            return AvroFormat.acceptsInFile(schema, record);
        }

        @Override
        public void write(SinkRecord record) throws IOException {
            checkNotBroken();
            if (record.valueSchema() == null) {
                throw AvroFormat.schemaless(record, "arrow");
            }
            try {
                ArrowValues.check(schema, record.value());
            } catch (DataException e) {
                throw new DataException("format 'arrow' cannot write this value of schema "
                        + AvroFormat.describe(schema) + ": " + e.getMessage(), e);
            }
            try {
                values.set(rows, (Struct) record.value());
            } catch (RuntimeException e) {
                throw new IOException("Arrow failed inside a row that had been checked against the file's schema; "
                        + "the open file cannot be trusted: " + e, e);
            }
            if (++rows == batchRows) {
                writeBatch();
            }
        }

        @Override
        public long bufferedBytes() {
            if (rows == 0) {
                return 0;
            }
            root.setRowCount(rows);
            long bytes = 0;
            for (FieldVector vector : root.getFieldVectors()) {
                bytes += vector.getBufferSize();
            }
            return bytes;
        }

        private void checkNotBroken() throws IOException {
            if (broken) {
                throw new IOException("an earlier Arrow record batch of this file failed part-way; the file cannot "
                        + "be completed");
            }
        }

        /** The batch so far, as one record batch message; the vectors keep their memory for the next. */
        private void writeBatch() throws IOException {
            // Broken until the message is written whole: an Error as much as an exception leaves it half-written.
            broken = true;
            root.setRowCount(rows);
            try (ArrowRecordBatch batch = new VectorUnloader(root, true, compression, true).getRecordBatch()) {
                ipc.write(batch);
            } catch (RuntimeException e) {
                throw new IOException("Arrow failed writing a record batch; the open file cannot be trusted: " + e, e);
            }
            for (FieldVector vector : root.getFieldVectors()) {
                vector.reset();
            }
            rows = 0;
            broken = false;
        }

        @Override
        public void finish() throws IOException {
            try {
                checkNotBroken();
                if (rows > 0) {
                    writeBatch();
                }
                broken = true;
                try {
                    ipc.end();
                } catch (RuntimeException e) {
                    throw new IOException("Arrow failed writing the end of the file: " + e, e);
                }
                broken = false;
            } finally {
                abandon();
            }
        }

        @Override
        public void abandon() {
            if (!closed) {
                closed = true;
                try {
                    root.close();
                } finally {
                    try {
                        fileAllocator.close();
                    } catch (IllegalStateException e) {
                        // Buffers a failed batch retained (VectorUnloader retains each before compressing it) stay
                        // allocated; nothing refers to them any more. The task's allocator reports them at stop.
                        log.warn("An abandoned Arrow file left {} bytes of off-heap memory allocated: {}",
                                fileAllocator.getAllocatedMemory(), e.getMessage());
                    }
                }
            }
        }
    }
}
