package io.tributary.connect.source.file.read;

import java.io.IOException;

/** A growing file does not yet hold what opening it needs (a CSV header, records to infer a schema from). */
public final class FileNotReadyException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileNotReadyException(String message) {
        super(message);
    }
}
