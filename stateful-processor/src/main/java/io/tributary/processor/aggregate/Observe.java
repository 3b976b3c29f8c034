package io.tributary.processor.aggregate;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.BadEvent;
import io.tributary.processor.event.DeadLetters;
import io.tributary.processor.event.EventReader;
import io.tributary.processor.event.Events;
import io.tributary.processor.ops.InputActivity;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The first step of an aggregate job: parses each event, takes its group key, event time and the aggregations'
 * inputs, and forwards an {@link Observation} keyed by group (as a JSON array of the group's values, so any value
 * round-trips) with the event time as the record's timestamp. An event it cannot read is forwarded as a dead
 * letter, with headers saying why.
 */
final class Observe extends ContextualProcessor<byte[], byte[], String, Observation> {

    /**
     * The event time becomes the record's timestamp on the repartition topic, and brokers refuse timestamps more
     * than {@code message.timestamp.after.max.ms} (one hour by default) ahead, which would stop the application:
     * such an event is a dead letter instead.
     */
    static final long MAX_FUTURE_MS = 55 * 60_000L;

    private final JobSpec.Aggregate spec;
    private EventReader reader;

    Observe(JobSpec.Aggregate spec) {
        this.spec = spec;
    }

    @Override
    public void init(ProcessorContext<String, Observation> context) {
        super.init(context);
        reader = EventReader.of(spec.formats());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        InputActivity.touch(context().applicationId(), context().currentSystemTimeMs());
        try {
            Map<String, Object> event = reader.read(record.headers(), record.value());
            if (!Events.meets(spec.where(), event, context())) {
                JobMetrics.increment(JobMetrics.Count.FILTERED, spec.name());
                return;
            }
            long time = Events.eventTime(event, spec.timeField(), record.timestamp());
            if (time > context().currentSystemTimeMs() + MAX_FUTURE_MS) {
                throw new BadEvent("time", "event time is more than " + MAX_FUTURE_MS / 60_000 + " minutes ahead of "
                        + "the clock");
            }
            String group = group(event);
            int n = spec.aggregations().size();
            double[] numbers = new double[n];
            String[] texts = new String[n];
            for (int i = 0; i < n; i++) {
                JobSpec.Aggregation a = spec.aggregations().get(i);
                Object value = a.field() == null ? null : a.field().get(event);
                if (a.numeric()) {
                    numbers[i] = number(a, value);
                } else {
                    numbers[i] = Double.NaN;
                    texts[i] = value == null ? null : value instanceof String s ? s : Events.MAPPER.writeValueAsString(value);
                }
            }
            context().forward(new Record<>(group, new Observation(time, 0, numbers, texts, record.key(), record.value(),
                    false), time, record.headers()));
        } catch (BadEvent e) {
            JobMetrics.increment(JobMetrics.Count.DEAD_LETTERS, spec.name());
            context().forward(new Record<>(null, Observation.deadLetter(record.key(), record.value()),
                    record.timestamp(), DeadLetters.headers(record.headers(), spec.name(), reader.describe(e, record.value()), context())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON value could not be written again", e);
        }
    }

    private String group(Map<String, Object> event) throws JsonProcessingException {
        List<String> values = new ArrayList<>(spec.groupBy().size());
        for (var field : spec.groupBy()) {
            values.add(Events.key(event, List.of(field), "group"));
        }
        return Events.MAPPER.writeValueAsString(values);
    }

    private static double number(JobSpec.Aggregation a, Object value) {
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d)) {
                throw new BadEvent("value", "field '" + a.field() + "' of aggregation '" + a.name() + "' is NaN");
            }
            return d;
        }
        throw new BadEvent("value", "field '" + a.field() + "' of aggregation '" + a.name() + "' is not a number");
    }
}
