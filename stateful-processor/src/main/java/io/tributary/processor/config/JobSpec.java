package io.tributary.processor.config;

import io.tributary.connect.common.condition.Condition;
import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.common.data.Template;
import io.tributary.processor.aggregate.AggregateJob;
import io.tributary.processor.dedup.DedupJob;
import io.tributary.processor.route.RouteJob;
import io.tributary.processor.transform.TransformJob;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One job of the processor: where it reads, where it writes, and what it does between. Each kind of job builds its
 * own part of the topology and says which topics it writes, so nothing else needs to know the kinds.
 */
public sealed interface JobSpec permits JobSpec.Dedup, JobSpec.Aggregate, JobSpec.Route, JobSpec.Transform {

    String name();

    /** The job's kind as the config file names it: dedup, aggregate, route, transform. */
    String kind();

    /** Adds the job's part of the topology (every job in the DSL, so that any number of them can read one topic). */
    void addTo(StreamsBuilder builder);

    /** Every topic the job writes: results, late events, dead letters. */
    Set<String> outputs();

    /**
     * The current results of group {@code key} held by this instance, for the operations endpoint; null when the job
     * keeps no windows.
     */
    default List<Map<String, Object>> windows(KafkaStreams streams, String key) {
        return null;
    }

    /** The topics the job reads (one or more). */
    List<String> inputs();

    String output();

    /** Records that cannot be processed (unparsable, missing the id, group-by or time field) go here. */
    String deadLetterTopic();

    /** Where event time comes from: a field (epoch milliseconds or RFC 3339 text), else the record timestamp. */
    FieldPath timeField();

    /** Only events that meet this condition take part in the job (the others are skipped and counted); or null. */
    Where where();

    /** How the job reads its input (JSON or Avro through the registry) and, for aggregates, writes Avro results. */
    Formats formats();

    /**
     * Drops repeats of an event id seen within {@code retention} of event time. The id is made of fields, or of a
     * header when {@code idHeader} is set. With {@code transforms} (JSON input only; null: none), first occurrences
     * go through that chain of Connect transforms before they are written, as in a {@link Transform} job.
     */
    record Dedup(String name, List<String> inputs, String output, String deadLetterTopic, FieldPath timeField, Where where,
                 List<FieldPath> idFields, String idHeader, Duration retention, Formats formats,
                 Transforms transforms) implements JobSpec {

        /** A job reading JSON. */
        public Dedup(String name, List<String> inputs, String output, String deadLetterTopic, FieldPath timeField,
                     Where where, List<FieldPath> idFields, String idHeader, Duration retention) {
            this(name, inputs, output, deadLetterTopic, timeField, where, idFields, idHeader, retention, Formats.JSON);
        }

        /** A job without transforms. */
        public Dedup(String name, List<String> inputs, String output, String deadLetterTopic, FieldPath timeField,
                     Where where, List<FieldPath> idFields, String idHeader, Duration retention, Formats formats) {
            this(name, inputs, output, deadLetterTopic, timeField, where, idFields, idHeader, retention, formats, null);
        }

        @Override
        public String kind() {
            return "dedup";
        }

        @Override
        public void addTo(StreamsBuilder builder) {
            DedupJob.build(builder, this);
        }

        @Override
        public Set<String> outputs() {
            Set<String> topics = topics(output, deadLetterTopic);
            if (transforms != null) {
                topics.addAll(transforms.routeTopics(inputs));
            }
            return topics;
        }
    }

    /** Groups by fields, windows by event time, and aggregates; late events go to {@code lateTopic}. */
    record Aggregate(String name, List<String> inputs, String output, String deadLetterTopic, FieldPath timeField,
                     Where where, List<FieldPath> groupBy, Window window, Emit emit, String lateTopic,
                     List<Aggregation> aggregations, OutputFormat format, Formats formats) implements JobSpec {

        /** A job reading JSON (and writing {@code format}, JSON or JSON with schema). */
        public Aggregate(String name, List<String> inputs, String output, String deadLetterTopic, FieldPath timeField,
                         Where where, List<FieldPath> groupBy, Window window, Emit emit, String lateTopic,
                         List<Aggregation> aggregations, OutputFormat format) {
            this(name, inputs, output, deadLetterTopic, timeField, where, groupBy, window, emit, lateTopic, aggregations,
                    format, Formats.JSON);
        }

        @Override
        public String kind() {
            return "aggregate";
        }

        @Override
        public void addTo(StreamsBuilder builder) {
            AggregateJob.build(builder, this);
        }

        @Override
        public Set<String> outputs() {
            return topics(output, lateTopic, deadLetterTopic);
        }

        @Override
        public List<Map<String, Object>> windows(KafkaStreams streams, String key) {
            return AggregateJob.query(streams, this, key);
        }
    }

    /**
     * Sends each event to the topic of the first branch whose condition it meets, else to {@code output} (the
     * "otherwise" topic), or skips it when there is none. Events go on unchanged: key, value, headers and timestamp.
     */
    record Route(String name, List<String> inputs, String output, String deadLetterTopic, Where where,
                 List<Branch> branches, Formats formats) implements JobSpec {

        /** A job reading JSON. */
        public Route(String name, List<String> inputs, String output, String deadLetterTopic, Where where,
                     List<Branch> branches) {
            this(name, inputs, output, deadLetterTopic, where, branches, Formats.JSON);
        }

        @Override
        public FieldPath timeField() {
            return null;
        }

        @Override
        public String kind() {
            return "route";
        }

        @Override
        public void addTo(StreamsBuilder builder) {
            RouteJob.build(builder, this);
        }

        /** The branches' topics, the "otherwise" topic when there is one, and the dead-letter topic. */
        @Override
        public Set<String> outputs() {
            Set<String> topics = new LinkedHashSet<>();
            branches.forEach(b -> topics.add(b.to()));
            if (output != null) {
                topics.add(output);
            }
            topics.add(deadLetterTopic);
            return topics;
        }
    }

    /**
     * Runs each record through a chain of Connect transforms ({@code transforms}), configured as in a connector config,
     * on the record read as a connector with JsonConverter (schemas off) would see it. A record the chain leaves on its
     * input topic goes to {@code output}; one a transform sent to another topic (a dead-letter route, a rule) goes
     * there; one a transform dropped is skipped. A record that is not JSON, or that a transform fails on, goes to
     * {@code deadLetterTopic}.
     */
    record Transform(String name, List<String> inputs, String output, String deadLetterTopic, Transforms transforms)
            implements JobSpec {

        @Override
        public String kind() {
            return "transform";
        }

        @Override
        public void addTo(StreamsBuilder builder) {
            TransformJob.build(builder, this);
        }

        /** The output and dead-letter topics, and the transforms' own dead-letter topics ({@link Transforms#routeTopics}). */
        @Override
        public Set<String> outputs() {
            Set<String> topics = topics(output, deadLetterTopic);
            topics.addAll(transforms.routeTopics(inputs));
            return topics;
        }

        @Override
        public FieldPath timeField() {
            return null;
        }

        @Override
        public Where where() {
            return null;
        }

        @Override
        public Formats formats() {
            return Formats.JSON;
        }
    }

    /**
     * A chain of Connect transforms, as a connector config lists them: {@code transforms: a,b} and each alias's
     * {@code transforms.a.type} and keys. {@code config} holds an alias's own keys (without the prefix), config
     * provider references already resolved.
     */
    record Transforms(List<Step> steps) {
        public Transforms {
            steps = List.copyOf(steps);
        }

        /**
         * The dead-letter topics the transforms route to, as far as the config tells them (so {@code create.topics}
         * creates them, and a first bad record does not block the producer on a missing topic): each step's
         * {@code dlq.topic} (given or its default), as it is when it has no placeholder, and for each of {@code inputs}
         * when its only placeholder is {@code ${topic}} ({@code ${topic}-dlq}, the default). A topic made from a
         * record's fields, or one a rule routes to, is not known here: it must exist.
         */
        public Set<String> routeTopics(List<String> inputs) {
            Set<String> topics = new LinkedHashSet<>();
            for (Step step : steps) {
                if (step.deadLetterRoute() == null) {
                    continue;
                }
                Template template = Template.parse(step.deadLetterRoute());
                if (!template.hasPlaceholders()) {
                    topics.add(step.deadLetterRoute());
                } else if (template.placeholders().stream().allMatch("topic"::equals)) {
                    // Rendered against no fields: a record with a field named topic would put that in instead.
                    inputs.forEach(input -> topics.add(template.render(Map.of(), input)));
                }
            }
            return topics;
        }

        /**
         * {@code deadLetterRoute}: the transform's {@code dlq.topic} (its default when not given), a template; null when
         * the transform has no such key.
         */
        public record Step(String alias, String type, Map<String, String> config, String deadLetterRoute) {
            public Step {
                config = Map.copyOf(config);
            }

            public Step(String alias, String type, Map<String, String> config) {
                this(alias, type, config, null);
            }
        }
    }

    private static Set<String> topics(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    /** One branch of a route: events that meet {@code when} go to {@code to}. */
    record Branch(Where when, String to) {
    }

    /**
     * A condition in Tributary's condition language (common's {@code Conditions}, the {@code Rules} transform's too),
     * with its source for messages and docs.
     */
    record Where(String source, Condition condition) {
        public boolean test(Object event, String topic) {
            return condition.test(event, topic);
        }
    }

    /** How results are written. */
    enum OutputFormat {
        /** A JSON object per window. */
        JSON,
        /** The same object with its schema, in Kafka Connect's JsonConverter envelope (schemas.enable=true). */
        JSON_WITH_SCHEMA,
        /** Avro with a schema registered for the job, framed as {@link Formats#outputWire()} says. */
        AVRO
    }

    /** How input records are read. */
    enum InputFormat {
        /** A JSON object per record. */
        JSON,
        /** Avro written through the registry, framed as {@link Formats#inputWire()} says. */
        AVRO
    }

    /**
     * How a registry-framed Avro record says which schema wrote it (the job's {@code input.wire.format}, and for
     * aggregate results {@code output.wire.format}).
     */
    enum WireFormat {
        /**
         * Input only: the {@code apicurio.value.globalId} header when the record has one; else, after magic byte 0,
         * an 8-byte global id when the next 4 bytes are zero (no registry assigns the id 0, so a 4-byte id never
         * starts with them), else a 4-byte content id. See {@link io.tributary.processor.event.WireFraming}.
         */
        AUTO,
        /** The global id in the {@code apicurio.value.globalId} header (8 bytes); the value is the Avro body. */
        APICURIO_HEADER,
        /** Magic byte 0 and an 8-byte global id ahead of the Avro body (Apicurio's serde with headers off). */
        APICURIO_ID,
        /**
         * Confluent's wire format: magic byte 0 and a 4-byte id ahead of the Avro body; with Apicurio (its serde or
         * converter with {@code as-confluent=true}, {@code use-id=contentId}) the id is a content id.
         */
        CONFLUENT;

        /** As the config file spells it: apicurio-header. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A job's formats: {@code input} and, for Avro, the registry, how input records carry their schema id
     * ({@code inputWire}), the reader schema ({@code readerArtifact}, null for the writer's own artifact;
     * {@code readerVersion}, null for the latest), the artifact aggregate results are registered under
     * ({@code outputArtifact}, null for {@code <output topic>-value}) and how results carry theirs ({@code outputWire}).
     */
    record Formats(InputFormat input, RegistrySettings registry, String readerGroup, String readerArtifact,
                   String readerVersion, String outputArtifact, WireFormat inputWire, WireFormat outputWire) {
        public static final Formats JSON = new Formats(InputFormat.JSON, null, null, null, null, null,
                WireFormat.AUTO, WireFormat.APICURIO_ID);

        /** Avro input through this registry, read with each writer's own artifact's latest version. */
        public static Formats avro(RegistrySettings registry) {
            return new Formats(InputFormat.AVRO, registry, null, null, null, null, WireFormat.AUTO,
                    WireFormat.APICURIO_ID);
        }

        /** The same formats with these wire formats. */
        public Formats withWire(WireFormat in, WireFormat out) {
            return new Formats(input, registry, readerGroup, readerArtifact, readerVersion, outputArtifact, in, out);
        }
    }

    enum WindowType { TUMBLING, HOPPING, SLIDING, SESSION }

    enum Emit {
        /** One result per window, when it closes (stream time past its end plus grace). */
        FINAL,
        /** A result on every change of a window. */
        UPDATE
    }

    /**
     * {@code size}: the window's length (for sliding windows the time difference, for sessions the inactivity gap);
     * {@code advance}: the hop of hopping windows; {@code idleClose}: when a partition has had no event for this long
     * of wall-clock time, its open windows close and are emitted (null: only stream time closes windows).
     */
    record Window(WindowType type, Duration size, Duration advance, Duration grace, Duration idleClose) {
    }

    enum Function { COUNT, SUM, AVG, MIN, MAX, STDDEV, PERCENTILES, DISTINCT, FIRST, LAST }

    /** One output value: {@code name} = {@code function}({@code field}); percentiles at {@code ranks}. */
    record Aggregation(String name, Function function, FieldPath field, List<Double> ranks) {

        /** Whether the function reads numbers (the others take any value, or none). */
        public boolean numeric() {
            return switch (function) {
                case SUM, AVG, MIN, MAX, STDDEV, PERCENTILES -> true;
                default -> false;
            };
        }
    }
}
