package io.tributary.connect.source.push.ingest;

import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over between the server's threads and the task's {@code poll()}. Capacity counts records from
 * admission until Kafka acknowledged them (or they failed), not only while queued: the bound holds what is in
 * memory for the clients, and a slow Kafka fills it, which is what makes the server push back.
 *
 * <p>A request is admitted whole or not at all, so a batch never half-enters.
 */
public final class IngestQueue {

    public enum Admission { ADMITTED, FULL, CLOSED, TOO_LARGE }

    private final long maxRecords;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<PushRecord> queued = new ArrayDeque<>();
    private final List<Runnable> spaceListeners = new ArrayList<>();
    private long records;
    private long bytes;
    private boolean closed;

    public IngestQueue(long maxRecords, long maxBytes) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    /** Takes all of {@code batch} or none of it. TOO_LARGE: it could never fit, even into an empty queue. */
    public Admission offer(List<PushRecord> batch) {
        long batchBytes = 0;
        for (PushRecord r : batch) {
            batchBytes += r.bytes();
        }
        if (batch.size() > maxRecords || batchBytes > maxBytes) {
            return Admission.TOO_LARGE;
        }
        lock.lock();
        try {
            if (closed) {
                return Admission.CLOSED;
            }
            if (records + batch.size() > maxRecords || bytes + batchBytes > maxBytes) {
                return Admission.FULL;
            }
            records += batch.size();
            bytes += batchBytes;
            queued.addAll(batch);
            notEmpty.signal();
            return Admission.ADMITTED;
        } finally {
            lock.unlock();
        }
    }

    /** Up to {@code max} queued records, waiting up to {@code timeoutMs} for the first; no lingering. */
    public List<SourceRecord> drain(int max, long timeoutMs) throws InterruptedException {
        return drain(max, timeoutMs, 0);
    }

    /**
     * Up to {@code max} queued records, waiting up to {@code timeoutMs} for the first, then up to {@code lingerMs}
     * more for the queue to hold {@code max} (the producer's {@code linger.ms}, one level up): under exactly-once
     * source support a poll is a transaction and its clients are answered when it commits, so the clients answered
     * by the last commit, sending again a moment later, ride in this transaction rather than wait for the next.
     */
    public List<SourceRecord> drain(int max, long timeoutMs, long lingerMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (queued.isEmpty() && !closed) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            long linger = TimeUnit.MILLISECONDS.toNanos(lingerMs);
            while (queued.size() < max && !closed && linger > 0) {
                linger = notEmpty.awaitNanos(linger);
            }
            if (queued.isEmpty()) {
                return null;
            }
            List<SourceRecord> out = new ArrayList<>(Math.min(max, queued.size()));
            while (out.size() < max && !queued.isEmpty()) {
                out.add(queued.poll());
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Gives back the capacity of a record that Kafka acknowledged or that failed. */
    public void release(PushRecord record) {
        List<Runnable> listeners;
        lock.lock();
        try {
            records--;
            bytes -= record.bytes();
            if (spaceListeners.isEmpty()) {
                return;
            }
            listeners = List.copyOf(spaceListeners);
            spaceListeners.clear();
        } finally {
            lock.unlock();
        }
        listeners.forEach(Runnable::run);
    }

    /**
     * Runs {@code listener} once, when capacity is next given back or the queue closes (at once if the queue is not
     * full now, or closed). WebSocket connections that stopped reading use it to start again, or, once the task is
     * stopping, to answer the frame they hold (nobody else knows of it: it was never admitted).
     */
    public void whenSpace(Runnable listener) {
        lock.lock();
        try {
            if (closed || records < maxRecords && bytes < maxBytes) {
                listener.run();
                return;
            }
            spaceListeners.add(listener);
        } finally {
            lock.unlock();
        }
    }

    /**
     * What closing left: the queued records (not yet polled), to be failed, and the space listeners, to be run once
     * they are (so that whoever waits for room hears after the answers to what was admitted, not never).
     */
    public record Closed(List<PushRecord> left, List<Runnable> spaceListeners) {
    }

    /** Refuses new records and takes out the queued ones and the space listeners, for the caller to answer. */
    public Closed close() {
        lock.lock();
        try {
            closed = true;
            List<PushRecord> left = new ArrayList<>(queued);
            queued.clear();
            List<Runnable> listeners = List.copyOf(spaceListeners);
            spaceListeners.clear();
            notEmpty.signalAll();
            return new Closed(left, listeners);
        } finally {
            lock.unlock();
        }
    }

    public long records() {
        lock.lock();
        try {
            return records;
        } finally {
            lock.unlock();
        }
    }

    public long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
