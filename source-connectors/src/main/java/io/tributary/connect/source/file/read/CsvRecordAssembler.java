package io.tributary.connect.source.file.read;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Joins physical lines into CSV records (a quoted field may span lines) and splits each record into fields with
 * FastCSV. Lines are joined here, not by FastCSV's stream reader, because each record must carry the exact byte
 * position where it ends: that position is the source offset.
 *
 * <p>A quoted field is bounded: a row whose quote is still open after {@code maxQuotedLines} lines or
 * {@code maxQuotedBytes} bytes, or when the file ends, is broken (an unterminated quote would otherwise make the
 * rest of the file one field). Its first line alone becomes the failure, ending at that line's end — the source
 * offset, so a restart resumes on the next line — and the lines after it are given back by {@link #replayed()} to
 * be read again as if reading had resumed there. Reading them again here rather than seeking keeps one code path
 * for plain and compressed files, and costs at most the bound in memory.
 */
final class CsvRecordAssembler {

    /** A complete record's text, or a failure to decode or assemble it. */
    record Assembled(List<String> fields, long startPosition, long endPosition, long firstLine, long lastLine,
                     byte[] raw, Exception error, String message) {
        boolean failed() {
            return error != null;
        }
    }

    private final CsvReader.CsvReaderBuilder csv;
    private final char quote;
    private final int maxQuotedLines;
    private final int maxQuotedBytes;
    private final Utf8 utf8 = new Utf8();
    private final StringBuilder pending = new StringBuilder();
    private final ByteArrayOutputStream pendingRaw = new ByteArrayOutputStream();
    /** Copies of the open row's lines (only while a quote is open): what a broken row gives back. */
    private final List<Line> openLines = new ArrayList<>();
    /** Lines given back by broken rows, in file order, to be read before the file's next line. */
    private final ArrayDeque<Line> replay = new ArrayDeque<>();
    private boolean inQuotes;
    private long pendingStart;
    private long pendingFirstLine;

    /**
     * @param maxQuotedLines most lines a row with a quoted field may span
     * @param maxQuotedBytes most bytes a row may reach while a quoted field in it is open
     */
    CsvRecordAssembler(char delimiter, char quote, int maxQuotedLines, int maxQuotedBytes) {
        this.csv = CsvReader.builder().fieldSeparator(delimiter).quoteCharacter(quote);
        this.quote = quote;
        this.maxQuotedLines = maxQuotedLines;
        this.maxQuotedBytes = maxQuotedBytes;
    }

    /** True while a quoted field is open: the next line continues the row, blank or not. */
    boolean open() {
        return inQuotes;
    }

    /** True while a row is unfinished or lines wait to be read again. */
    boolean holdsInput() {
        return inQuotes || !replay.isEmpty();
    }

    /**
     * The next line given back by a broken row, to be read again (through the caller's own checks: header, blank,
     * too long) before the file's next line; null when none waits.
     */
    Line replayed() {
        return replay.pollFirst();
    }

    /** Takes a line; returns the record it completes, a failure, or null while a quoted field is still open. */
    Assembled accept(Line line) {
        if (inQuotes && line.truncated()) {
            openLines.add(line.copy());
            return broken("line " + line.number() + " in it is longer than format.line.max.bytes");
        }
        String text;
        try {
            text = utf8.decode(line.buffer(), line.offset(), line.length());
        } catch (CharacterCodingException e) {
            return fail(line, e, "invalid UTF-8");
        }
        if (pending.length() == 0 && !inQuotes) {
            pendingStart = line.startPosition();
            pendingFirstLine = line.number();
        } else {
            pending.append('\n');
            pendingRaw.write('\n');
        }
        pending.append(text);
        pendingRaw.write(line.buffer(), line.offset(), line.length());
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == quote) {
                inQuotes = !inQuotes;
            }
        }
        if (!inQuotes) {
            return complete(line.endPosition(), line.number());
        }
        openLines.add(line.copy());
        // Still open: the row needs another line, so at the bound it cannot fit any more.
        if (openLines.size() >= maxQuotedLines) {
            return broken("still open after " + openLines.size() + " lines (format.csv.quoted.max.lines is "
                    + maxQuotedLines + ")");
        }
        if (pendingRaw.size() >= maxQuotedBytes) {
            return broken("still open after " + pendingRaw.size() + " bytes (format.csv.quoted.max.bytes is "
                    + maxQuotedBytes + ")");
        }
        return null;
    }

    /** At the end of a complete file: an open quote breaks its row. */
    Assembled finish() {
        return inQuotes ? broken("the file ends inside it") : null;
    }

    /** The open row's first line as a failure; the lines after it are given back to be read again. */
    private Assembled broken(String reason) {
        Line first = openLines.get(0);
        for (int i = openLines.size() - 1; i >= 1; i--) {
            replay.addFirst(openLines.get(i));
        }
        reset();
        byte[] raw = Arrays.copyOfRange(first.buffer(), first.offset(), first.offset() + first.length());
        String message = "unterminated quoted field starting at line " + first.number() + " (bytes "
                + first.startPosition() + "-" + first.endPosition() + "): " + reason + "; that line is dead-lettered "
                + "alone and reading goes on at line " + (first.number() + 1);
        return new Assembled(null, first.startPosition(), first.endPosition(), first.number(), first.number(), raw,
                new UnterminatedQuoteException(""), message);
    }

    private Assembled complete(long endPosition, long lastLine) {
        String text = pending.toString();
        byte[] raw = pendingRaw.toByteArray();
        long start = pendingStart;
        long first = pendingFirstLine;
        reset();
        try {
            CsvRecord record = csv.ofSingleCsvRecord(text);
            return new Assembled(record.getFields(), start, endPosition, first, lastLine, raw, null, null);
        } catch (RuntimeException e) {
            return new Assembled(null, start, endPosition, first, lastLine, raw, e, "malformed CSV record");
        }
    }

    private Assembled fail(Line line, Exception error, String message) {
        byte[] raw = pendingRaw.size() > 0 ? pendingRaw.toByteArray() : null;
        long start = pendingRaw.size() > 0 ? pendingStart : line.startPosition();
        long first = pendingRaw.size() > 0 ? pendingFirstLine : line.number();
        if (raw == null) {
            raw = new byte[line.length()];
            System.arraycopy(line.buffer(), line.offset(), raw, 0, line.length());
        }
        reset();
        return new Assembled(null, start, line.endPosition(), first, line.number(), raw, error, message);
    }

    private void reset() {
        pending.setLength(0);
        pendingRaw.reset();
        openLines.clear();
        inQuotes = false;
    }
}
