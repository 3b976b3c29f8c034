package io.tributary.processor.status;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One look at the pipeline, taken by {@link PipelineStatusService}: what Connect's REST API, the brokers, the workers'
 * metrics and this processor said at {@code atMs}. Plain data, so {@link PipelineReport} computes from it without I/O.
 *
 * @param connect    null when no Connect URL is configured
 * @param kafkaError why the offsets could not be read, or null
 * @param committed  per consumer group (the processor's application id, each sink's group), committed offsets
 * @param workers    per-task counters from the workers' metrics ({@code connector/task/name}), empty when not configured
 * @param processorTopics the processor's own client metrics, per topic: {@code consumed:<topic>} (records its
 *                   consumers fetched) and {@code sent:<topic>} (records its producers sent), Kafka Streams' consumer
 *                   and producer topic metrics as /metrics exports them
 * @param jobCounts  per job, the processor's counts ({@code duplicates_dropped}, {@code late_events}, ...)
 */
public record Snapshot(long atMs, Connect connect, Processor processor, Map<TopicPartition, Long> starts,
                       Map<TopicPartition, Long> ends, Set<String> missingTopics,
                       Map<String, Map<TopicPartition, Long>> committed, String kafkaError, Map<String, Double> workers,
                       List<String> workerErrors, Map<String, Double> processorTopics,
                       Map<String, Map<String, Long>> jobCounts) {

    /** What the Connect REST API said: the URL that answered and the connectors, or the error. */
    public record Connect(String url, String error, List<ConnectorView> connectors) {
    }

    /** This processor: its application id, Kafka Streams state, readiness and jobs. */
    public record Processor(String applicationId, String state, boolean ready, int restoringStores, List<Job> jobs) {
    }

    /** A job as its config says: where it reads and writes. */
    public record Job(String name, String kind, List<String> inputs, List<String> outputs, String deadLetterTopic) {
    }
}
