package io.tributary.connect.sink.file.format;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Arrow IPC buffer compression with codecs the bundle already carries, in place of Arrow's arrow-compression module:
 * LZ4 frames from lz4-java, zstd from aircompressor, both with their pure Java implementations, where
 * arrow-compression loads zstd-jni's native library (see common's Compression for why the project avoids it).
 * arrow-compression's LZ4 goes through commons-compress, whose frame compressor wrote about 1,000 rows a second in
 * this writer (8 columns, 10,000-row batches); lz4-java about 600,000.
 *
 * <p>Arrow's {@link AbstractCompressionCodec} does the framing: the 8-byte uncompressed length before each buffer,
 * and a buffer kept uncompressed (length -1) when compressing would not make it smaller; except for an empty buffer,
 * see {@link HeapCodec#compress}. Bytes move between Arrow's buffers and heap arrays by copy, never through a
 * {@code ByteBuffer} view (see {@link ArrowIpcWriter}).
 */
final class ArrowCodecs implements CompressionCodec.Factory {

    static final ArrowCodecs INSTANCE = new ArrowCodecs();

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type) {
        switch (type) {
            case NO_COMPRESSION: return NoCompressionCodec.INSTANCE;
            case LZ4_FRAME: return new HeapCodec(type, ArrowCodecs::lz4Frame, ArrowCodecs::unLz4Frame);
            case ZSTD: return new HeapCodec(type, ArrowCodecs::zstd, ArrowCodecs::unZstd);
            default: throw new IllegalArgumentException("no Arrow codec " + type);
        }
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
        return createCodec(type);
    }

    /**
     * One frame of independent blocks, as LZ4's own frame writer makes by default; no native library loaded. The
     * frame's block size is the smallest of LZ4's (64 KB, 256 KB, 1 MB, 4 MB) that holds the buffer: the writer
     * allocates a block and its compressed bound up front for every buffer, which at 4 MB was about 8 MB of garbage
     * for each of a batch's buffers, most of them a few KB.
     */
    static byte[] lz4Frame(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (OutputStream lz4 = new LZ4FrameOutputStream(out, lz4BlockSize(data.length), -1L,
                LZ4Factory.fastestJavaInstance().fastCompressor(), XXHashFactory.fastestJavaInstance().hash32(),
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE)) {
            lz4.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static LZ4FrameOutputStream.BLOCKSIZE lz4BlockSize(int length) {
        for (LZ4FrameOutputStream.BLOCKSIZE size : new LZ4FrameOutputStream.BLOCKSIZE[] {
                LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB, LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB,
                LZ4FrameOutputStream.BLOCKSIZE.SIZE_1MB}) {
            // The indicator n (4 to 7) stands for blocks of 2^(2n+8) bytes.
            if (length <= 1 << (2 * size.getIndicator() + 8)) {
                return size;
            }
        }
        return LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB;
    }

    static byte[] unLz4Frame(byte[] data, int uncompressedLength) {
        try (InputStream lz4 = new LZ4FrameInputStream(new ByteArrayInputStream(data),
                LZ4Factory.fastestJavaInstance().safeDecompressor(), XXHashFactory.fastestJavaInstance().hash32())) {
            return lz4.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] zstd(byte[] data) {
        ZstdCompressor zstd = new ZstdCompressor();
        byte[] out = new byte[zstd.maxCompressedLength(data.length)];
        int length = zstd.compress(data, 0, data.length, out, 0, out.length);
        return Arrays.copyOf(out, length);
    }

    private static byte[] unZstd(byte[] data, int uncompressedLength) {
        byte[] out = new byte[uncompressedLength];
        int length = new ZstdDecompressor().decompress(data, 0, data.length, out, 0, out.length);
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** A codec over byte arrays: Arrow's framing around one compress and one decompress function. */
    private static final class HeapCodec extends AbstractCompressionCodec {
        private final CompressionUtil.CodecType type;
        private final UnaryOperator<byte[]> compress;
        private final BiFunction<byte[], Integer, byte[]> decompress;

        HeapCodec(CompressionUtil.CodecType type, UnaryOperator<byte[]> compress,
                  BiFunction<byte[], Integer, byte[]> decompress) {
            this.type = type;
            this.compress = compress;
            this.decompress = decompress;
        }

        @Override
        public CompressionUtil.CodecType getCodecType() {
            return type;
        }

        /**
         * An empty buffer (the data of a string column that is all null or empty, the child of a list column
         * without elements) is written uncompressed, length -1 and no body. Arrow Java 19's own shortcut writes
         * length 0, which the IPC format does not allow (a length is positive or -1) and which Arrow C++ and pyarrow
         * refuse to read ("Lz4 compressed input contains less than one frame"; apache/arrow-java#1196).
         */
        @Override
        public ArrowBuf compress(BufferAllocator allocator, ArrowBuf uncompressed) {
            if (uncompressed.writerIndex() == 0) {
                try {
                    return CompressionUtil.packageRawBuffer(allocator, uncompressed);
                } finally {
                    uncompressed.close();
                }
            }
            return super.compress(allocator, uncompressed);
        }

        @Override
        protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
            byte[] compressed = compress.apply(bytes(uncompressed, 0));
            long prefix = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
            ArrowBuf out = allocator.buffer(prefix + compressed.length);
            out.setBytes(prefix, compressed);
            out.writerIndex(prefix + compressed.length);
            return out;
        }

        @Override
        protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
            long length = readUncompressedLength(compressed);
            byte[] data = decompress.apply(bytes(compressed, CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH),
                    Math.toIntExact(length));
            if (data.length != length) {
                throw new IllegalStateException("a " + type + " buffer decompressed to " + data.length
                        + " bytes, its header says " + length);
            }
            ArrowBuf out = allocator.buffer(length);
            out.setBytes(0, data);
            out.writerIndex(length);
            return out;
        }

        private static byte[] bytes(ArrowBuf buffer, long from) {
            byte[] bytes = new byte[Math.toIntExact(buffer.writerIndex() - from)];
            buffer.getBytes(from, bytes);
            return bytes;
        }
    }
}
