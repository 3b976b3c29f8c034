package io.tributary.connect.sink.file.format;

import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageChannelReader;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.apache.arrow.vector.util.Text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test reading with Arrow's Java readers: {@link ArrowStreamReader} for the stream format; for the file format
 * {@link ArrowFileReader} for the magic, footer and schema, then each record batch at the block the footer lists,
 * which must be the message it describes. Every batch is loaded into vectors ({@link VectorLoader}), each row's
 * values read with the vectors' own {@code getObject}.
 *
 * <p>The changes to Arrow's stock readers are in the I/O only: theirs read a message body, and the file reader a
 * batch's metadata, through a {@code ByteBuffer} view of Arrow's memory, which needs
 * {@code --add-opens=java.base/java.nio} (see ArrowIpcWriter). The test JVMs run without that flag, on purpose, so
 * that the writer is tested as a Connect worker runs it; {@link HeapReadChannel} reads bodies through a heap array,
 * and the file's batches are read as messages (metadata on the heap) at their blocks. Decompression is ArrowCodecs',
 * Arrow's own arrow-compression module not being in the build; node's apache-arrow reads the compressed files
 * independently in the ITs.
 */
public final class ArrowRows {

    private static final byte[] FILE_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

    /** What Arrow's reader saw: the schema, the rows of each record batch, and the IPC format. */
    public record Read(Schema schema, List<Integer> batchRows, List<Map<String, Object>> rows, boolean file) {
    }

    private ArrowRows() {
    }

    public static Read read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        boolean file = bytes.length >= 6 && Arrays.equals(Arrays.copyOf(bytes, 6), FILE_MAGIC);
        HeapReadChannel in = new HeapReadChannel(new ByteArrayReadableSeekableByteChannel(bytes));
        List<Integer> batchRows = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(UnsafeAllocationManager.FACTORY).build())) {
            if (!file) {
                try (ArrowStreamReader reader = new ArrowStreamReader(new MessageChannelReader(in, allocator),
                        allocator, ArrowCodecs.INSTANCE)) {
                    VectorSchemaRoot root = reader.getVectorSchemaRoot();
                    while (reader.loadNextBatch()) {
                        addRows(root, batchRows, rows);
                    }
                    return new Read(root.getSchema(), batchRows, rows, false);
                }
            }
            try (ArrowFileReader reader = new ArrowFileReader(in, allocator, ArrowCodecs.INSTANCE)) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                VectorLoader loader = new VectorLoader(root, ArrowCodecs.INSTANCE);
                MessageChannelReader messages = new MessageChannelReader(in, allocator);
                for (ArrowBlock block : reader.getRecordBlocks()) {
                    in.setPosition(block.getOffset());
                    MessageResult message = messages.readNext();
                    if (message == null || message.getMessage().headerType() != MessageHeader.RecordBatch
                            || message.getMessage().bodyLength() != block.getBodyLength()
                            || in.position() != block.getOffset() + block.getMetadataLength() + block.getBodyLength()) {
                        throw new IOException("the footer's block at " + block.getOffset() + " is not the record "
                                + "batch message it describes");
                    }
                    // deserializeRecordBatch releases the body; the batch holds slices of it until closed.
                    try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(message.getMessage(),
                            message.getBodyBuffer())) {
                        loader.load(batch);
                    }
                    addRows(root, batchRows, rows);
                }
                return new Read(root.getSchema(), batchRows, rows, true);
            }
        }
    }

    private static void addRows(VectorSchemaRoot root, List<Integer> batchRows, List<Map<String, Object>> rows) {
        batchRows.add(root.getRowCount());
        for (int i = 0; i < root.getRowCount(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.put(vector.getName(), vector.getObject(i));
            }
            rows.add(row);
        }
    }

    /** Arrow's Java objects as plain ones: Text as String, bytes as hex, map and struct entries without nulls. */
    public static Object plain(Object value) {
        if (value instanceof Text) {
            return value.toString();
        }
        if (value instanceof byte[]) {
            return "hex:" + HexFormat.of().formatHex((byte[]) value);
        }
        if (value instanceof List) {
            List<Object> list = new ArrayList<>();
            ((List<?>) value).forEach(e -> list.add(plain(e)));
            return list;
        }
        if (value instanceof Map) {
            Map<Object, Object> map = new TreeMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> {
                if (v != null) {
                    map.put(k, plain(v));
                }
            });
            return map;
        }
        return value;
    }

    /**
     * The compression codec named by each record batch message (Arrow's CompressionType: 0 LZ4_FRAME, 1 ZSTD; -1
     * for none), read from the messages' flatbuffers without loading a body.
     */
    public static List<Integer> batchCodecs(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        boolean file = bytes.length >= 6 && Arrays.equals(Arrays.copyOf(bytes, 6), FILE_MAGIC);
        ReadChannel in = new ReadChannel(Channels.newChannel(new java.io.ByteArrayInputStream(bytes,
                file ? 8 : 0, bytes.length)));
        List<Integer> codecs = new ArrayList<>();
        MessageMetadataResult result;
        while ((result = MessageSerializer.readMessage(in)) != null) {
            Message message = result.getMessage();
            if (message.headerType() == MessageHeader.RecordBatch) {
                RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
                codecs.add(batch.compression() == null ? -1 : (int) batch.compression().codec());
            }
            in.readFully(ByteBuffer.allocate(Math.toIntExact(result.getMessageBodyLength())));
        }
        return codecs;
    }

    /**
     * The 8-byte little-endian length in front of every buffer of every compressed record batch (the uncompressed
     * length, or -1 for a buffer left uncompressed), read at the offsets the batch's metadata gives, in the
     * message body bytes, without Arrow's decompression.
     */
    public static List<Long> bufferPrefixes(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        boolean file = bytes.length >= 6 && Arrays.equals(Arrays.copyOf(bytes, 6), FILE_MAGIC);
        ReadChannel in = new ReadChannel(Channels.newChannel(new java.io.ByteArrayInputStream(bytes,
                file ? 8 : 0, bytes.length)));
        List<Long> prefixes = new ArrayList<>();
        MessageMetadataResult result;
        while ((result = MessageSerializer.readMessage(in)) != null) {
            ByteBuffer body = ByteBuffer.allocate(Math.toIntExact(result.getMessageBodyLength()))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            in.readFully(body);
            Message message = result.getMessage();
            if (message.headerType() != MessageHeader.RecordBatch) {
                continue;
            }
            RecordBatch batch = (RecordBatch) message.header(new RecordBatch());
            if (batch.compression() == null) {
                continue;
            }
            for (int i = 0; i < batch.buffersLength(); i++) {
                if (batch.buffers(i).length() < 8) {
                    throw new IOException("compressed buffer " + i + " is " + batch.buffers(i).length()
                            + " bytes, without its length");
                }
                prefixes.add(body.getLong(Math.toIntExact(batch.buffers(i).offset())));
            }
        }
        return prefixes;
    }

    /** Arrow's read channel, reading a message body into Arrow's memory through a heap array (see the class). */
    private static final class HeapReadChannel extends SeekableReadChannel {
        private final SeekableByteChannel in;

        HeapReadChannel(SeekableByteChannel in) {
            super(in);
            this.in = in;
        }

        long position() throws IOException {
            return in.position();
        }

        @Override
        public long readFully(ArrowBuf buffer, long length) throws IOException {
            byte[] bytes = new byte[Math.toIntExact(length)];
            int read = readFully(ByteBuffer.wrap(bytes));
            buffer.setBytes(buffer.writerIndex(), bytes, 0, read);
            buffer.writerIndex(buffer.writerIndex() + read);
            return read;
        }
    }
}
