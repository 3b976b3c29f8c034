package io.tributary.connect.sink.http;

import io.tributary.connect.common.metrics.TaskMetrics;

/** The HTTP sink's metrics, exported through Connect's plugin metrics. Counted from the sender threads too. */
public final class HttpSinkMetrics {

    public final TaskMetrics.Counter batchesSent;
    public final TaskMetrics.Counter recordsSent;
    public final TaskMetrics.Counter retries;
    public final TaskMetrics.Counter responses2xx;
    public final TaskMetrics.Counter responses4xx;
    public final TaskMetrics.Counter responses5xx;
    public final TaskMetrics.Counter ioFailures;
    public final TaskMetrics.Counter recordsErrant;
    public final TaskMetrics.Counter circuitOpenPauses;
    private final TaskMetrics metrics;

    public HttpSinkMetrics(TaskMetrics metrics) {
        this.metrics = metrics;
        batchesSent = metrics.counter("batches-sent", "requests answered (final answers, retries not counted)");
        recordsSent = metrics.counter("records-sent", "records delivered (answered with 2xx)");
        retries = metrics.counter("retries", "requests sent again after an I/O error or a retried status");
        responses2xx = metrics.counter("responses-2xx", "final answers with a 2xx status");
        responses4xx = metrics.counter("responses-4xx", "final answers with a 4xx status");
        responses5xx = metrics.counter("responses-5xx", "final answers with a 5xx status");
        ioFailures = metrics.counter("io-failures", "requests that failed with an I/O error after every retry");
        recordsErrant = metrics.counter("records-errant", "records reported to the errant record reporter");
        circuitOpenPauses = metrics.counter("circuit-open-pauses",
                "times the task paused because the circuit breaker was open");
    }

    /** Every request attempt, read from the client when the metric is read. */
    public void requests(java.util.function.LongSupplier requests) {
        metrics.gauge("requests-total", "Total HTTP requests sent, every attempt counted", requests::getAsLong);
    }

    public void status(int status) {
        batchesSent.increment();
        switch (status / 100) {
            case 2 -> responses2xx.increment();
            case 4 -> responses4xx.increment();
            case 5 -> responses5xx.increment();
            default -> { }
        }
    }
}
