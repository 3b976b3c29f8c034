package io.tributary.connect.source.file.read;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import java.nio.charset.CharacterCodingException;
import java.util.List;

/**
 * Joins physical lines into CSV records (a quoted field may span lines) and splits each record into fields with
 * FastCSV. Lines are joined here, not by FastCSV's stream reader, because each record must carry the exact byte
 * position where it ends: that position is the source offset.
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
    private final int maxRecordBytes;
    private final Utf8 utf8 = new Utf8();
    private final StringBuilder pending = new StringBuilder();
    private final java.io.ByteArrayOutputStream pendingRaw = new java.io.ByteArrayOutputStream();
    private boolean inQuotes;
    private long pendingStart;
    private long pendingFirstLine;

    CsvRecordAssembler(char delimiter, char quote, int maxRecordBytes) {
        this.csv = CsvReader.builder().fieldSeparator(delimiter).quoteCharacter(quote);
        this.quote = quote;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Takes a line; returns the record it completes, or null while a quoted field is still open. */
    Assembled accept(Line line) {
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
        if (inQuotes) {
            if (pendingRaw.size() > maxRecordBytes) {
                return fail(line, new LineTooLongException(""), "quoted field open for more than " + maxRecordBytes
                        + " bytes since line " + pendingFirstLine);
            }
            return null;
        }
        return complete(line.endPosition(), line.number());
    }

    /** At end of file: an open quote means the last record never closed. */
    Assembled finish(long endPosition, long lastLine) {
        if (!inQuotes) {
            return null;
        }
        byte[] raw = pendingRaw.toByteArray();
        long start = pendingStart;
        long first = pendingFirstLine;
        reset();
        return new Assembled(null, start, endPosition, first, lastLine, raw,
                new java.io.EOFException(), "quoted field opened on line " + first + " is never closed");
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
        inQuotes = false;
    }
}
