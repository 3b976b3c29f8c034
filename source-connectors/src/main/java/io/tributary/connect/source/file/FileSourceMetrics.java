package io.tributary.connect.source.file;

import io.tributary.connect.common.metrics.TaskMetrics;

import java.util.function.Supplier;

/** The file source's metrics, exported through Connect's plugin metrics. Updated from the task thread only. */
final class FileSourceMetrics {

    final TaskMetrics.Counter recordsRead;
    final TaskMetrics.Counter bytesRead;
    final TaskMetrics.Counter filesCompleted;
    final TaskMetrics.Counter filesFailed;
    final TaskMetrics.Counter deadLettered;
    final TaskMetrics.Counter scans;

    FileSourceMetrics(TaskMetrics metrics, Supplier<Long> bytesUnread) {
        recordsRead = metrics.counter("records-read", "records read from files");
        bytesRead = metrics.counter("bytes-read", "bytes read from files on disk");
        filesCompleted = metrics.counter("files-completed", "files read to the end and cleaned up");
        filesFailed = metrics.counter("files-failed", "files that could not be read to the end");
        deadLettered = metrics.counter("records-dead-lettered", "inputs sent to the dead-letter topic");
        scans = metrics.counter("directory-scans", "passes listing the input directory");
        metrics.gauge("bytes-unread", "bytes of known files not read yet", bytesUnread);
    }
}
