package io.tributary.processor;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    public static List<String> createMissing(ProcessorConfig config) throws InterruptedException, ExecutionException {
        Set<String> wanted = new LinkedHashSet<>();
        for (JobSpec job : config.jobs()) {
            wanted.addAll(job.inputs());
            wanted.addAll(job.outputs());
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.streams().get("bootstrap.servers")))) {
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
