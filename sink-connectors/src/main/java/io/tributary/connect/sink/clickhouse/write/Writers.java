package io.tributary.connect.sink.clickhouse.write;

import io.tributary.connect.sink.ErrantRecords;
import io.tributary.connect.sink.OriginalCoordinates;
import io.tributary.connect.sink.PartitionFanOut;
import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway;
import io.tributary.connect.sink.clickhouse.client.ClickHouseGateway.GatewayException;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkConfig;
import io.tributary.connect.sink.clickhouse.table.Tables;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task's partitions, as Connect assigned them (records' original topic-partitions, before transforms): records are handed to their partition's writer; partitions whose batch is full (records,
 * bytes) or old enough (linger) are inserted, several partitions at once, one insert in flight per partition.
 * ClickHouse's failures come out as the gateway's {@link GatewayException}, classified; a fatal one of some partition
 * outweighs a retriable one of another.
 */
public final class Writers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Writers.class);

    private final ClickHouseSinkConfig config;
    private final ClickHouseGateway gateway;
    private final Tables tables;
    private final ErrantRecords errant;
    private final ClickHouseSinkMetrics metrics;
    private final Map<TopicPartition, PartitionWriter> writers = new LinkedHashMap<>();
    private final PartitionFanOut inserts;
    private final SchemaOrigins origins;

    public Writers(ClickHouseSinkConfig config, ClickHouseGateway gateway, ErrantRecords errant,
                   ClickHouseSinkMetrics metrics) {
        this.config = config;
        this.gateway = gateway;
        this.tables = new Tables(config, gateway, this::flushAllHere);
        this.origins = new SchemaOrigins(config.originalsStrings());
        this.errant = errant;
        this.metrics = metrics;
        this.inserts = new PartitionFanOut("clickhouse-insert", config.parallelism(),
                e -> e instanceof GatewayException g && g.retriable(), Writers::insertFailed);
    }

    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            writers.computeIfAbsent(tp, this::writer);
        }
    }

    private PartitionWriter writer(TopicPartition tp) {
        return new PartitionWriter(tp.topic(), tp.partition(), tables, gateway, config.offsetColumns(), errant,
                metrics, origins);
    }

    public void close(Collection<TopicPartition> partitions) {
        partitions.forEach(writers::remove);
    }

    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            // Keyed by where the record was read (what Connect assigned and commits), not by its topic after
            // the transforms, which only chooses the table.
            PartitionWriter writer = writers.computeIfAbsent(OriginalCoordinates.partition(record), this::writer);
            writer.accept(record);
            if (writer.pendingRows() >= config.batchMaxRecords()) {
                flush(List.of(writer)); // a batch never exceeds batch.max.records, whatever a poll holds
            }
        }
        List<PartitionWriter> due = new ArrayList<>();
        for (PartitionWriter writer : writers.values()) {
            if (writer.due(config.batchMaxRecords(), config.batchMaxBytes(), config.lingerMs())) {
                due.add(writer);
            }
        }
        flush(due);
    }

    /** Whether some partition holds rows not yet inserted. */
    public boolean pending() {
        for (PartitionWriter writer : writers.values()) {
            if (writer.pendingRows() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Inserts everything pending. */
    public void flushAll() {
        List<PartitionWriter> pending = new ArrayList<>();
        for (PartitionWriter writer : writers.values()) {
            if (writer.pendingRows() > 0) {
                pending.add(writer);
            }
        }
        flush(pending);
    }

    /**
     * Inserts everything pending, one partition after another on the calling thread: before a column's type changes
     * (called from inside {@link Tables}, which holds its lock, so not through the insert threads). A partition whose
     * rows turn out encoded for a layout that changed meanwhile stays pending and stale, encoded again at its next flush.
     */
    private void flushAllHere() {
        for (PartitionWriter writer : writers.values()) {
            if (writer.pendingRows() > 0) {
                writer.flush();
            }
        }
    }

    /**
     * Inserts what {@code due} hold, several partitions at once. A partition whose table changed under its rows
     * (another task widened a column: the insert was refused whole) has them encoded again here, on the task's thread,
     * and inserted again; a table that keeps changing under them is a retriable failure, nothing lost.
     */
    private void flush(List<PartitionWriter> due) {
        List<PartitionWriter> next = due;
        for (int round = 1; ; round++) {
            for (PartitionWriter writer : next) {
                if (writer.stale()) {
                    writer.reencode();
                }
            }
            inserts.run(next, writer -> {
                writer.flush();
                return null;
            });
            next = next.stream().filter(PartitionWriter::stale).toList();
            if (next.isEmpty()) {
                return;
            }
            if (round == MAX_REENCODE_ROUNDS) {
                throw GatewayException.retriable("Table changed under the pending rows " + MAX_REENCODE_ROUNDS
                        + " times in a row", new IllegalStateException("rows encoded again each time, none written"));
            }
        }
    }

    private static final int MAX_REENCODE_ROUNDS = 5;

    /** An insert thread's unexpected failure, or an interrupt while waiting for one (retried: nothing is lost). */
    private static RuntimeException insertFailed(Throwable cause) {
        if (cause instanceof InterruptedException) {
            return GatewayException.retriable("Interrupted while inserting", cause);
        }
        return cause instanceof RuntimeException known ? known : new ConnectException(cause);
    }

    /**
     * Per partition, the offset to commit: everything before it is in ClickHouse, was reported, or never reached the
     * task. {@code delivered} is what Connect handed to completed {@code put()} calls (by original topic-partition):
     * a partition with nothing pending may commit that far, which passes records a transform dropped (a filter) —
     * otherwise they would be read again after every restart, and a partition whose records are all dropped would
     * never commit.
     */
    public Map<TopicPartition, OffsetAndMetadata> committable(Map<TopicPartition, OffsetAndMetadata> delivered) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        delivered.forEach((tp, offset) -> {
            PartitionWriter writer = writers.get(tp);
            if (writer == null || writer.pendingRows() == 0) {
                out.put(tp, new OffsetAndMetadata(Math.max(offset.offset(),
                        writer == null ? -1 : writer.committableOffset())));
            }
        });
        writers.forEach((tp, writer) -> {
            long offset = writer.committableOffset();
            if (offset >= 0 && !out.containsKey(tp)) {
                out.put(tp, new OffsetAndMetadata(offset));
            }
        });
        return out;
    }

    @Override
    public void close() {
        inserts.close();
        log.debug("ClickHouse writers closed");
    }
}
