package io.tributary.launcher.dlq;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The Kafka clients of the dlq commands, from the user's settings ({@link DlqArgs#clientConfig}). */
final class Clients {

    /** How long a command waits for the cluster to answer before it says it cannot reach it. */
    static final int TIMEOUT_MS = 30_000;

    private Clients() {
    }

    /**
     * The partitions of {@code topic}; a {@link CommandFailure} naming the topic or the bootstrap servers when there is
     * no such topic or no answer.
     */
    static List<TopicPartition> partitions(Map<String, Object> config, String topic) {
        Map<String, Object> settings = new HashMap<>(config);
        settings.putIfAbsent("default.api.timeout.ms", TIMEOUT_MS);
        settings.putIfAbsent("request.timeout.ms", TIMEOUT_MS / 2);
        try (Admin admin = Admin.create(settings)) {
            TopicDescription description = admin.describeTopics(List.of(topic),
                            new DescribeTopicsOptions().timeoutMs(TIMEOUT_MS))
                    .allTopicNames().get(TIMEOUT_MS + 5_000L, TimeUnit.MILLISECONDS).get(topic);
            return description.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new CommandFailure("there is no topic '" + topic + "' on " + config.get("bootstrap.servers"));
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new CommandFailure(unreachable(config), e.getCause());
            }
            throw new CommandFailure("cannot describe topic '" + topic + "' on " + config.get("bootstrap.servers")
                    + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new CommandFailure(unreachable(config));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        }
    }

    private static String unreachable(Map<String, Object> config) {
        return "no answer from Kafka at " + config.get("bootstrap.servers") + " within " + (TIMEOUT_MS / 1000)
                + " s (is it running? a secured cluster needs --command-config FILE)";
    }

    /**
     * A consumer that reads only committed records (sources write dead letters in transactions, an aborted one's stay
     * unseen), never commits on its own, and belongs to {@code group} (a replay's progress) or none (inspect).
     */
    static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config, String group, int maxPollRecords) {
        Map<String, Object> settings = new HashMap<>(config);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        settings.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tributary-dlq");
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        } else {
            settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static KafkaProducer<byte[], byte[]> transactionalProducer(Map<String, Object> config, String transactionalId) {
        Map<String, Object> settings = new HashMap<>(config);
        settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT_MS);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "tributary-dlq-replay");
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }
}
