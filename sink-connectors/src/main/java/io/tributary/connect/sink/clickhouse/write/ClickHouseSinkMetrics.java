package io.tributary.connect.sink.clickhouse.write;

import io.tributary.connect.common.metrics.TaskMetrics;

/** The ClickHouse sink's metrics, one set per task, through Connect's plugin metrics. */
public final class ClickHouseSinkMetrics {

    public final TaskMetrics.Counter rows;
    public final TaskMetrics.Counter inserts;
    public final TaskMetrics.Counter insertLatencyMs;
    public final TaskMetrics.Counter alreadyStored;
    public final TaskMetrics.Counter deadLettered;
    public final TaskMetrics.Counter retries;
    public final TaskMetrics.Counter splits;
    public final TaskMetrics.Counter tombstones;
    public final TaskMetrics.Counter reencoded;

    public ClickHouseSinkMetrics(TaskMetrics metrics) {
        rows = metrics.counter("rows-inserted", "rows inserted into ClickHouse");
        inserts = metrics.counter("inserts", "INSERT requests that succeeded");
        insertLatencyMs = metrics.measure("insert-latency-ms", "time of one INSERT request, in ms");
        alreadyStored = metrics.counter("records-already-stored", "redelivered records skipped because the table "
                + "already holds their offset (exactly-once)");
        deadLettered = metrics.counter("records-dead-lettered", "records reported to the errant record reporter");
        retries = metrics.counter("retries", "retriable failures (timeouts, connection loss, too many parts...)");
        splits = metrics.counter("batch-splits", "batches split to isolate a record the server refused");
        tombstones = metrics.counter("tombstones-skipped", "records with a null value, not written");
        reencoded = metrics.counter("rows-reencoded", "pending rows encoded again because another task changed a "
                + "column's type under them (their insert was refused, nothing written)");
    }
}
