package io.tributary.processor.dedup;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.BadEvent;
import io.tributary.processor.event.DeadLetters;
import io.tributary.processor.event.EventReader;
import io.tributary.processor.event.Events;
import io.tributary.processor.ops.InputActivity;
import io.tributary.processor.ops.JobMetrics;
import io.tributary.processor.transform.TransformStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import io.tributary.processor.event.Routed;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A dedup job: forwards the first occurrence of each event id and drops repeats whose event time is less than the
 * retention away from it. The ids live in a RocksDB window store keyed by id and stamped with event time, so they expire
 * by event time, segment by segment, with no scan; the store's changelog and the output are written in the same
 * transaction under exactly-once, so a crash cannot turn a first occurrence into a "duplicate" (its id is
 * remembered only if it was also forwarded).
 *
 * <p>Repeats are found among the events of one partition: the id store is per task, as Kafka Streams state is.
 * Producers that key events by what identifies them (a user, a device, the event id itself) send repeats to the
 * same partition; events keyed otherwise need a repartition by id first.
 *
 * <p>With {@code transforms}, first occurrences go through that chain of Connect transforms ({@link TransformStage})
 * and repeats never reach it: an enrichment looks up each event once, however often it was sent. An event the chain
 * fails on (a dead letter of stage parse, transform or convert) is forgotten again, so a resend of it is a first
 * occurrence; one a transform routes (a rule's route, its own dead-letter route) or drops counts as seen.
 */
public final class DedupJob {

    private DedupJob() {
    }

    public static String storeName(JobSpec.Dedup spec) {
        return spec.name() + "-seen-ids";
    }

    public static void build(StreamsBuilder builder, JobSpec.Dedup spec) {
        String job = spec.name();
        long retention = spec.retention().toMillis();
        // An id is kept until stream time is twice the retention past it, so a repeat arriving out of order by up
        // to the retention still finds it.
        StoreBuilder<WindowStore<String, Long>> store = Stores.windowStoreBuilder(
                Stores.persistentWindowStore(storeName(spec), Duration.ofMillis(2 * retention + 1),
                        Duration.ofMillis(1), false), Serdes.String(), Serdes.Long());
        builder.addStateStore(store);
        builder.stream(spec.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(job + "-source"))
                .process(() -> new Dedup(spec), Named.as(job + "-dedup"), storeName(spec))
                .to(Routed.TOPIC, Produced.with(Serdes.ByteArray(), Routed.serde()).withName(job + "-output"));
    }

    static final class Dedup implements Processor<byte[], byte[], byte[], Routed> {
        private final JobSpec.Dedup spec;
        private final long retention;
        private ProcessorContext<byte[], Routed> context;
        private WindowStore<String, Long> seen;
        private SeenFilter filter;
        private EventReader reader;
        /** The job's transforms, or null when it has none. */
        private TransformStage transforms;
        private long streamTime = Long.MIN_VALUE;

        Dedup(JobSpec.Dedup spec) {
            this.spec = spec;
            this.retention = spec.retention().toMillis();
        }

        @Override
        public void init(ProcessorContext<byte[], Routed> context) {
            this.context = context;
            this.seen = context.getStateStore(storeName(spec));
            this.filter = new SeenFilter(retention);
            this.reader = EventReader.of(spec.formats());
            if (spec.transforms() != null) {
                this.transforms = new TransformStage(spec.name(), spec.deadLetterTopic(), spec.transforms());
            }
            try (KeyValueIterator<Windowed<String>, Long> all = seen.all()) {
                while (all.hasNext()) {
                    KeyValue<Windowed<String>, Long> entry = all.next();
                    filter.add(entry.key.key(), entry.key.window().start());
                }
            }
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            InputActivity.touch(context.applicationId(), context.currentSystemTimeMs());
            String id;
            long time;
            try {
                // With the id in a header and no time field or condition, the event is not parsed at all.
                Map<String, Object> event = spec.idHeader() == null || spec.timeField() != null
                        || spec.where() != null ? reader.read(record.headers(), record.value()) : null;
                if (!Events.meets(spec.where(), event, context)) {
                    JobMetrics.increment(JobMetrics.Count.FILTERED, spec.name());
                    return;
                }
                if (spec.idHeader() != null) {
                    Header header = record.headers().lastHeader(spec.idHeader());
                    if (header == null || header.value() == null) {
                        throw new BadEvent("id", "header '" + spec.idHeader() + "' is missing");
                    }
                    id = new String(header.value(), StandardCharsets.UTF_8);
                    time = event == null ? record.timestamp()
                            : Events.eventTime(event, spec.timeField(), record.timestamp());
                } else {
                    id = Events.key(event, spec.idFields(), "id");
                    time = Events.eventTime(event, spec.timeField(), record.timestamp());
                }
                // A time further ahead than the retention would advance the store's stream time past ids it must
                // still remember: they would expire and their repeats pass (for good, with a year-9999 event).
                if (time > context.currentSystemTimeMs() + retention) {
                    throw new BadEvent("time", "event time is more than the retention ("
                            + spec.retention().toString().substring(2).toLowerCase(java.util.Locale.ROOT)
                            + ") ahead of the clock");
                }
            } catch (BadEvent e) {
                JobMetrics.increment(JobMetrics.Count.DEAD_LETTERS, spec.name());
                context.forward(DeadLetters.deadLetter(record, spec.name(), reader.describe(e, record.value()), context)
                        .withValue(new Routed(spec.deadLetterTopic(), record.value())));
                return;
            }
            if (filter.mayHave(id, time)) {
                try (WindowStoreIterator<Long> earlier = seen.fetch(id, time - retention + 1, time + retention - 1)) {
                    if (earlier.hasNext()) {
                        JobMetrics.increment(JobMetrics.Count.DUPLICATES, spec.name());
                        return;
                    }
                }
            }
            seen.put(id, time, time);
            filter.add(id, time);
            if (time > streamTime) {
                streamTime = time;
                // The store keeps ids for twice the retention (see build): so do the filters, a span more.
                filter.expireBefore(streamTime - 3 * retention);
            }
            if (transforms != null) {
                if (transforms.forward(record, spec.output(), context) == TransformStage.Outcome.DEAD_LETTER) {
                    // The chain failed on it: not processed, so its resend (or a replay of this dead letter) is a
                    // first occurrence. A record a transform chose to route or drop was processed and stays seen.
                    // The Bloom filter keeps the id: a false "maybe" there costs one store lookup.
                    seen.put(id, null, time);
                }
            } else {
                context.forward(record.withValue(new Routed(spec.output(), record.value())));
            }
        }

        @Override
        public void close() {
            if (transforms != null) {
                transforms.close();
            }
        }
    }
}
