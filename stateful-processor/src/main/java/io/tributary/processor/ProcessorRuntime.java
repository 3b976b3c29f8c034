package io.tributary.processor;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.ops.OpsServer;
import io.tributary.processor.status.PipelineStatusService;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running processor: Kafka Streams with every job of a config, and the operations endpoint. {@link ProcessorMain}
 * runs one until it is told to stop; tests and embedding applications start and close one directly.
 */
public final class ProcessorRuntime implements AutoCloseable {

    private final KafkaStreams streams;
    private final OpsServer ops;
    private final PipelineStatusService status;
    /** Closed by the shutdown hook and by the main thread alike: the first close does the work. */
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ProcessorRuntime(KafkaStreams streams, OpsServer ops, PipelineStatusService status) {
        this.streams = streams;
        this.ops = ops;
        this.status = status;
    }

    /** Builds and starts the processor (the streams client is started; jobs run once it is RUNNING). */
    public static ProcessorRuntime start(ProcessorConfig config, KafkaStreams.StateListener listener,
                                         org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler onError)
            throws IOException {
        KafkaStreams streams = new KafkaStreams(ProcessorApp.topology(config), ProcessorApp.properties(config));
        AtomicInteger restoring = new AtomicInteger();
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                restoring.incrementAndGet();
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long restored) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {
                restoring.decrementAndGet();
            }

            @Override
            public void onRestoreSuspended(TopicPartition partition, String store, long restored) {
                restoring.decrementAndGet();
            }
        });
        if (listener != null) {
            streams.setStateListener(listener);
        }
        if (onError != null) {
            streams.setUncaughtExceptionHandler(onError);
        }
        OpsServer ops = null;
        PipelineStatusService status = null;
        if (config.httpHost() != null) {
            ops = new OpsServer(config.httpHost(), config.httpPort(), config.opsSecurity(), streams, restoring,
                    config.jobs().stream().map(JobSpec::name).toList(), (job, key) -> {
                for (JobSpec spec : config.jobs()) {
                    if (spec.name().equals(job)) {
                        return spec.windows(streams, key);
                    }
                }
                return null;
            });
            OpsServer server = ops;
            status = new PipelineStatusService(config, streams, restoring, server::ready);
            ops.serveStatus(status);
        }
        streams.start();
        return new ProcessorRuntime(streams, ops, status);
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The operations endpoint's port, or -1 when it is off. */
    public int httpPort() {
        return ops == null ? -1 : ops.port();
    }

    @Override
    public void close() {
        close(ProcessorConfig.DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * Closes Kafka Streams, waiting at most {@code timeout} for it, then the operations endpoint. True when Kafka
     * Streams closed within the timeout (its threads committed and, under exactly-once, ended their transactions);
     * false when it did not, or when another caller closed (or is closing) it already.
     */
    public boolean close(Duration timeout) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        // A clean stop leaves the consumer group: the other instances take the partitions over at once, and a
        // restart of this one is not held back until the group drops its old membership (the session timeout,
        // 45 s by default: measured in docs/benchmarks.md). Kafka Streams' default on the classic protocol stays.
        boolean clean = streams.close(CloseOptions.groupMembershipOperation(
                CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(timeout));
        if (ops != null) {
            ops.close();
        }
        if (status != null) {
            status.close();
        }
        return clean;
    }
}
