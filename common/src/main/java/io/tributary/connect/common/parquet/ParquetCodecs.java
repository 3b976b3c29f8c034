package io.tributary.connect.common.parquet;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Parquet page compression without Hadoop: snappy and zstd from aircompressor (pure Java, already in the bundle for
 * the files' own zstd), gzip from {@code java.util.zip}, and uncompressed pages.
 *
 * <p>Written by hand because parquet-java's own codec factories ({@code CodecFactory}, {@code DirectCodecFactory})
 * build every codec through Hadoop's {@code CompressionCodec} classes and a Hadoop {@code Configuration}: with them
 * the bundle would carry Hadoop's client (about 50 MB with its shaded runtime) plus the native snappy-java and
 * zstd-jni jars, for four calls of a compression library. The page formats are the standard ones (raw snappy blocks,
 * zstd frames, gzip members), read by any Parquet reader; the tests read the files with an independent one.
 */
public final class ParquetCodecs implements CompressionCodecFactory {

    /** The codecs offered; any other codec a file names fails its read with the codec named. */
    public static boolean supports(CompressionCodecName codec) {
        switch (codec) {
            case UNCOMPRESSED:
            case SNAPPY:
            case ZSTD:
            case GZIP:
                return true;
            default:
                return false;
        }
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (!supports(codec)) {
            throw new IllegalArgumentException("Parquet codec " + codec + " is not supported (snappy, zstd, gzip or "
                    + "uncompressed)");
        }
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput page) throws IOException {
                return ParquetCodecs.compress(codec, page.toByteArray());
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {
                // Nothing held: a compressor object per page is cheap next to the page.
            }
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return new BytesInputDecompressor() {
            @Override
            public BytesInput decompress(BytesInput page, int uncompressedSize) throws IOException {
                return BytesInput.from(ParquetCodecs.decompress(codec, page.toByteArray(), uncompressedSize));
            }

            @Override
            public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                    throws IOException {
                byte[] compressed = new byte[compressedSize];
                input.get(compressed);
                output.put(ParquetCodecs.decompress(codec, compressed, uncompressedSize));
            }

            @Override
            public void release() {
            }
        };
    }

    @Override
    public void release() {
    }

    static BytesInput compress(CompressionCodecName codec, byte[] page) throws IOException {
        switch (codec) {
            case UNCOMPRESSED:
                return BytesInput.from(page);
            case SNAPPY:
                return compress(new SnappyCompressor(), page);
            case ZSTD:
                return compress(new ZstdCompressor(), page);
            case GZIP: {
                ByteArrayOutputStream out = new ByteArrayOutputStream(page.length / 2 + 64);
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(page);
                }
                return BytesInput.from(out.toByteArray());
            }
            default:
                throw new IOException("Parquet codec " + codec + " is not supported");
        }
    }

    private static BytesInput compress(Compressor compressor, byte[] page) {
        byte[] out = new byte[compressor.maxCompressedLength(page.length)];
        int length = compressor.compress(page, 0, page.length, out, 0, out.length);
        return BytesInput.from(out, 0, length);
    }

    static byte[] decompress(CompressionCodecName codec, byte[] page, int uncompressedSize) throws IOException {
        switch (codec) {
            case UNCOMPRESSED:
                return page;
            case SNAPPY:
                return decompress(new SnappyDecompressor(), page, uncompressedSize);
            case ZSTD:
                return decompress(new ZstdDecompressor(), page, uncompressedSize);
            case GZIP: {
                byte[] out = new byte[uncompressedSize];
                // Several gzip members one after another are one stream to GZIPInputStream, as the format allows.
                try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(page))) {
                    int read = gzip.readNBytes(out, 0, uncompressedSize);
                    if (read != uncompressedSize) {
                        throw new IOException("gzip page holds " + read + " bytes, its header says "
                                + uncompressedSize);
                    }
                }
                return out;
            }
            default:
                throw new IOException("Parquet codec " + codec + " is not supported (snappy, zstd, gzip or "
                        + "uncompressed)");
        }
    }

    private static byte[] decompress(Decompressor decompressor, byte[] page, int uncompressedSize)
            throws IOException {
        byte[] out = new byte[uncompressedSize];
        try {
            int length = decompressor.decompress(page, 0, page.length, out, 0, out.length);
            if (length != uncompressedSize) {
                throw new IOException("page decompressed to " + length + " bytes, its header says "
                        + uncompressedSize);
            }
        } catch (MalformedInputException e) {
            throw new IOException("corrupt compressed page: " + e.getMessage(), e);
        }
        return out;
    }
}
