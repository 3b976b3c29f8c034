package io.tributary.processor.transform;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.event.Routed;
import io.tributary.processor.ops.InputActivity;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A transform job: Connect transforms between topics, in Kafka Streams. The same transforms a connector runs
 * (validation, enrichment, rules, Kafka's own) with the same config keys, on records read from a topic instead of
 * a source; under exactly-once each record's output and its input offset commit in one transaction, which a chain
 * on a Connect sink feeding a producer could not give. Stateless, but for what the transforms keep (a lookup's cache).
 */
public final class TransformJob {

    private TransformJob() {
    }

    public static void build(StreamsBuilder builder, JobSpec.Transform spec) {
        String job = spec.name();
        builder.stream(spec.inputs(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(job + "-source"))
                .process(() -> new Transform(spec), Named.as(job + "-transform"))
                .to(Routed.TOPIC, Produced.with(Serdes.ByteArray(), Routed.serde()).withName(job + "-output"));
    }

    static final class Transform implements Processor<byte[], byte[], byte[], Routed> {
        private final JobSpec.Transform spec;
        private ProcessorContext<byte[], Routed> context;
        private TransformStage stage;

        Transform(JobSpec.Transform spec) {
            this.spec = spec;
        }

        @Override
        public void init(ProcessorContext<byte[], Routed> context) {
            this.context = context;
            this.stage = new TransformStage(spec.name(), spec.deadLetterTopic(), spec.transforms());
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            InputActivity.touch(context.applicationId(), context.currentSystemTimeMs());
            stage.forward(record, spec.output(), context);
        }

        @Override
        public void close() {
            if (stage != null) {
                stage.close();
            }
        }
    }
}
