package io.tributary.processor.route;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.BadEvent;
import io.tributary.processor.event.DeadLetters;
import io.tributary.processor.event.EventReader;
import io.tributary.processor.event.Events;
import io.tributary.processor.ops.InputActivity;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.common.serialization.Serdes;
import io.tributary.processor.event.Routed;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.Map;

/**
 * A route job: a filter or a router between topics, before or after other jobs, with the {@code Rules}
 * transform's conditions. Each event goes to the first branch whose condition it meets, else to the otherwise
 * topic ({@code output}), or is skipped when there is none; events go on exactly as they came. Stateless: under
 * exactly-once the output is written in the transaction that commits the input offsets.
 */
public final class RouteJob {

    private RouteJob() {
    }

    public static void build(StreamsBuilder builder, JobSpec.Route spec) {
        String job = spec.name();
        builder.stream(spec.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(job + "-source"))
                .process(() -> new Route(spec), Named.as(job + "-route"))
                .to(Routed.TOPIC, Produced.with(Serdes.ByteArray(), Routed.serde()).withName(job + "-output"));
    }

    static final class Route implements Processor<byte[], byte[], byte[], Routed> {
        private final JobSpec.Route spec;
        private ProcessorContext<byte[], Routed> context;
        private EventReader reader;

        Route(JobSpec.Route spec) {
            this.spec = spec;
        }

        @Override
        public void init(ProcessorContext<byte[], Routed> context) {
            this.context = context;
            this.reader = EventReader.of(spec.formats());
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            InputActivity.touch(context.applicationId(), context.currentSystemTimeMs());
            Map<String, Object> event;
            try {
                event = reader.read(record.headers(), record.value());
            } catch (BadEvent e) {
                JobMetrics.increment(JobMetrics.Count.DEAD_LETTERS, spec.name());
                context.forward(DeadLetters.deadLetter(record, spec.name(), reader.describe(e, record.value()), context)
                        .withValue(new Routed(spec.deadLetterTopic(), record.value())));
                return;
            }
            String to = null;
            if (Events.meets(spec.where(), event, context)) {
                String topic = context.recordMetadata().map(m -> m.topic()).orElse(null);
                for (int i = 0; i < spec.branches().size() && to == null; i++) {
                    if (spec.branches().get(i).when().test(event, topic)) {
                        to = spec.branches().get(i).to();
                    }
                }
                if (to == null) {
                    to = spec.output();
                }
            }
            if (to == null) {
                JobMetrics.increment(JobMetrics.Count.FILTERED, spec.name());
                return;
            }
            JobMetrics.increment(JobMetrics.Count.ROUTED, spec.name());
            context.forward(record.withValue(new Routed(to, record.value())));
        }
    }
}
