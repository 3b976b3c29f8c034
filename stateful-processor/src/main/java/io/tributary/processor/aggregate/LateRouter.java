package io.tributary.processor.aggregate;

import io.tributary.processor.event.DeadLetters;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.nio.charset.StandardCharsets;

/**
 * Sits right before the window aggregation, in the same task (it keeps keys, so no second repartition comes between
 * them), and sees the same events in the same order, so its
 * stream time is the aggregation's (both start from nothing when a task starts, as Kafka Streams' own does). An
 * event the aggregation would drop goes to the late topic instead, with headers naming the job, the closed
 * window(s) and the lateness; an event late for only some of its (hopping or sliding) windows goes to both: into
 * the windows still open, and to the late topic marked partial. Every event also gets its arrival stream time,
 * from which each window counts its late-but-accepted events.
 */
final class LateRouter extends ContextualFixedKeyProcessor<String, Observation, Observation> {

    public static final String JOB = DeadLetters.JOB;
    public static final String WINDOW_START = "tributary.late.window.start";
    public static final String WINDOW_END = "tributary.late.window.end";
    public static final String LATE_BY_MS = "tributary.late.by.ms";
    public static final String PARTIAL = "tributary.late.partial";

    private final String job;
    private final WindowRules rules;
    /** Kafka Streams' window processors start from "no timestamp" too. */
    private long streamTime = -1;

    LateRouter(String job, WindowRules rules) {
        this.job = job;
        this.rules = rules;
    }

    @Override
    public void process(FixedKeyRecord<String, Observation> record) {
        Observation o = record.value();
        streamTime = Math.max(streamTime, o.time);
        o.arrival = streamTime;
        o.firstWindowEnd = rules.firstWindowEnd(o.time);
        WindowRules.Lateness lateness = rules.lateness(o.time, streamTime);
        if (lateness.any()) {
            JobMetrics.increment(JobMetrics.Count.LATE, job);
            Headers headers = new RecordHeaders(record.headers().toArray());
            put(headers, JOB, job);
            put(headers, WINDOW_START, Long.toString(lateness.from()));
            put(headers, WINDOW_END, Long.toString(lateness.to()));
            put(headers, LATE_BY_MS, Long.toString(lateness.byMs()));
            put(headers, PARTIAL, Boolean.toString(!lateness.all()));
            context().forward(record.withValue(o.lateCopy()).withHeaders(headers));
            if (lateness.all()) {
                return;
            }
        }
        context().forward(record);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
