package io.tributary.connect.source.http;

import io.tributary.connect.common.metrics.TaskMetrics;

/** The HTTP source's metrics, exported through Connect's plugin metrics; one set per task, over its endpoints. */
public final class HttpSourceMetrics {

    public final TaskMetrics.Counter requests;
    public final TaskMetrics.Counter latencyMs;
    public final TaskMetrics.Counter status2xx;
    public final TaskMetrics.Counter status4xx;
    public final TaskMetrics.Counter status5xx;
    public final TaskMetrics.Counter ioErrors;
    public final TaskMetrics.Counter retries;
    public final TaskMetrics.Counter rateLimitWaits;
    public final TaskMetrics.Counter pages;
    public final TaskMetrics.Counter records;
    public final TaskMetrics.Counter overlapSkipped;
    public final TaskMetrics.Counter deadLettered;
    public final TaskMetrics.Counter breakerRejections;

    public HttpSourceMetrics(TaskMetrics metrics) {
        requests = metrics.counter("requests", "HTTP requests sent, retries included");
        latencyMs = metrics.measure("request-latency-ms", "time from sending a request to its final response, "
                + "retries included, in ms");
        status2xx = metrics.counter("responses-2xx", "final responses with a 2xx status");
        status4xx = metrics.counter("responses-4xx", "final responses with a 4xx status");
        status5xx = metrics.counter("responses-5xx", "final responses with a 5xx status");
        ioErrors = metrics.counter("io-errors", "requests that failed without a response after their retries");
        retries = metrics.counter("retries", "requests sent again after an I/O error or a retried status");
        rateLimitWaits = metrics.counter("rate-limit-waits", "requests that waited for the rate limiter");
        pages = metrics.counter("pages", "pages read");
        records = metrics.counter("records", "records produced");
        overlapSkipped = metrics.counter("records-overlap-skipped", "records dropped because an earlier pass sent "
                + "them (incremental overlap)");
        deadLettered = metrics.counter("records-dead-lettered", "responses and records sent to the dead-letter topic");
        breakerRejections = metrics.counter("circuit-breaker-rejections", "polls skipped while the circuit "
                + "breaker was open");
    }
}
