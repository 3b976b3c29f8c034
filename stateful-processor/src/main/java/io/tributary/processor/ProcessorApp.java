package io.tributary.processor;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.state.BoundedRocksDb;
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
            job.addTo(builder);
        }
        return builder.build(props);
    }

    public static Properties properties(ProcessorConfig config) {
        Properties props = new Properties();
        props.putAll(config.streams());
        props.putIfAbsent(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        // Under ./tributary, state lives with the rest of the local stack's data rather than in the OS temp dir.
        String home = System.getenv("TRIBUTARY_HOME");
        if (home != null && !props.containsKey(StreamsConfig.STATE_DIR_CONFIG)) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, home + "/processor/state");
        }
        return props;
    }
}
