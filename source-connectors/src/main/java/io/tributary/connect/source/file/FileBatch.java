package io.tributary.connect.source.file;

import io.tributary.connect.source.file.read.ReadResult;
import io.tributary.connect.source.file.read.RecordReader;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.util.List;

/** Reads up to a number of records from one file into a poll's batch. */
final class FileBatch {

    private final FileRecords records;
    private final FileSourceMetrics metrics;

    FileBatch(FileRecords records, FileSourceMetrics metrics) {
        this.records = records;
        this.metrics = metrics;
    }

    /**
     * Appends up to {@code max} records from {@code file} to {@code out}. Holds back one result to learn whether
     * it is the file's last, so a complete file's last record carries {@code eof=true} in its offset: a restarted
     * task then knows the file is done without reading it again.
     *
     * @return true when the file has been read to its end (or to a failure that ends it)
     */
    boolean read(SourceFile file, int max, List<SourceRecord> out) throws IOException {
        RecordReader reader = file.reader();
        ReadResult held = null;
        int added = 0;
        int failed = 0;
        boolean ended = false;
        while (added < max) {
            ReadResult result = reader.next();
            if (result == null) {
                break;
            }
            if (held != null) {
                out.add(records.of(file, held, false));
            }
            held = result;
            added++;
            if (result instanceof ReadResult.Failed) {
                failed++;
            }
            if (result instanceof ReadResult.Failed && ((ReadResult.Failed) result).endsFile()) {
                ended = true;
                file.endReached(true);
                break;
            }
        }
        ended |= file.complete && reader.exhausted();
        if (held != null) {
            out.add(records.of(file, held, ended && file.complete));
        }
        file.emitted(added);
        // Counted per batch: a sensor update per record costs more than the rest of the bookkeeping.
        metrics.recordsRead.add(added - failed);
        metrics.deadLettered.add(failed);
        metrics.bytesRead.add(file.takeBytesRead());
        if (ended) {
            file.endReached(false);
        }
        return ended;
    }
}
