package io.tributary.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real Kafka broker and real Connect workers in this JVM (Kafka's own test kit), on loopback only, with the
 * settings Tributary's tests share: service-loader plugin discovery, quick offset flushes, quick reassignment of a
 * lost worker's tasks, and transactions on a single broker. Start one per test class and reuse it.
 */
public final class ConnectCluster implements AutoCloseable {

    private final String name;
    private final EmbeddedConnectCluster cluster;
    private final Map<String, String> workerProps;

    private ConnectCluster(String name, EmbeddedConnectCluster cluster, Map<String, String> workerProps) {
        this.name = name;
        this.cluster = cluster;
        this.workerProps = workerProps;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public static final class Builder {
        private final String name;
        private int workers = 1;
        private final Map<String, String> workerProps = new HashMap<>();
        private final Properties brokerProps = new Properties();

        private Builder(String name) {
            this.name = name;
            workerProps.put("plugin.discovery", "service_load");
            workerProps.put("offset.flush.interval.ms", "1000");
            workerProps.put("scheduled.rebalance.max.delay.ms", "1000");
            workerProps.put("session.timeout.ms", "6000");
            workerProps.put("heartbeat.interval.ms", "1000");
            workerProps.put("group.id", "connect-" + name);
            workerProps.put("config.storage.topic", "connect-configs-" + name);
            workerProps.put("offset.storage.topic", "connect-offsets-" + name);
            workerProps.put("status.storage.topic", "connect-status-" + name);
            brokerProps.put("transaction.state.log.replication.factor", "1");
            brokerProps.put("transaction.state.log.min.isr", "1");
            brokerProps.put("auto.create.topics.enable", "true");
            brokerProps.put("num.partitions", "1");
        }

        /** In-JVM workers (0 when every worker is forked, see {@link ForkedWorker}). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder exactlyOnce() {
            workerProps.put("exactly.once.source.support", "enabled");
            return this;
        }

        public Builder workerProp(String key, String value) {
            workerProps.put(key, value);
            return this;
        }

        public Builder brokerProp(String key, String value) {
            brokerProps.put(key, value);
            return this;
        }

        public ConnectCluster start() {
            LoopbackGuard.check();
            Map<String, String> props = new HashMap<>(workerProps);
            EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                    .name(name)
                    .numWorkers(workers)
                    .numBrokers(1)
                    .workerProps(props)
                    .brokerProps(brokerProps)
                    .maskExitProcedures(true)
                    .build();
            cluster.start();
            return new ConnectCluster(name, cluster, props);
        }
    }

    public String name() {
        return name;
    }

    public String bootstrapServers() {
        return cluster.kafka().bootstrapServers();
    }

    /** REST access through the first in-JVM worker. */
    public ConnectRest rest() {
        WorkerHandle worker = cluster.workers().iterator().next();
        return new ConnectRest(worker.url());
    }

    public URI restUrl() {
        return cluster.workers().iterator().next().url();
    }

    /** The worker settings (group, internal topics, bootstrap), for forked workers joining this cluster. */
    public Map<String, String> workerProps() {
        Map<String, String> props = new HashMap<>(workerProps);
        props.put("bootstrap.servers", bootstrapServers());
        props.remove("listeners");
        return props;
    }

    /**
     * Creates the topic and returns once every partition has a leader in the broker's metadata. Records produced
     * before that got {@code NOT_LEADER_OR_FOLLOWER} and then {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until the producer
     * gave up (see {@link TestInput}); waiting here narrows that window for every test producing right after.
     */
    public void createTopic(String topic, int partitions) {
        cluster.kafka().createTopic(topic, partitions);
        try (Admin admin = cluster.kafka().createAdminClient()) {
            Await.until(java.time.Duration.ofSeconds(30), "a leader for each of " + topic + "'s " + partitions
                    + " partitions", () -> {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get()
                            .get(topic);
                    return description.partitions().size() == partitions
                            && description.partitions().stream().allMatch(p -> p.leader() != null
                            && !p.leader().isEmpty());
                } catch (java.util.concurrent.ExecutionException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            });
        }
    }

    public EmbeddedConnectCluster embedded() {
        return cluster;
    }

    @Override
    public void close() {
        cluster.stop();
    }
}
