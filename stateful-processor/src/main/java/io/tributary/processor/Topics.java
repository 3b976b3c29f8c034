package io.tributary.processor;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.StreamsConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Creates the jobs' topics that do not exist yet (inputs, outputs, late and dead-letter topics), with the broker's
 * default partitions and replication. Kafka Streams stops with "missing source topics" otherwise, which is what a
 * pipeline whose second job reads the first job's output meets on its first start.
 */
public final class Topics {

    private Topics() {
    }

    /**
     * The admin client settings Kafka Streams would give its own admin client: bootstrap.servers, the security
     * settings (security.protocol, sasl.*, ssl.*) and config providers, and any {@code admin.}-prefixed override.
     */
    public static Map<String, Object> adminConfig(ProcessorConfig config) {
        Map<String, Object> admin = new HashMap<>(quietStreamsConfig(ProcessorApp.properties(config))
                .getAdminConfigs(config.streams().get(StreamsConfig.APPLICATION_ID_CONFIG) + "-topics"));
        admin.putIfAbsent(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.streams().get("bootstrap.servers"));
        return admin;
    }

    /** StreamsConfig without its INFO listing of every value: Kafka Streams lists them itself when it starts. */
    private static StreamsConfig quietStreamsConfig(Properties props) {
        return new StreamsConfig(props, false) {
        };
    }

    /**
     * Asks the brokers for the cluster id, so that a processor pointed at brokers it cannot reach fails at start with
     * the cause, instead of Kafka Streams retrying forever. Bounded by {@code default.api.timeout.ms} (60 s unless
     * the streams settings say otherwise).
     *
     * @return the cluster id
     */
    public static String checkReachable(ProcessorConfig config) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(adminConfig(config))) {
            return admin.describeCluster().clusterId().get();
        }
    }

    public static List<String> createMissing(ProcessorConfig config) throws InterruptedException, ExecutionException {
        Set<String> wanted = new LinkedHashSet<>();
        for (JobSpec job : config.jobs()) {
            wanted.addAll(job.inputs());
            wanted.addAll(job.outputs());
        }
        try (Admin admin = Admin.create(adminConfig(config))) {
            wanted.removeAll(admin.listTopics().names().get());
            List<NewTopic> topics = new ArrayList<>();
            for (String name : wanted) {
                topics.add(new NewTopic(name, Optional.empty(), Optional.empty()));
            }
            List<String> created = new ArrayList<>();
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get();
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            return created;
        }
    }
}
