package io.tributary.connect.source.file.read;

/**
 * The reader of a file that could not be opened (permissions, a corrupt header, a bad declared schema for its
 * columns): it yields one 'read' failure, so the problem reaches the dead-letter topic like any other, and then
 * ends.
 */
public final class UnreadableFile implements RecordReader {

    private ReadResult.Failed failure;

    public UnreadableFile(Exception error, long position, long lines) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        this.failure = new ReadResult.Failed(null, 0, false, "read", error.getClass().getName(),
                "cannot open the file: " + message, position, position, lines + 1, lines);
    }

    @Override
    public ReadResult next() {
        ReadResult result = failure;
        failure = null;
        return result;
    }

    @Override
    public boolean exhausted() {
        return failure == null;
    }

    @Override
    public long bytesReadFromDisk() {
        return 0;
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public void close() {
    }
}
