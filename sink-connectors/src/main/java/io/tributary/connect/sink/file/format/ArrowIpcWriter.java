package io.tributary.connect.sink.file.format;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowFooter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Arrow IPC framing of a file or stream, written with Arrow's own serializers ({@link MessageSerializer}: the
 * schema message, record batch messages with their 8-byte aligned bodies, the footer) in the order Arrow's
 * ArrowFileWriter and ArrowStreamWriter write them: for the file format the magic {@code ARROW1} padded to 8 bytes,
 * the stream, the footer listing each record batch's block, the footer's length and the magic again; for the
 * stream format, the stream alone. Both end the stream with the end-of-stream marker (continuation token, length
 * 0), which Arrow's file writer also puts before the footer.
 *
 * <p>Why not Arrow's writers: they copy each buffer of a batch to the channel through a {@code ByteBuffer} view of
 * its off-heap memory ({@code ArrowBuf.nioBuffer}), which Arrow builds with a reflective call into {@code java.nio}
 * that Java 17 only allows with {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (Arrow 19.0.0 throws
 * UnsupportedOperationException without it). A Connect worker has no such flag, and a plugin cannot ask for one.
 * {@link HeapChannel} therefore copies buffers out through a heap array, which Arrow does with Unsafe; everything
 * else Arrow serializes to heap buffers already.
 */
final class ArrowIpcWriter {

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream stream;
    private final HeapChannel out;
    private final Schema schema;
    private final boolean file;
    private final IpcOption option = IpcOption.DEFAULT;
    private final List<ArrowBlock> batches = new ArrayList<>();

    ArrowIpcWriter(OutputStream stream, Schema schema, boolean file) {
        this.stream = stream;
        this.out = new HeapChannel(stream);
        this.schema = schema;
        this.file = file;
    }

    /** The file's magic (file format) and the schema message. */
    void start() throws IOException {
        if (file) {
            out.write(MAGIC);
            out.align();
        }
        MessageSerializer.serialize(out, schema, option);
    }

    void write(ArrowRecordBatch batch) throws IOException {
        ArrowBlock block = MessageSerializer.serialize(out, batch, option);
        batches.add(block);
    }

    /** The end-of-stream marker and, for the file format, the footer and the closing magic; then a flush. */
    void end() throws IOException {
        out.writeIntLittleEndian(MessageSerializer.IPC_CONTINUATION_TOKEN);
        out.writeIntLittleEndian(0);
        if (file) {
            long footerStart = out.getCurrentPosition();
            out.write(new ArrowFooter(schema, List.of(), batches, null, option.metadataVersion), false);
            out.writeIntLittleEndian(Math.toIntExact(out.getCurrentPosition() - footerStart));
            out.write(MAGIC);
        }
        stream.flush();
    }

    /** Arrow's write channel, with buffers copied out of Arrow's memory through a heap array (see the class). */
    private static final class HeapChannel extends WriteChannel {
        private final byte[] chunk = new byte[64 * 1024];

        HeapChannel(OutputStream out) {
            super(Channels.newChannel(out));
        }

        @Override
        public void write(ArrowBuf buffer) throws IOException {
            long from = buffer.readerIndex();
            long end = from + buffer.readableBytes();
            while (from < end) {
                int length = (int) Math.min(chunk.length, end - from);
                buffer.getBytes(from, chunk, 0, length);
                write(ByteBuffer.wrap(chunk, 0, length));
                from += length;
            }
        }
    }
}
