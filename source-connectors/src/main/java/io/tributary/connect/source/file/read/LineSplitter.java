package io.tributary.connect.source.file.read;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines, tracking the exact byte position after each one, which is what makes resuming
 * precise. Lines end with '\n' (a preceding '\r' is dropped); a UTF-8 byte order mark at position 0 is skipped.
 *
 * <p>A line longer than {@code maxLineBytes} is not buffered whole: its first {@code keepBytes} are kept for the
 * dead-letter record and the rest is skipped up to the next newline, so one huge line costs bounded memory.
 *
 * <p>Reading past the current end of the stream is retried on the next call, so a growing file can be tailed.
 * With {@code endOfInputEndsLine}, bytes after the last newline at end of input form a last line (a complete
 * file); without it they wait for their newline (a file still being written).
 */
public final class LineSplitter implements Closeable {

    private static final int MIN_BUFFER = 4 * 1024;
    private static final int MAX_INITIAL_BUFFER = 256 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final int keepBytes;
    private final Line line = new Line();
    private byte[] buffer;
    private int start;
    private int end;
    private int scanFrom;
    private long position;
    private long lineNumber;
    private boolean atEndOfInput;
    private boolean bomChecked;

    private boolean skipping;
    private long skipStartPosition;
    private long skippedLength;
    private byte[] kept;

    /**
     * @param in           the content, already positioned at {@code position}
     * @param position     byte position of the stream's next byte (where reading resumes)
     * @param linesBefore  lines before that position, so line numbers continue
     */
    public LineSplitter(InputStream in, long position, long linesBefore, int maxLineBytes, int keepBytes) {
        this(in, position, linesBefore, maxLineBytes, keepBytes, MAX_INITIAL_BUFFER);
    }

    /** @param sizeHint expected bytes to read: small files get small buffers (a spool of many tiny files) */
    public LineSplitter(InputStream in, long position, long linesBefore, int maxLineBytes, int keepBytes,
                        long sizeHint) {
        this.buffer = new byte[(int) Math.max(MIN_BUFFER, Math.min(MAX_INITIAL_BUFFER, sizeHint + 1))];
        this.in = in;
        this.position = position;
        this.lineNumber = linesBefore;
        this.maxLineBytes = maxLineBytes;
        this.keepBytes = Math.min(keepBytes, maxLineBytes);
        this.bomChecked = position > 0;
    }

    /** The next line, or null when no complete line is available now. */
    public Line next(boolean endOfInputEndsLine) throws IOException {
        while (true) {
            int newline = indexOfNewline(scanFrom, end);
            if (newline >= 0) {
                return skipping ? finishSkipped(newline) : emit(start, newline - start, newline + 1);
            }
            scanFrom = end;
            if (!skipping && end - start > maxLineBytes) {
                beginSkipping();
            } else if (skipping) {
                skippedLength += end - start;
                position += end - start;
                start = end = scanFrom = 0;
            }
            if (!fill()) {
                atEndOfInput = true;
                if (endOfInputEndsLine && (start < end || skipping)) {
                    return skipping ? finishSkipped(-1) : emit(start, end - start, end);
                }
                return null;
            }
        }
    }

    /** True when the last read found the end of the input and every byte before it was returned. */
    public boolean exhausted() {
        return atEndOfInput && start == end && !skipping;
    }

    /** Position after the last line returned. */
    public long position() {
        return position;
    }

    public long lineNumber() {
        return lineNumber;
    }

    private Line emit(int from, int length, int next) {
        int len = length;
        if (len > 0 && buffer[from + len - 1] == '\r') {
            len--;
        }
        long consumed = next - from;
        line.buffer = buffer;
        line.offset = from;
        line.length = len;
        line.startPosition = position;
        line.endPosition = position + consumed;
        line.number = ++lineNumber;
        line.truncated = false;
        bomChecked = true;
        position += consumed;
        start = next;
        scanFrom = next;
        return line;
    }

    private void beginSkipping() {
        skipping = true;
        skipStartPosition = position;
        kept = Arrays.copyOfRange(buffer, start, start + keepBytes);
        skippedLength = end - start;
        position += end - start;
        start = end = scanFrom = 0;
    }

    /** Ends an oversized line at {@code newline} (or at end of input when -1). */
    private Line finishSkipped(int newline) {
        int upTo = newline < 0 ? end : newline;
        long total = skippedLength + (upTo - start);
        int consumedHere = newline < 0 ? end - start : newline + 1 - start;
        position += consumedHere;
        start += consumedHere;
        scanFrom = start;
        skipping = false;
        line.buffer = kept;
        line.offset = 0;
        line.length = kept.length;
        line.startPosition = skipStartPosition;
        line.endPosition = position;
        line.number = ++lineNumber;
        line.truncated = true;
        line.originalLength = total;
        return line;
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buffer;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Reads more input; false at end of input (for now). */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            scanFrom -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, 1024));
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        atEndOfInput = false;
        end += read;
        if (!bomChecked && start == 0 && end >= 3) {
            bomChecked = true;
            if ((buffer[0] & 0xff) == 0xEF && (buffer[1] & 0xff) == 0xBB && (buffer[2] & 0xff) == 0xBF) {
                start = 3;
                scanFrom = 3;
                position += 3;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
