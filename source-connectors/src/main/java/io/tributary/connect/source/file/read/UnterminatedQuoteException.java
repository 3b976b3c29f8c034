package io.tributary.connect.source.file.read;

/**
 * Names the error of a CSV row whose quoted field is still open past {@code format.csv.quoted.max.lines} or
 * {@code format.csv.quoted.max.bytes}, or when the file ends: the row's first line is dead-lettered alone and
 * reading goes on at the line after it. It is dead-lettered, never thrown far.
 */
public final class UnterminatedQuoteException extends Exception {
    private static final long serialVersionUID = 1L;

    public UnterminatedQuoteException(String message) {
        super(message, null, false, false);
    }
}
