package io.tributary.connect.common.io;

import io.airlift.compress.zstd.ZstdInputStream;
import io.airlift.compress.zstd.ZstdOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Stream compression by codec, detected on input from the magic bytes rather than the file name, since files are
 * often renamed on their way in. zstd comes from aircompressor: pure Java, so nothing native has to load inside a
 * Connect plugin class loader (zstd-jni would try to load its library once per loader).
 */
public enum Compression {
    NONE(""),
    GZIP(".gz"),
    ZSTD(".zst");

    /** How many leading bytes {@link #detect} needs. */
    public static final int MAGIC_LENGTH = 4;

    private final String extension;

    Compression(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static Compression detect(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    public InputStream decompress(InputStream in) throws IOException {
        switch (this) {
            case GZIP: return new GZIPInputStream(in, 64 * 1024);
            case ZSTD: return new ZstdInputStream(in);
            default: return in;
        }
    }

    public OutputStream compress(OutputStream out) throws IOException {
        switch (this) {
            case GZIP: return new GZIPOutputStream(out, 64 * 1024);
            case ZSTD: return new ZstdOutputStream(out);
            default: return out;
        }
    }
}
