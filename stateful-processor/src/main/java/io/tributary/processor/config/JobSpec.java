package io.tributary.processor.config;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.connect.transforms.rules.Conditions;

import java.time.Duration;
import java.util.List;

/** One job of the processor: where it reads, where it writes, and what it does between. */
public sealed interface JobSpec permits JobSpec.Dedup, JobSpec.Aggregate, JobSpec.Route {

    String name();

    /** The topics the job reads (one or more). */
    List<String> inputs();

    String output();

    /** Records that cannot be processed (unparsable, missing the id, group-by or time field) go here. */
    String deadLetterTopic();

    /** Where event time comes from: a field (epoch milliseconds or RFC 3339 text), else the record timestamp. */
    FieldPath timeField();

    /** Only events that meet this condition take part in the job (the others are skipped and counted); or null. */
    Where where();

    /**
     * Drops repeats of an event id seen within {@code retention} of event time. The id is made of fields, or of a
     * header when {@code idHeader} is set.
     */
    record Dedup(String name, List<String> inputs, String output, String deadLetterTopic, FieldPath timeField, Where where,
                 List<FieldPath> idFields, String idHeader, Duration retention) implements JobSpec {
    }

    /** Groups by fields, windows by event time, and aggregates; late events go to {@code lateTopic}. */
    record Aggregate(String name, List<String> inputs, String output, String deadLetterTopic, FieldPath timeField,
                     Where where, List<FieldPath> groupBy, Window window, Emit emit, String lateTopic,
                     List<Aggregation> aggregations, OutputFormat format) implements JobSpec {
    }

    /**
     * Sends each event to the topic of the first branch whose condition it meets, else to {@code output} (the
     * "otherwise" topic), or skips it when there is none. Events go on unchanged: key, value, headers and timestamp.
     */
    record Route(String name, List<String> inputs, String output, String deadLetterTopic, Where where,
                 List<Branch> branches) implements JobSpec {
        @Override
        public FieldPath timeField() {
            return null;
        }
    }

    /** One branch of a route: events that meet {@code when} go to {@code to}. */
    record Branch(Where when, String to) {
    }

    /** A condition in the {@code Rules} transform's language, with its source for messages and docs. */
    record Where(String source, Conditions.Test test) {
        public boolean test(Object event, String topic) {
            return test.test(event, topic);
        }
    }

    /** How results are written. */
    enum OutputFormat {
        /** A JSON object per window. */
        JSON,
        /** The same object with its schema, in Kafka Connect's JsonConverter envelope (schemas.enable=true). */
        JSON_WITH_SCHEMA
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
