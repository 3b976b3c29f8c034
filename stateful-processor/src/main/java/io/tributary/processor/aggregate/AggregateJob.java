package io.tributary.processor.aggregate;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.Events;
import io.tributary.processor.event.WireFraming;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindowedKStream;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlySessionStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.SessionStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregate job in Kafka Streams' DSL: read → {@link Observe} (dead letters split off) → repartition by group →
 * {@link LateRouter} (late events split off) → windowed aggregate in a RocksDB window or session store → results
 * as JSON. The stores, changelogs and repartition topic carry the job's name ({@code <job>-windows},
 * {@code <job>-final}, {@code <job>-stream-time}, {@code <job>-by-group}), so they keep their names across versions
 * of the job's code.
 */
public final class AggregateJob {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private AggregateJob() {
    }

    public static void build(StreamsBuilder builder, JobSpec.Aggregate spec) {
        String job = spec.name();
        Serde<Observation> observations = Observation.serde();
        Serde<Accumulator> accumulators = Accumulator.serde(spec.aggregations());
        WindowRules rules = new WindowRules(spec.window());
        ResultSchema schema = spec.format() == JobSpec.OutputFormat.JSON_WITH_SCHEMA ? new ResultSchema(spec) : null;
        // The result schema is registered with the first result (AvroResults.version()), never per result.
        AvroResults avro = spec.format() == JobSpec.OutputFormat.AVRO ? new AvroResults(spec) : null;

        KStream<String, Observation> observed = builder
                .stream(spec.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(job + "-source"))
                .process(() -> new Observe(spec), Named.as(job + "-observe"));
        KStream<String, Observation> valid = observed.split(Named.as(job + "-"))
                .branch((k, o) -> o.deadLetter, Branched.<String, Observation>withConsumer(
                        dead -> sendAsReceived(dead, spec.deadLetterTopic(), job + "-dead-letters")).withName("invalid"))
                .defaultBranch(Branched.as("valid")).get(job + "-valid");

        // The late router's stream time outlives its task (see LateRouter): one entry per task, in memory, restored
        // from its changelog; cached, so it reaches the changelog once per commit, in the commit's transaction.
        String streamTime = job + "-stream-time";
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(streamTime), Serdes.String(),
                Serdes.Long()).withCachingEnabled());
        KStream<String, Observation> routed = valid
                .repartition(Repartitioned.with(Serdes.String(), observations).withName(job + "-by-group"))
                .processValues(() -> new LateRouter(job, rules, streamTime), Named.as(job + "-late-router"),
                        streamTime);
        KStream<String, Observation> onTime = routed.split(Named.as(job + "-time-"))
                .branch((k, o) -> o.late, Branched.<String, Observation>withConsumer(
                        late -> sendAsReceived(late, spec.lateTopic(), job + "-late-events")).withName("late"))
                .defaultBranch(Branched.as("on-time")).get(job + "-time-on-time");

        KGroupedStream<String, Observation> grouped = onTime.groupByKey(Grouped.with(job + "-grouped",
                Serdes.String(), observations));
        KTable<Windowed<String>, Accumulator> windows;
        if (spec.window().type() == JobSpec.WindowType.SESSION) {
            KTable<Windowed<String>, Accumulator> sessions = grouped.windowedBy(rules.sessionWindows())
                    .aggregate(() -> Accumulator.empty(spec.aggregations()), (k, o, acc) -> acc.add(o),
                            (k, a, b) -> Accumulator.empty(spec.aggregations()).merge(a).merge(b),
                            Named.as(job + "-aggregate"), Materialized.<String, Accumulator, SessionStore<Bytes, byte[]>>as(
                                    job + "-windows").withKeySerde(Serdes.String()).withValueSerde(accumulators));
            // Final results by suppression, as for time windows (and emitStrategy(onWindowClose) on sessions emitted
            // nothing in Kafka Streams 4.3.1 under the TopologyTestDriver).
            windows = spec.emit() == JobSpec.Emit.FINAL ? sessions.suppress(Suppressed.untilWindowCloses(
                    Suppressed.BufferConfig.unbounded()).withName(job + "-final")) : sessions;
        } else {
            TimeWindowedKStream<String, Observation> timed = spec.window().type() == JobSpec.WindowType.SLIDING
                    ? grouped.windowedBy(rules.slidingWindows()) : grouped.windowedBy(rules.timeWindows());
            KTable<Windowed<String>, Accumulator> timedWindows = timed.aggregate(
                    () -> Accumulator.empty(spec.aggregations()), (k, o, acc) -> acc.add(o), Named.as(job + "-aggregate"),
                    Materialized.<String, Accumulator, WindowStore<Bytes, byte[]>>as(job + "-windows")
                            .withKeySerde(Serdes.String()).withValueSerde(accumulators));
            // Final results through suppression rather than emitStrategy(onWindowClose): in Kafka Streams 4.3.1 the
            // latter keeps windows in a time-ordered store whose record cache copies its keys into a new TreeSet on
            // every fetch (80% of the time, 20k events/s), and checks for closed windows only once a second of
            // wall-clock time, so the last windows before a pause waited for the next event.
            windows = spec.emit() == JobSpec.Emit.FINAL ? timedWindows.suppress(Suppressed.untilWindowCloses(
                    Suppressed.BufferConfig.unbounded()).withName(job + "-final")) : timedWindows;
        }
        KStream<String, byte[]> results = windows.toStream(Named.as(job + "-results"))
                // Deleted (merged) sessions, and the empty windows idle-close ticks leave.
                .filter((window, acc) -> acc != null && acc.events > 0, Named.as(job + "-not-deleted"))
                .map((window, acc) -> KeyValue.pair(outputKey(window.key()), avro != null
                                ? avro.encode(result(spec, window.key(), window.window().start(), window.window().end(), acc))
                                : toJson(spec, schema, window, acc)), Named.as(job + "-to-json"));
        if (avro != null || spec.formats().input() == JobSpec.InputFormat.AVRO) {
            // A result carries the headers of the event that last changed it, Apicurio's schema id among them; that
            // id names the input's schema, and Apicurio's deserializer prefers a header to the value's own id.
            // With output.wire.format apicurio-header, the result's own global id goes back in as that header.
            results = results.processValues(() -> new StripRegistryHeaders(avro), Named.as(job
                    + "-strip-registry-headers"));
        }
        results.to(spec.output(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName(job + "-output"));
    }

    /**
     * Removes the registry's headers ({@code apicurio.*}) from results, then adds the result schema's global id header
     * when results are framed apicurio-header.
     */
    static final class StripRegistryHeaders implements FixedKeyProcessor<String, byte[], byte[]> {
        private final AvroResults avro;
        private FixedKeyProcessorContext<String, byte[]> context;

        StripRegistryHeaders(AvroResults avro) {
            this.avro = avro;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(FixedKeyRecord<String, byte[]> record) {
            Headers headers = new RecordHeaders();
            for (Header h : record.headers()) {
                if (!h.key().startsWith("apicurio.")) {
                    headers.add(h);
                }
            }
            byte[] globalId = avro == null ? null : avro.header();
            if (globalId != null) {
                headers.add(WireFraming.GLOBAL_ID_HEADER, globalId);
            }
            context.forward(record.withHeaders(headers));
        }
    }

    /** Dead letters and late events go on as they came: the original key and value, with the headers added. */
    private static void sendAsReceived(KStream<String, Observation> stream, String topic, String name) {
        stream.map((k, o) -> KeyValue.pair(o.key, o.value), Named.as(name + "-as-received"))
                .to(topic, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(name));
    }

    /** The group's values joined by '|' (the value carries each one exactly). */
    static String outputKey(String group) {
        return String.join("|", groupValues(group));
    }

    private static List<String> groupValues(String group) {
        try {
            return Events.MAPPER.readValue(group, STRINGS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One window's result: the group's fields, the window's bounds (RFC 3339 and epoch milliseconds), the number of
     * events, each aggregation by its name, and the events that arrived late but within the grace.
     */
    static byte[] toJson(JobSpec.Aggregate spec, ResultSchema schema, Windowed<String> window, Accumulator acc) {
        try {
            Map<String, Object> result = result(spec, window.key(), window.window().start(), window.window().end(), acc);
            return Events.MAPPER.writeValueAsBytes(schema == null ? result : schema.envelope(result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> result(JobSpec.Aggregate spec, String group, long start, long end, Accumulator acc) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> values = groupValues(group);
        for (int i = 0; i < spec.groupBy().size(); i++) {
            out.put(spec.groupBy().get(i).toString(), values.get(i));
        }
        out.put("window_start", Instant.ofEpochMilli(start).toString());
        out.put("window_end", Instant.ofEpochMilli(end).toString());
        out.put("window_start_ms", start);
        out.put("window_end_ms", end);
        out.put("events", acc.events);
        for (int i = 0; i < spec.aggregations().size(); i++) {
            out.put(spec.aggregations().get(i).name(), acc.result(i));
        }
        out.put("late_events", acc.lateFor(end));
        return out;
    }

    /**
     * The windows of one group that this instance holds now (open ones included), oldest first, from the job's
     * store. {@code key} is the group's values joined by '|', as in the output's keys.
     */
    public static List<Map<String, Object>> query(KafkaStreams streams, JobSpec.Aggregate spec, String key) {
        String group;
        try {
            group = Events.MAPPER.writeValueAsString(List.of(key.split("\\|", -1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        String store = spec.name() + "-windows";
        if (spec.window().type() == JobSpec.WindowType.SESSION) {
            ReadOnlySessionStore<String, Accumulator> sessions = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.sessionStore()));
            try (KeyValueIterator<Windowed<String>, Accumulator> it = sessions.fetch(group)) {
                it.forEachRemaining(kv -> {
                    if (kv.value.events > 0) {
                        out.add(result(spec, group, kv.key.window().start(), kv.key.window().end(), kv.value));
                    }
                });
            }
        } else {
            ReadOnlyWindowStore<String, Accumulator> windows = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.windowStore()));
            try (WindowStoreIterator<Accumulator> it = windows.fetch(group, Instant.EPOCH,
                    Instant.ofEpochMilli(Long.MAX_VALUE))) {
                it.forEachRemaining(kv -> {
                    if (kv.value.events > 0) {
                        out.add(result(spec, group, kv.key, kv.key + windowLength(spec), kv.value));
                    }
                });
            }
        }
        return out;
    }

    /** A stored window's length: the size, or for sliding windows the time difference. */
    private static long windowLength(JobSpec.Aggregate spec) {
        return spec.window().size().toMillis();
    }
}
