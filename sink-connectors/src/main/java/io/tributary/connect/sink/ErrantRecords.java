package io.tributary.connect.sink;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Where a sink sends a record it cannot write: the worker's errant record reporter (its dead-letter topic and error
 * log), or, when the worker has none, a task failure naming the record by the coordinates it was read at
 * ({@link OriginalCoordinates}) and saying how to get a dead-letter topic.
 *
 * <p>The worker has no reporter unless the connector sets {@code errors.deadletterqueue.topic.name} or
 * {@code errors.log.enable}; with {@code errors.tolerance=none} it has one that fails the task on the first report.
 * Runtimes before Connect 2.6 (KIP-610) lack the method altogether; that is handled here once. Reports may come from
 * several threads (ClickHouse inserts partitions in parallel): they are passed to the worker one at a time.
 * Counting what was reported stays with each connector's metrics.
 */
public final class ErrantRecords {

    private final ErrantRecordReporter reporter;

    private ErrantRecords(ErrantRecordReporter reporter) {
        this.reporter = reporter;
    }

    /** The reporter of the task's worker, if it has one. Call in {@code start()}: not every context has it sooner. */
    public static ErrantRecords of(SinkTaskContext context) {
        try {
            return new ErrantRecords(context.errantRecordReporter());
        } catch (NoSuchMethodError | NoClassDefFoundError olderRuntime) {
            return new ErrantRecords(null);
        }
    }

    /**
     * Hands {@code record} and why it failed to the worker; without a reporter, throws the task's
     * {@link ConnectException} instead. The record counts as handled only once this returns.
     */
    public void report(SinkRecord record, Throwable error) {
        if (reporter == null) {
            throw new ConnectException("Record " + OriginalCoordinates.describe(record) + " cannot be written ("
                    + error.getMessage() + ") and there is no errant record reporter: set errors.tolerance=all and "
                    + "errors.deadletterqueue.topic.name to send such records to a dead-letter topic and go on",
                    error);
        }
        synchronized (this) {
            reporter.report(record, error);
        }
    }
}
