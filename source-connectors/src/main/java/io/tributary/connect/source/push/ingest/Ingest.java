package io.tributary.connect.source.push.ingest;

import io.tributary.connect.common.auth.RequestAuthenticator;
import io.tributary.connect.source.push.config.PushSourceConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One task's side of the push server: its queue, how events become records, its credentials check and metrics.
 * The server's threads {@link #offer} records; the task's {@code poll()} {@link #poll}s them and
 * {@code commitRecord} {@link #commit}s them, which answers the waiting client and frees the capacity.
 */
public final class Ingest {

    private final PushSourceConfig config;
    private final IngestQueue queue;
    private final EventRecords records;
    private final RequestAuthenticator authenticator;
    private final PushMetrics metrics;
    private final Set<Delivery> open = ConcurrentHashMap.newKeySet();

    public Ingest(PushSourceConfig config, String stage, RequestAuthenticator authenticator, PushMetrics metrics) {
        this.config = config;
        this.queue = new IngestQueue(config.queueMaxRecords(), config.queueMaxBytes());
        this.records = new EventRecords(config, stage);
        this.authenticator = authenticator;
        this.metrics = metrics;
        metrics.gauge("queue-records", "events held: queued or waiting for Kafka's acknowledgement", queue::records);
        metrics.gauge("queue-bytes", "bytes of events held", queue::bytes);
    }

    public PushSourceConfig config() {
        return config;
    }

    public EventRecords records() {
        return records;
    }

    public RequestAuthenticator authenticator() {
        return authenticator;
    }

    public PushMetrics metrics() {
        return metrics;
    }

    public IngestQueue queue() {
        return queue;
    }

    /**
     * Offers a request's or frame's records; admitted, {@code delivery} is this task's to answer: if the task
     * stops first, its client is told to send again (registered before the records can reach {@code poll()}).
     */
    public IngestQueue.Admission offer(List<PushRecord> batch, Delivery delivery) {
        open.add(delivery);
        IngestQueue.Admission admission = queue.offer(batch);
        if (admission != IngestQueue.Admission.ADMITTED) {
            open.remove(delivery);
        }
        return admission;
    }

    /** The client waiting on {@code delivery} was answered. */
    public void closed(Delivery delivery) {
        open.remove(delivery);
    }

    public List<SourceRecord> poll(long timeoutMs) throws InterruptedException {
        return queue.drain(config.batchMaxRecords(), timeoutMs, config.batchLingerMs());
    }

    /** Connect wrote (metadata set) or dropped (null) a record this task returned from poll. */
    public void commit(SourceRecord record, RecordMetadata metadata) {
        if (!(record instanceof PushRecord pushed)) {
            return;
        }
        queue.release(pushed);
        if (metadata != null) {
            if (metadata.topic().equals(records.deadLetterTopic())) {
                metrics.deadLettered.increment();
            } else {
                metrics.written.increment();
                metrics.ackLatencyMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pushed.receivedNanos()));
            }
        }
        pushed.acknowledge(metadata);
    }

    /**
     * Stops taking events; whoever waits for a queued or unacknowledged one is told to send it again, and whoever
     * waits for room in the queue hears too. Returns how many clients were told (or are being told).
     */
    public int close() {
        IngestQueue.Closed closed = queue.close();
        for (PushRecord left : closed.left()) {
            if (left.fail("the task stopped before Kafka had the event; send it again")) {
                metrics.failed.increment();
            }
        }
        List<Delivery> waiting = List.copyOf(open);
        for (Delivery delivery : waiting) {
            metrics.failed.add(delivery.abandon("the task stopped before Kafka acknowledged the event; send it again"));
        }
        open.clear();
        // Last: a WebSocket connection waiting for room nacks its frame and may close (no task left), which must
        // come after the nacks above on the same connection.
        closed.spaceListeners().forEach(Runnable::run);
        return waiting.size() + closed.spaceListeners().size();
    }
}
