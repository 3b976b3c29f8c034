package io.tributary.connect.sink.clickhouse.write;

import com.clickhouse.data.ClickHouseFormat;
import io.tributary.connect.sink.ErrantRecords;
import io.tributary.connect.sink.OriginalCoordinates;
import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway;
import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway.GatewayException;
import io.tributary.connect.sink.clickhouse.client.Failures;
import io.tributary.connect.sink.clickhouse.convert.ConversionException;
import io.tributary.connect.sink.clickhouse.convert.EncoderOptions;
import io.tributary.connect.sink.clickhouse.convert.RowBinaryEncoder;
import io.tributary.connect.sink.clickhouse.table.Tables;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One topic partition's rows on their way into ClickHouse, in offset order: encoded as they arrive, inserted as one
 * INSERT per segment (same table and column list), and tracked so that the offset Connect may commit is always
 * one whose records are all in ClickHouse (or reported).
 *
 * <p>The partition is the one Connect assigned: the record's original topic, partition and offset, before the
 * connector's transforms (KIP-793). Those are what the rows carry and what every query below asks for; the
 * transformed topic only chooses the table, per record, so a router (RegexRouter, a content-based one) may send
 * one partition's records to several tables, and several partitions to one table, the triple staying unique.
 *
 * <p>Exactly-once, without Keeper: rows carry topic, partition and offset. The first time the partition's records
 * go to a table after (re)assignment, the highest offset of this partition stored there is read; redelivered
 * records at or below it are checked against the offsets that table holds in that range (one query) and skipped
 * if present — covering an insert that landed but was not committed, or landed in part. After a retriable failure
 * the next attempt first asks which of its offsets arrived. A redelivered record is looked for in the table it is
 * routed to now: correct whenever the transforms route a given record to the same table each time (they do unless
 * they depend on something besides the record, such as the clock or a changing lookup).
 *
 * <p>Failures are the gateway's {@link GatewayException}, already classified: a record's fault splits the insert,
 * anything else leaves it as it is, the rows not known to be in ClickHouse still pending.
 *
 * <p>The table may change under the rows held here: another task widens a column these rows were encoded for in
 * RowBinary, which names no types. Their INSERT names the table's layout guard as it was when they were encoded, and
 * the widening replaced it, so the server refuses that INSERT whole (see {@link Tables}). The writer then becomes
 * {@link #stale()}: it keeps every pending row, and {@link #reencode()} (on the task's thread) encodes them again
 * from the records it still holds, for the table as it is now; the next flush first asks which offsets arrived.
 */
final class PartitionWriter {

    /** The original (assigned) topic and partition: what the rows carry and the queries ask for. */
    private final String topic;
    private final int partition;
    private final Tables tables;
    private final ClickHouseGateway gateway;
    private final EncoderOptions.OffsetColumns offsetColumns;
    private final JsonRows jsonRows;
    private final ErrantRecords errant;
    private final ClickHouseSinkMetrics metrics;
    private final SchemaOrigins origins;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private long lastAccepted = -1;
    private long firstPendingNanos;
    private boolean uncertain;
    /** The table changed under pending rows: they must be encoded again before they are inserted. */
    private boolean stale;
    /** Per table this partition's records went to since assignment: what of the partition it holds. */
    private final Map<String, Stored> stored = new HashMap<>();
    /** Offsets loaded per presence query: bounds memory when a consumer is reset far back. */
    private static final long PRESENCE_WINDOW = 1_000_000;
    private int done;

    PartitionWriter(String topic, int partition, Tables tables, ClickHouseGateway gateway,
                    EncoderOptions.OffsetColumns offsetColumns, ErrantRecords errant, ClickHouseSinkMetrics metrics,
                    SchemaOrigins origins) {
        this.topic = topic;
        this.partition = partition;
        this.tables = tables;
        this.gateway = gateway;
        this.offsetColumns = offsetColumns;
        this.jsonRows = new JsonRows(offsetColumns);
        this.errant = errant;
        this.metrics = metrics;
        this.origins = origins;
    }

    /**
     * Takes one record read from this partition: encodes it into the table of its (transformed) topic, or skips it
     * (redelivered, already stored, tombstone), or reports it.
     */
    void accept(SinkRecord record) {
        long offset = OriginalCoordinates.offset(record);
        if (offset <= lastAccepted) {
            return; // the same records again, after a retriable failure
        }
        String table = tables.tableFor(record.topic());
        if (offsetColumns != null && alreadyStored(table, offset)) {
            metrics.alreadyStored.increment();
            lastAccepted = offset;
            return;
        }
        Object value = record.value();
        if (value == null) {
            metrics.tombstones.increment();
            lastAccepted = offset;
            return;
        }
        try {
            encode(record, value, table, offset);
        } catch (ConversionException e) {
            errant.report(record, refusal(record, table, e));
            metrics.deadLettered.increment();
        }
        lastAccepted = offset;
    }

    /**
     * What the dead-letter headers say of a refused record: the table, the field and column (in the cause's
     * message), and where its value schema came from (Connect schema name and version, registry artifact and
     * version) — so that an incompatible schema change can be traced to the registry version that made it.
     */
    private DataException refusal(SinkRecord record, String table, RuntimeException cause) {
        String message = cause.getMessage();
        String prefix = "Cannot insert into " + gateway.qualified(table) + ": ";
        return new DataException((message.startsWith(prefix) ? message : prefix + message) + " ["
                + origins.describe(record) + "]", cause);
    }

    /** What one table holds of this partition, as far as redelivered records need to know. */
    private static final class Stored {
        /** The highest offset of this partition in the table when first asked (none: -1). */
        final long max;
        /** The offsets the table holds in [window start, checkedUpTo]. */
        Set<Long> window;
        long checkedUpTo = -1;

        Stored(long max) {
            this.max = max;
        }
    }

    private boolean alreadyStored(String table, long offset) {
        Stored s = stored.computeIfAbsent(table, this::recover);
        if (offset > s.max) {
            return false;
        }
        if (s.window == null || offset > s.checkedUpTo) {
            s.checkedUpTo = Math.min(s.max, offset + PRESENCE_WINDOW - 1);
            s.window = stored(table, offset, s.checkedUpTo);
        }
        return s.window.contains(offset);
    }

    /** The highest offset of this partition {@code table} holds (none: -1); read once per assignment and table. */
    private Stored recover(String table) {
        if (!gateway.tableExists(table)) {
            return new Stored(-1);
        }
        String tsv = gateway.queryText("SELECT count(), max(" + quote(offsetColumns.offset()) + ") FROM "
                + gateway.qualified(table) + " WHERE " + where() + " FORMAT TSV").trim();
        String[] parts = tsv.split("\t");
        return new Stored(Long.parseLong(parts[0]) == 0 ? -1 : Long.parseLong(parts[1]));
    }

    private Set<Long> stored(String table, long from, long to) {
        String tsv = gateway.queryText("SELECT " + quote(offsetColumns.offset()) + " FROM " + gateway.qualified(table)
                + " WHERE " + where() + " AND " + quote(offsetColumns.offset()) + " BETWEEN " + from + " AND " + to
                + " FORMAT TSV");
        Set<Long> offsets = new HashSet<>();
        for (String line : tsv.split("\n")) {
            if (!line.isBlank()) {
                offsets.add(Long.parseLong(line.trim()));
            }
        }
        return offsets;
    }

    private String where() {
        return quote(offsetColumns.topic()) + " = '" + ClickHouseGateway.escape(topic) + "' AND "
                + quote(offsetColumns.partition()) + " = " + partition;
    }

    private static String quote(String name) {
        return io.tributary.connect.sink.clickhouse.convert.TableSchema.quoteIdentifier(name);
    }

    private void encode(SinkRecord record, Object value, String table, long offset) {
        Segment segment;
        try {
            if (value instanceof Struct struct) {
                RowBinaryEncoder encoder = tables.encoder(table, struct.schema());
                segment = segmentFor(table, encoder.format(), encoder.quotedColumns());
                encoder.write(segment.out(), struct, topic, partition, offset);
            } else if (JsonRows.handles(value)) {
                tables.schema(table, null, value);
                if (value instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> fields = (Map<String, ?>) map;
                    tables.evolveFor(table, fields);
                }
                segment = segmentFor(table, ClickHouseFormat.JSONEachRow, null);
                try {
                    jsonRows.write(segment.out(), value, topic, partition, offset);
                } catch (ConversionException | IOException e) {
                    segment.abandonRow();
                    throw e;
                }
            } else {
                throw new ConversionException("value", "a " + value.getClass().getSimpleName() + " is neither a "
                        + "Struct nor a JSON object (map or string)");
            }
        } catch (IOException e) {
            throw new ConversionException("value", "cannot be encoded: " + e.getMessage());
        }
        if (segments.isEmpty() || pendingRows() == 0) {
            firstPendingNanos = System.nanoTime();
        }
        segment.endRow(record, offset);
    }

    private Segment segmentFor(String table, ClickHouseFormat format, java.util.List<String> columns) {
        Segment last = segments.peekLast();
        if (last == null || !last.accepts(table, format, columns)) {
            last = new Segment(table, format, columns);
            segments.addLast(last);
        }
        return last;
    }

    int pendingRows() {
        int rows = 0;
        for (Segment s : segments) {
            rows += s.rows();
        }
        return rows;
    }

    long pendingBytes() {
        long bytes = 0;
        for (Segment s : segments) {
            bytes += s.size();
        }
        return bytes;
    }

    boolean due(int maxRecords, long maxBytes, long lingerMs) {
        int rows = pendingRows();
        return rows > 0 && (rows >= maxRecords || pendingBytes() >= maxBytes
                || System.nanoTime() - firstPendingNanos >= lingerMs * 1_000_000L);
    }

    /** The offset Connect may commit (the next to read), or -1 when nothing was handled yet. */
    long committableOffset() {
        for (Segment s : segments) {
            if (s.rows() > 0) {
                return s.offset(0);
            }
        }
        return lastAccepted < 0 ? -1 : lastAccepted + 1;
    }

    /**
     * Inserts everything pending, segment by segment, in order. If the table's layout changed under the rows (an
     * insert refused for naming a replaced layout guard), stops with them all still pending and {@link #stale()}.
     */
    void flush() {
        if (stale) {
            return;
        }
        while (!segments.isEmpty()) {
            Segment segment = segments.peekFirst();
            if (segment.rows() == 0) {
                segments.pollFirst();
                continue;
            }
            if (uncertain && offsetColumns != null) {
                Set<Long> arrived = stored(segment.table, segment.offset(0), segment.offset(segment.rows() - 1));
                if (!arrived.isEmpty()) {
                    metrics.alreadyStored.add(arrived.size());
                    segment = replaceHead(segment.without(0, arrived));
                }
            }
            uncertain = false;
            done = 0;
            try {
                insert(segment, 0, segment.rows());
            } catch (GatewayException e) {
                // Whatever failed, some rows may have landed: the next attempt asks first.
                uncertain = true;
                if (done > 0) {
                    replaceHead(segment.without(done, Set.of()));
                }
                // A refused column list (the layout guard replaced) is FATAL to the server; ask whether that is it.
                if (e.failure() == Failures.FATAL && segment.columns != null
                        && tables.layoutChanged(segment.table, segment.columns)) {
                    metrics.reencoded.add(pendingRows());
                    stale = true;
                    return;
                }
                throw e;
            }
            segments.pollFirst();
        }
    }

    /** Whether pending rows were encoded for a layout the table no longer has ({@link #reencode()} them). */
    boolean stale() {
        return stale;
    }

    /**
     * Encodes every pending row again from its record, for the tables as they are now (the stale table's columns
     * are read again): same records, same offsets, same order. JSONEachRow rows stay as they are: they name their
     * columns and their values parse into the widened types. A record the changed table cannot take is reported, as
     * when it first arrived. Runs on the task's thread: encoders are shared between partitions, and encoding may
     * evolve the table.
     */
    void reencode() {
        Deque<Segment> held = new ArrayDeque<>(segments);
        segments.clear();
        stale = false;
        for (Segment segment : held) {
            if (segment.columns == null) {
                segments.addLast(segment);
                continue;
            }
            for (int row = 0; row < segment.rows(); row++) {
                SinkRecord record = segment.record(row);
                try {
                    encode(record, record.value(), segment.table, segment.offset(row));
                } catch (ConversionException e) {
                    errant.report(record, refusal(record, segment.table, e));
                    metrics.deadLettered.increment();
                }
            }
        }
    }

    private Segment replaceHead(Segment replacement) {
        segments.pollFirst();
        segments.addFirst(replacement);
        return replacement;
    }

    private void insert(Segment segment, int from, int to) {
        int start = segment.start(from);
        long began = System.nanoTime();
        try {
            gateway.insert(segment.table, segment.columns, segment.buffer(), start, segment.start(to) - start,
                    segment.format, settings(segment.format));
            metrics.inserts.increment();
            metrics.rows.add(to - from);
            metrics.insertLatencyMs.add((System.nanoTime() - began) / 1_000_000L);
            done = to;
        } catch (GatewayException e) {
            switch (e.failure()) {
                case RECORD -> {
                    if (to - from == 1) {
                        errant.report(segment.record(from), refusal(segment.record(from), segment.table, e));
                        metrics.deadLettered.increment();
                        done = to;
                    } else {
                        metrics.splits.increment();
                        int mid = (from + to) >>> 1;
                        insert(segment, from, mid);
                        insert(segment, mid, to);
                    }
                }
                case FATAL -> {
                    tables.forget(segment.table); // what failed may be the table: read it again next time
                    throw e;
                }
                case RETRIABLE -> throw e;
            }
        }
    }

    private Map<String, String> settings(ClickHouseFormat format) {
        if (format == ClickHouseFormat.JSONEachRow && tables.skipUnknownJsonFields()) {
            return Map.of("input_format_skip_unknown_fields", "1");
        }
        return Map.of();
    }
}
