package io.tributary.connect.source.file.read;

import java.io.IOException;

/** Reads records from a line-oriented file: splitter for lines and positions, parser for the format. */
final class LineRecordReader implements RecordReader {

    private final LineSplitter splitter;
    private final LineParser parser;
    private final CountingInputStream disk;
    private boolean complete;
    private boolean finished;

    /**
     * @param complete true for a file that will not grow (spool mode, a rotated file): bytes after the last newline
     *                 form a last line. False for a tailed file, where they wait for their newline.
     */
    LineRecordReader(LineSplitter splitter, LineParser parser, CountingInputStream disk, boolean complete) {
        this.splitter = splitter;
        this.parser = parser;
        this.disk = disk;
        this.complete = complete;
    }

    @Override
    public ReadResult next() throws IOException {
        while (true) {
            ReadResult more = parser.more();
            if (more != null) {
                return more;
            }
            if (finished) {
                return null;
            }
            Line line;
            try {
                line = splitter.next(complete);
            } catch (IOException e) {
                // Corrupt compression or an I/O failure: nothing after this point can be read.
                finished = true;
                return new ReadResult.Failed(null, 0, false, "read", e.getClass().getName(),
                        "reading failed after byte " + splitter.position() + ": " + e.getClass().getSimpleName(),
                        splitter.position(), splitter.position(), splitter.lineNumber() + 1, splitter.lineNumber());
            }
            if (line == null) {
                if (complete && splitter.exhausted()) {
                    finished = true;
                    ReadResult last = parser.finish();
                    if (last != null) {
                        return last;
                    }
                    continue;   // nothing left open; more() has nothing either
                }
                return null;
            }
            ReadResult result = parser.accept(line);
            if (result != null) {
                return result;
            }
        }
    }

    @Override
    public void noMoreGrowth() {
        complete = true;
    }

    @Override
    public boolean exhausted() {
        return (finished || (splitter.exhausted() && complete)) && !parser.holdsInput();
    }

    @Override
    public long bytesReadFromDisk() {
        return disk.count();
    }

    @Override
    public long position() {
        return splitter.position();
    }

    @Override
    public void close() throws IOException {
        splitter.close();
    }
}
