package io.tributary.connect.source.file.read;

/**
 * One physical line as the splitter found it. The bytes are a view into the splitter's buffer, valid only until
 * the next call to {@link LineSplitter#next}; copy what must be kept.
 */
public final class Line {
    byte[] buffer;
    int offset;
    int length;
    long startPosition;
    long endPosition;
    long number;
    boolean truncated;
    long originalLength;

    public byte[] buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    /** Length without the line terminator. */
    public int length() {
        return length;
    }

    /** Byte position of the line's first byte in the (decompressed) content. */
    public long startPosition() {
        return startPosition;
    }

    /** Byte position just after the line's terminator: where reading resumes. */
    public long endPosition() {
        return endPosition;
    }

    /** 1-based line number. */
    public long number() {
        return number;
    }

    /** True when the line was longer than the limit: only its first bytes are here. */
    public boolean truncated() {
        return truncated;
    }

    /** The full length of a truncated line, else {@link #length()}. */
    public long originalLength() {
        return truncated ? originalLength : length;
    }

    /** A copy that owns its bytes, for a line that must outlive the next call to {@link LineSplitter#next}. */
    Line copy() {
        Line copy = new Line();
        copy.buffer = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
        copy.offset = 0;
        copy.length = length;
        copy.startPosition = startPosition;
        copy.endPosition = endPosition;
        copy.number = number;
        copy.truncated = truncated;
        copy.originalLength = originalLength;
        return copy;
    }

    public boolean isBlank() {
        for (int i = offset; i < offset + length; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
