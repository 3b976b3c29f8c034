package io.tributary.connect.sink.clickhouse.convert;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A growable byte buffer with RowBinary's primitives: little-endian integers and floats, unsigned LEB128 lengths.
 * One row is encoded here first so that a value that cannot be converted leaves nothing in the output stream.
 */
final class RowBuffer {

    private byte[] bytes = new byte[256];
    private int size;

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void copyTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void writeShort(int value) {
        ensure(2);
        bytes[size++] = (byte) value;
        bytes[size++] = (byte) (value >>> 8);
    }

    void writeInt(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    void writeLong(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** Two's complement, little-endian, {@code width} bytes; the value must fit. */
    void writeBigInteger(BigInteger value, int width) {
        byte[] bigEndian = value.toByteArray();
        byte fill = (byte) (value.signum() < 0 ? 0xff : 0);
        ensure(width);
        for (int i = 0; i < width; i++) {
            int from = bigEndian.length - 1 - i;
            bytes[size++] = from >= 0 ? bigEndian[from] : fill;
        }
    }

    void writeFloat(float value) {
        writeInt(Float.floatToRawIntBits(value));
    }

    void writeDouble(double value) {
        writeLong(Double.doubleToRawLongBits(value));
    }

    /** Unsigned LEB128, as RowBinary prefixes string lengths and element counts. */
    void writeVarUInt(long value) {
        ensure(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        bytes[size++] = (byte) rest;
    }

    void writeBytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
    }

    void writeZeros(int count) {
        ensure(count);
        Arrays.fill(bytes, size, size + count, (byte) 0);
        size += count;
    }
}
