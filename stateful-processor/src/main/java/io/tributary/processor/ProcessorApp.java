package io.tributary.processor;

import io.tributary.processor.aggregate.AggregateJob;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.dedup.DedupJob;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.util.Properties;

/** Builds one Kafka Streams topology holding every job of a config; the jobs share the application's threads. */
public final class ProcessorApp {

    private ProcessorApp() {
    }

    public static Topology topology(ProcessorConfig config) {
        Properties props = properties(config);
        StreamsBuilder builder = new StreamsBuilder();
        for (JobSpec job : config.jobs()) {
            if (job instanceof JobSpec.Aggregate aggregate) {
                AggregateJob.build(builder, aggregate);
            }
        }
        Topology topology = builder.build(props);
        for (JobSpec job : config.jobs()) {
            if (job instanceof JobSpec.Dedup dedup) {
                DedupJob.build(topology, dedup);
            }
        }
        return topology;
    }

    public static Properties properties(ProcessorConfig config) {
        Properties props = new Properties();
        props.putAll(config.streams());
        props.putIfAbsent(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        return props;
    }
}
