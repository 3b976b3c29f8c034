package io.tributary.processor.route;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.BadEvent;
import io.tributary.processor.event.DeadLetters;
import io.tributary.processor.event.Events;
import io.tributary.processor.ops.InputActivity;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route job: a filter or a router between topics, before or after other jobs, with the {@code Rules}
 * transform's conditions. Each event goes to the first branch whose condition it meets, else to the otherwise
 * topic ({@code output}), or is skipped when there is none; events go on exactly as they came. Stateless: under
 * exactly-once the output is written in the transaction that commits the input offsets.
 */
public final class RouteJob {

    private RouteJob() {
    }

    /** Every topic the job writes to. */
    public static Set<String> targets(JobSpec.Route spec) {
        Set<String> topics = new LinkedHashSet<>();
        spec.branches().forEach(b -> topics.add(b.to()));
        if (spec.output() != null) {
            topics.add(spec.output());
        }
        return topics;
    }

    public static void build(Topology topology, JobSpec.Route spec) {
        String job = spec.name();
        topology.addSource(job + "-source", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                spec.inputs().toArray(String[]::new));
        topology.addProcessor(job + "-route", () -> new Route(spec), job + "-source");
        for (String topic : targets(spec)) {
            topology.addSink(sink(job, topic), topic, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer(),
                    job + "-route");
        }
        topology.addSink(job + "-" + DeadLetters.SINK, spec.deadLetterTopic(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(), job + "-route");
    }

    private static String sink(String job, String topic) {
        return job + "-to-" + topic;
    }

    static final class Route implements Processor<byte[], byte[], byte[], byte[]> {
        private final JobSpec.Route spec;
        private final List<String> sinks = new ArrayList<>();
        private final String otherwise;
        private ProcessorContext<byte[], byte[]> context;

        Route(JobSpec.Route spec) {
            this.spec = spec;
            spec.branches().forEach(b -> sinks.add(sink(spec.name(), b.to())));
            this.otherwise = spec.output() == null ? null : sink(spec.name(), spec.output());
        }

        @Override
        public void init(ProcessorContext<byte[], byte[]> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            InputActivity.touch(context.applicationId(), context.currentSystemTimeMs());
            Map<String, Object> event;
            try {
                event = Events.parse(record.value());
            } catch (BadEvent e) {
                JobMetrics.increment(JobMetrics.Count.DEAD_LETTERS, spec.name());
                context.forward(DeadLetters.deadLetter(record, spec.name(), e, context),
                        spec.name() + "-" + DeadLetters.SINK);
                return;
            }
            String to = null;
            if (Events.meets(spec.where(), event, context)) {
                String topic = context.recordMetadata().map(m -> m.topic()).orElse(null);
                for (int i = 0; i < sinks.size() && to == null; i++) {
                    if (spec.branches().get(i).when().test(event, topic)) {
                        to = sinks.get(i);
                    }
                }
                if (to == null) {
                    to = otherwise;
                }
            }
            if (to == null) {
                JobMetrics.increment(JobMetrics.Count.FILTERED, spec.name());
                return;
            }
            JobMetrics.increment(JobMetrics.Count.ROUTED, spec.name());
            context.forward(record, to);
        }
    }
}
