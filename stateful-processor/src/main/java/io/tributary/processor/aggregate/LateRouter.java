package io.tributary.processor.aggregate;

import io.tributary.processor.event.DeadLetters;
import io.tributary.processor.ops.InputActivity;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualFixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Sits right before the window aggregation, in the same task (it keeps keys, so no second repartition comes between
 * them), and sees the same events in the same order, so its stream time is at least the aggregation's. An
 * event the aggregation would drop goes to the late topic instead, with headers naming the job, the closed
 * window(s) and the lateness; an event late for only some of its (hopping or sliding) windows goes to both: into
 * the windows still open, and to the late topic marked partial. Every event also gets its arrival stream time,
 * from which each window counts its late-but-accepted events.
 *
 * <p>Idle close: when the job sets {@code window.idle.close} and no event has reached this task for that long of
 * wall-clock time, it moves stream time past the end (plus grace) of every window its latest event belongs to, and
 * sends a tick through the aggregation: an empty observation (it adds nothing to any window) stamped with that
 * time, under the key of the last event, so the aggregation and the final-results buffer behind it see stream time
 * move and emit the windows. Kafka Streams has no other way to close windows without a newer event. An event that
 * arrives afterwards for a window that was closed so is late, like any other. Silence that is not the input's does
 * not count: while the thread stalled (rebalance, restore, GC), or while the first step of any job of this
 * application still takes events from its topics (a backlog, or a pipeline still flowing into this task), the task
 * is not idle ({@link InputActivity}).
 *
 * <p>Its stream time outlives the task: it is kept in a store (changelogged, committed with the results), and a task
 * that starts again (a restart, or the task moving to another instance) goes on from it. Kafka Streams' window and
 * suppression steps start theirs from nothing in a new task, while the restored window store still holds windows
 * whose final result went out (until their retention), so an event for such a window, late before the restart, would
 * reopen it there and its final result would come out a second time, its events counted twice. With the stream time
 * kept, that event is late here and never reaches the aggregation; and since every event that moved this stream time
 * also reached the aggregation, which starts lower, the aggregation drops nothing that passes here.
 */
final class LateRouter extends ContextualFixedKeyProcessor<String, Observation, Observation> {

    public static final String JOB = DeadLetters.JOB;
    public static final String WINDOW_START = "tributary.late.window.start";
    public static final String WINDOW_END = "tributary.late.window.end";
    public static final String LATE_BY_MS = "tributary.late.by.ms";
    public static final String PARTIAL = "tributary.late.partial";

    private static final Logger log = LoggerFactory.getLogger(LateRouter.class);

    private static final String STREAM_TIME = "stream-time";

    private final String job;
    private final WindowRules rules;
    private final String storeName;
    private KeyValueStore<String, Long> stored;
    /** "No timestamp" until the task's first event ever, as Kafka Streams' window processors start. */
    private long streamTime = -1;
    private long maxEventTime = -1;
    /** The last event, whose key the idle-close tick borrows (a fixed-key step cannot make records of its own). */
    private FixedKeyRecord<String, Observation> last;
    private RecordMetadata lastSource;
    private long lastArrivalWallClock;
    private long punctuationInterval;
    private long lastPunctuation;
    private boolean closedWhileIdle;

    LateRouter(String job, WindowRules rules, String storeName) {
        this.job = job;
        this.rules = rules;
        this.storeName = storeName;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Observation> context) {
        super.init(context);
        stored = context.getStateStore(storeName);
        Long kept = stored.get(STREAM_TIME);
        if (kept != null) {
            streamTime = kept;
        }
        long idle = rules.idleCloseMs();
        if (idle > 0) {
            punctuationInterval = Math.max(100, Math.min(idle / 4, 1_000));
            lastPunctuation = context.currentSystemTimeMs();
            context.schedule(Duration.ofMillis(punctuationInterval), PunctuationType.WALL_CLOCK_TIME,
                    this::closeIfIdle);
        }
    }


    private void closeIfIdle(long now) {
        long sincePunctuation = now - lastPunctuation;
        lastPunctuation = now;
        if (sincePunctuation > 2 * punctuationInterval + 1_000) {
            // The thread stalled (a rebalance, restoring state, a long GC): the silence was ours, not the input's.
            lastArrivalWallClock = Math.max(lastArrivalWallClock, now);
            return;
        }
        long quiet = now - Math.max(lastArrivalWallClock, InputActivity.last(context().applicationId()));
        if (last == null || closedWhileIdle || quiet < rules.idleCloseMs()) {
            return;
        }
        closedWhileIdle = true;
        // From the latest event time, not from stream time (which an earlier close moved already); never so far
        // ahead of the clock that the broker would refuse the records stamped with it.
        long closing = Math.min(rules.timeClosingAllWindowsOf(maxEventTime), now + Observe.MAX_FUTURE_MS);
        if (closing <= streamTime) {
            return;
        }
        log.info("Job '{}', task {}: no event for {} ms; closing its windows (stream time {} -> {})", job,
                context().taskId(), now - lastArrivalWallClock, Instant.ofEpochMilli(streamTime),
                Instant.ofEpochMilli(closing));
        streamTime = closing;
        stored.put(STREAM_TIME, streamTime);
        JobMetrics.increment(JobMetrics.Count.IDLE_CLOSES, job);
        FixedKeyRecord<String, Observation> tick = last.withValue(Observation.tick(streamTime))
                .withTimestamp(streamTime).withHeaders(new RecordHeaders());
        // A record forwarded from a punctuation has no source topic, and the final-results buffer cannot write such
        // a record to its changelog (NullPointerException in ProcessorRecordContext.serialize, Kafka Streams 4.3).
        // The tick goes out as if it came from the last event's topic, partition and offset: Kafka Streams has no
        // public way to say so, hence its internal context (tested by the idle-close tests).
        if (context() instanceof InternalProcessorContext<?, ?> internal && lastSource != null) {
            ProcessorRecordContext during = internal.recordContext();
            internal.setRecordContext(new ProcessorRecordContext(streamTime, lastSource.offset(),
                    lastSource.partition(), lastSource.topic(), tick.headers()));
            try {
                context().forward(tick);
            } finally {
                internal.setRecordContext(during);
            }
        } else {
            context().forward(tick);
        }
    }

    @Override
    public void process(FixedKeyRecord<String, Observation> record) {
        last = record;
        lastSource = context().recordMetadata().orElse(null);
        lastArrivalWallClock = context().currentSystemTimeMs();
        closedWhileIdle = false;
        Observation o = record.value();
        maxEventTime = Math.max(maxEventTime, o.time);
        if (o.time > streamTime) {
            streamTime = o.time;
            stored.put(STREAM_TIME, streamTime);
        }
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
