package io.tributary.connect.source.push.ingest;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A record received from a client, remembering who waits for it. Connect hands {@code commitRecord} the record as
 * {@code poll()} returned it (before transforms), so the waiting client is found without a lookup table.
 */
public final class PushRecord extends SourceRecord {

    private final Delivery delivery;
    private final int index;
    private final long bytes;
    private final long receivedNanos;
    private final AtomicBoolean told = new AtomicBoolean();

    public PushRecord(String topic, Schema keySchema, Object key, Schema valueSchema, Object value, Long timestamp,
                      Iterable<Header> headers, Delivery delivery, int index, long bytes, long receivedNanos) {
        super(null, null, topic, null, keySchema, key, valueSchema, value, timestamp, headers);
        this.delivery = delivery;
        this.index = index;
        this.bytes = bytes;
        this.receivedNanos = receivedNanos;
    }

    /** The size this record counts for in the queue: its input bytes. */
    public long bytes() {
        return bytes;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    /** Tells the client the outcome; true if this call did (a record is told once, whoever is first). */
    public boolean acknowledge(RecordMetadata metadata) {
        if (!told.compareAndSet(false, true)) {
            return false;
        }
        if (metadata == null) {
            delivery.skipped(index);
        } else {
            delivery.written(index, metadata.topic(), metadata.partition(), metadata.offset());
        }
        return true;
    }

    public boolean fail(String reason) {
        if (!told.compareAndSet(false, true)) {
            return false;
        }
        delivery.failed(index, reason);
        return true;
    }

    public boolean told() {
        return told.get();
    }

    // SourceRecord's equals/hashCode compare contents; a pushed record is itself only.
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
