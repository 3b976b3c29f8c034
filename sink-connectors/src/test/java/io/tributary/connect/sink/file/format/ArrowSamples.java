package io.tributary.connect.sink.file.format;

import io.tributary.connect.sink.file.config.FileSinkConfig;
import io.tributary.connect.sink.file.config.FileSinkConfig.ArrowCompression;
import io.tributary.connect.sink.file.config.FileSinkConfig.ArrowIpc;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Arrow formats with an injected failure, for the task's tests; and Arrow files written by the sink's format outside a worker, for readers in other packages (the ITs' apache-arrow):
 * rows whose string, bytes and list columns are all null, empty or without elements, so that their buffers are
 * empty, beside a text column of some tens of kilobytes a batch.
 */
public final class ArrowSamples {

    public static final Schema SPARSE = SchemaBuilder.struct().name("Sparse")
            .field("id", Schema.INT64_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("blank", Schema.STRING_SCHEMA)
            .field("raw", Schema.OPTIONAL_BYTES_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("text", Schema.STRING_SCHEMA)
            .build();

    private ArrowSamples() {
    }

    /**
     * The configuration's Arrow format, except that the first buffer it compresses fails as a bug in Arrow or a
     * codec would (unchecked, leaving the buffers Arrow's unloader retained); every later one is compressed.
     */
    public static FileFormat failingOnce(FileSinkConfig config) {
        AtomicBoolean failed = new AtomicBoolean();
        CompressionCodec.Factory codecs = new CompressionCodec.Factory() {
            @Override
            public CompressionCodec createCodec(CompressionUtil.CodecType type) {
                CompressionCodec codec = ArrowCodecs.INSTANCE.createCodec(type);
                return new CompressionCodec() {
                    @Override
                    public ArrowBuf compress(BufferAllocator allocator, ArrowBuf uncompressed) {
                        if (failed.compareAndSet(false, true)) {
                            throw new IllegalStateException("injected codec failure");
                        }
                        return codec.compress(allocator, uncompressed);
                    }

                    @Override
                    public ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressed) {
                        return codec.decompress(allocator, compressed);
                    }

                    @Override
                    public CompressionUtil.CodecType getCodecType() {
                        return type;
                    }
                };
            }

            @Override
            public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
                return createCodec(type);
            }
        };
        return new ArrowFormat(config.arrowIpc(), config.arrowBatchRows(), config.arrowCompression(), codecs);
    }

    public static String text(long i) {
        return "text of row " + i;
    }

    public static Struct sparse(long i) {
        return new Struct(SPARSE).put("id", i).put("blank", "").put("tags", List.of()).put("text", text(i));
    }

    /** {@code rows} sparse rows in batches of {@code batchRows}; ipc "FILE"/"STREAM", compression as configured. */
    public static Path write(Path file, String ipc, String compression, int batchRows, int rows) throws IOException {
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.valueOf(ipc), batchRows,
                ArrowCompression.valueOf(compression));
             OutputStream out = Files.newOutputStream(file)) {
            RecordFileWriter writer = null;
            for (long i = 0; i < rows; i++) {
                SinkRecord record = new SinkRecord("sparse", 0, null, null, SPARSE, sparse(i), i);
                if (writer == null) {
                    writer = format.open(out, record);
                }
                writer.write(record);
            }
            writer.finish();
        }
        return file;
    }
}
