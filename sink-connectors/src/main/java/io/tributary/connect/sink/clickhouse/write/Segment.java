package io.tributary.connect.sink.clickhouse.write;

import com.clickhouse.data.ClickHouseFormat;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Encoded rows of one partition that go into one INSERT: same table, same format, same column list. Each row's
 * bytes are contiguous and in offset order, so any run of rows is one slice of the buffer: a batch is split to find
 * a bad record, or trimmed after a partial insert, without encoding anything again.
 */
final class Segment {

    final String table;
    final ClickHouseFormat format;
    /** Column list of the INSERT; null means the format names its columns (JSONEachRow). */
    final List<String> columns;
    private final Bytes bytes = new Bytes();
    private int[] starts = new int[64];
    private long[] offsets = new long[64];
    private SinkRecord[] records = new SinkRecord[64];
    private int count;

    Segment(String table, ClickHouseFormat format, List<String> columns) {
        this.table = table;
        this.format = format;
        this.columns = columns;
    }

    boolean accepts(String table, ClickHouseFormat format, List<String> columns) {
        return this.table.equals(table) && this.format == format && java.util.Objects.equals(this.columns, columns);
    }

    /** The stream the next row is written to; {@link #endRow} or {@link #abandonRow} after it. */
    ByteArrayOutputStream out() {
        return bytes;
    }

    int size() {
        return bytes.size();
    }

    /** Ends the row of {@code record}, read at {@code offset} of the partition (its original offset). */
    void endRow(SinkRecord record, long offset) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            offsets = Arrays.copyOf(offsets, count * 2);
            records = Arrays.copyOf(records, count * 2);
        }
        starts[count] = rowStart;
        offsets[count] = offset;
        records[count] = record;
        count++;
        rowStart = bytes.size();
    }

    private int rowStart;

    /** Drops what was written of a row that failed half-way (the encoders do not, but JSON writing might). */
    void abandonRow() {
        bytes.truncate(rowStart);
    }

    int rows() {
        return count;
    }

    long offset(int row) {
        return offsets[row];
    }

    SinkRecord record(int row) {
        return records[row];
    }

    int start(int row) {
        return row == count ? rowStart : starts[row];
    }

    byte[] buffer() {
        return bytes.array();
    }

    /** A new segment with the rows from {@code from} on whose offsets are not in {@code present}. */
    Segment without(int from, Set<Long> present) {
        Segment kept = new Segment(table, format, columns);
        for (int i = from; i < count; i++) {
            if (!present.contains(offsets[i])) {
                kept.bytes.write(bytes.array(), start(i), start(i + 1) - start(i));
                kept.endRow(records[i], offsets[i]);
            }
        }
        return kept;
    }

    /** A ByteArrayOutputStream whose array can be read and cut back without copying. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(64 * 1024);
        }

        byte[] array() {
            return buf;
        }

        void truncate(int size) {
            count = size;
        }
    }
}
