package io.tributary.connect.source.file.read;

/** Names the error of a line longer than {@code format.line.max.bytes}; it is dead-lettered, never thrown far. */
public final class LineTooLongException extends Exception {
    private static final long serialVersionUID = 1L;

    public LineTooLongException(String message) {
        super(message, null, false, false);
    }

    static ReadResult.Failed of(Line line, int maxLineBytes, int keep) {
        return LineParser.failed(line, keep, "parse", new LineTooLongException(""),
                "line of " + line.originalLength() + " bytes exceeds format.line.max.bytes (" + maxLineBytes + ")");
    }
}
