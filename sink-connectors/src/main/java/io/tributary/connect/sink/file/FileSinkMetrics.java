package io.tributary.connect.sink.file;

import io.tributary.connect.common.metrics.TaskMetrics;

/** The file sink's metrics, exported through Connect's plugin metrics. */
final class FileSinkMetrics {

    final TaskMetrics.Counter recordsWritten;
    final TaskMetrics.Counter recordsErrant;
    final TaskMetrics.Counter filesCommitted;

    FileSinkMetrics(TaskMetrics metrics) {
        recordsWritten = metrics.counter("records-written", "records written to files");
        recordsErrant = metrics.counter("records-errant", "records reported to the errant record reporter");
        filesCommitted = metrics.counter("files-committed", "files made visible by a commit");
    }
}
