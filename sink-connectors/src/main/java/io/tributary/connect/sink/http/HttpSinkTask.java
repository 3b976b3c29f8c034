package io.tributary.connect.sink.http;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.sink.ErrantRecords;
import io.tributary.connect.sink.OriginalCoordinates;
import io.tributary.connect.sink.PartitionFanOut;
import io.tributary.connect.sink.http.client.HttpEndpoint;
import io.tributary.connect.sink.http.config.HttpSinkConfig;
import io.tributary.connect.sink.http.deliver.Batches;
import io.tributary.connect.sink.http.deliver.DeliveryReport;
import io.tributary.connect.sink.http.deliver.PartitionQueue;
import io.tributary.connect.sink.http.deliver.PartitionSender;
import io.tributary.connect.sink.http.deliver.ResponseCapture;
import io.tributary.connect.sink.http.render.RequestRenderer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Buffers records per topic-partition ({@link PartitionQueue}), sends full or lingered batches of several partitions
 * at once (at most {@code max.in.flight}, one request at a time per partition: {@link PartitionSender}), reports
 * records that fail for good to the errant record reporter, and returns from {@link #preCommit} only offsets whose
 * records were delivered or reported.
 *
 * <p>Queues, offsets and idempotency keys follow the topic-partition and offset a record was read from
 * ({@link OriginalCoordinates}), which Connect assigns and commits; a topic renamed by the connector's transforms only
 * fills the URL and header templates.
 */
public final class HttpSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(HttpSinkTask.class);

    private final Time time;
    private final Map<TopicPartition, PartitionQueue> queues = new LinkedHashMap<>();
    private HttpSinkConfig config;
    private RequestRenderer renderer;
    private Batches batches;
    private PartitionSender sender;
    private PartitionFanOut senders;
    private ResponseCapture capture = ResponseCapture.none();
    private ErrantRecords errantRecords;
    private HttpSinkMetrics metrics;
    private ConnectException failure;
    /** After a pause: until then, preCommit sends nothing (Connect redelivers through put() after the timeout). */
    private long pausedUntilMs;

    public HttpSinkTask() {
        this(Time.SYSTEM);
    }

    HttpSinkTask(Time time) {
        this.time = time;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HttpSinkConfig(props);
        try {
            renderer = RequestRenderer.of(config);
        } catch (IllegalArgumentException e) {
            throw new ConnectException(e.getMessage(), e);
        }
        errantRecords = ErrantRecords.of(context);
        metrics = new HttpSinkMetrics(TaskMetrics.from(() -> context.pluginMetrics()));
        HttpEndpoint endpoint = new HttpEndpoint(config.http("http-sink"), config.method().name(),
                config.batchFormat(), config.idempotencyHeader());
        endpoint.http().retry().getEventPublisher().onRetry(event -> metrics.retries.increment());
        metrics.requests(endpoint::requests);
        if (!config.responseTopic().isEmpty()) {
            capture = ResponseCapture.to(config.responseTopic(), config.responseProducerConfig());
        }
        batches = new Batches(config.batchMaxRecords(), config.batchMaxBytes(), config.lingerMs());
        sender = new PartitionSender(endpoint, batches, config.deadLetterStatuses(), config.failStatuses(),
                config.retryExhausted(), metrics, capture);
        senders = new PartitionFanOut("http-sink-sender", config.maxInFlight(), RetriableException.class::isInstance,
                HttpSinkTask::sendingFailed);
    }

    /** A partition assigned (again): Connect delivers from its committed offset, so nothing of before is kept. */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            queues.put(tp, new PartitionQueue(tp));
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (failure != null) {
            throw failure;
        }
        long now = time.milliseconds();
        for (SinkRecord record : records) {
            PartitionQueue queue = queues.computeIfAbsent(OriginalCoordinates.partition(record), PartitionQueue::new);
            long offset = OriginalCoordinates.offset(record);
            if (queue.seen(offset)) {
                continue;   // redelivered after a RetriableException: already sent or still buffered
            }
            try {
                queue.add(renderer.render(record, now));
            } catch (DataException e) {
                report(record, e);
                queue.handled(offset);
            }
        }
        deliver(false);
    }

    /**
     * Sends every partition's due batches concurrently and applies the outcomes in partition order. Throws the
     * first fatal error, or else a {@link RetriableException} (after {@code context.timeout}) when a partition paused.
     */
    private void deliver(boolean all) {
        long now = time.milliseconds();
        List<PartitionQueue> due = new ArrayList<>();
        for (PartitionQueue queue : queues.values()) {
            if (queue.due(batches, now, all)) {
                due.add(queue);
            }
        }
        List<DeliveryReport> reports = senders.run(due,
                queue -> sender.send(queue.partition(), queue.snapshot(), now, all));
        ConnectException stop = null;
        long pauseMs = 0;
        boolean circuitOpen = false;
        for (DeliveryReport report : reports) {
            apply(queues.get(report.partition()), report);
            switch (report.stop()) {
                case CIRCUIT_OPEN -> {
                    circuitOpen = true;
                    pauseMs = Math.max(pauseMs, config.breakerOpenMs());
                }
                case PAUSE -> pauseMs = Math.max(pauseMs, config.pauseMs());
                default -> { }
            }
            stop = (ConnectException) senders.weightier(stop, report.error());
        }
        if (stop == null) {
            return;
        }
        if (senders.retriable(stop)) {
            if (circuitOpen) {
                metrics.circuitOpenPauses.increment();
            }
            pausedUntilMs = time.milliseconds() + pauseMs;
            context.timeout(pauseMs);
        }
        throw stop;
    }

    /** What a sender thread's unexpected failure (or an interrupt while waiting for one) means for the task. */
    private static RuntimeException sendingFailed(Throwable cause) {
        if (cause instanceof ConnectException known) {
            return known;
        }
        if (cause instanceof InterruptedException) {
            return new RetriableException("Interrupted while sending", cause);
        }
        return new ConnectException("Sending failed: " + cause, cause);
    }

    /** Delivered records leave the queue; errant ones leave it once reported (before that they are not done). */
    private void apply(PartitionQueue queue, DeliveryReport report) {
        for (DeliveryReport.Step step : report.steps()) {
            if (step instanceof DeliveryReport.Delivered delivered) {
                queue.remove(delivered.count());
            } else if (step instanceof DeliveryReport.Errant errant) {
                report(errant.record().record(), errant.error());
                queue.remove(1);
            }
        }
    }

    private void report(SinkRecord record, Exception error) {
        errantRecords.report(record, error);
        metrics.recordsErrant.increment();
    }

    /**
     * Sends lingered batches (unless the task paused), then returns, per partition, the offset after the last record delivered (2xx) or
     * reported — never one of a record still buffered, which a crash would lose. A failure here must not escape:
     * Connect would rewind the consumer for it; it is kept for the next put() instead.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (failure == null && time.milliseconds() >= pausedUntilMs) {
            try {
                deliver(false);
            } catch (RetriableException e) {
                log.debug("Lingered batches not sent at offset commit: {}", e.getMessage());
            } catch (ConnectException e) {
                failure = e;
            }
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        for (PartitionQueue queue : queues.values()) {
            OptionalLong offset = queue.committable();
            if (offset.isPresent() && currentOffsets.containsKey(queue.partition())) {
                done.put(queue.partition(), new OffsetAndMetadata(offset.getAsLong()));
            }
        }
        return done;
    }

    /**
     * Partitions going away (rebalance, stop): their buffered records are dropped. Connect committed what preCommit
     * returned just before, so the next owner starts right after the last record delivered or reported.
     */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            PartitionQueue queue = queues.remove(tp);
            if (queue != null && !queue.isEmpty()) {
                log.debug("Dropping {} buffered records of {}: the partition's next owner sends them", queue.size(), tp);
            }
        }
    }

    @Override
    public void stop() {
        if (senders != null) {
            senders.close();
        }
        capture.close();
        queues.clear();
    }
}
