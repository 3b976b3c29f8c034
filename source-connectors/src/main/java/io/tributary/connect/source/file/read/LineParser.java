package io.tributary.connect.source.file.read;

/**
 * Turns physical lines into records for one file format. Stateful per file: CSV remembers its header and
 * assembles quoted fields that span lines.
 */
public interface LineParser {

    /**
     * Takes the next line. Returns the record it completes, a failure, or null when the line completes nothing
     * (blank, header, or the first line of a multi-line record).
     */
    ReadResult accept(Line line);

    /** At the end of a complete file: a record left unfinished (an unclosed quote), or null. */
    ReadResult finish();

    /**
     * A further result of the lines already taken (CSV: the rows after a row broken by an unterminated quote), to
     * be asked for, until null, before the next line is given.
     */
    default ReadResult more() {
        return null;
    }

    /** True while the parser holds input not yet returned: an unfinished record or further results. */
    default boolean holdsInput() {
        return false;
    }

    /** Builds a failure for a line, copying at most {@code keep} bytes of it. */
    static ReadResult.Failed failed(Line line, int keep, String stage, Throwable error, String message) {
        int kept = Math.min(line.length(), keep);
        byte[] raw = new byte[kept];
        System.arraycopy(line.buffer(), line.offset(), raw, 0, kept);
        boolean truncated = line.truncated() || kept < line.length();
        return new ReadResult.Failed(raw, line.originalLength(), truncated, stage, error.getClass().getName(), message,
                line.startPosition(), line.endPosition(), line.number(), line.number());
    }
}
