package io.tributary.connect.transforms.base;

import io.tributary.connect.common.metrics.TaskMetrics;

/**
 * The counts every Tributary transform reports: records in, out (passed on, possibly changed), dropped (filtered),
 * routed (sent to another topic, e.g. a dead-letter topic) and failed (an exception reached the worker).
 */
public final class TransformMetrics {

    public final TaskMetrics metrics;
    public final TaskMetrics.Counter in;
    public final TaskMetrics.Counter out;
    public final TaskMetrics.Counter dropped;
    public final TaskMetrics.Counter routed;
    public final TaskMetrics.Counter failed;

    public TransformMetrics(TaskMetrics metrics) {
        this.metrics = metrics;
        in = metrics.counter("records-in", "records given to the transform");
        out = metrics.counter("records-out", "records the transform passed on");
        dropped = metrics.counter("records-dropped", "records the transform filtered out");
        routed = metrics.counter("records-routed", "records the transform sent to another topic");
        failed = metrics.counter("records-failed", "records the transform failed on");
    }
}
