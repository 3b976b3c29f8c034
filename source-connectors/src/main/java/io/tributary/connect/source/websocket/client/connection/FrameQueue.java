package io.tributary.connect.source.websocket.client.connection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The messages a task's connections received and Connect has not yet taken, in arrival order, bounded in messages
 * and bytes.
 *
 * <p>Backpressure: a connection asks its WebSocket for the next message ({@code WebSocket.request(1)}) only when
 * {@link #roomOrWait} says the queue is below both bounds, and otherwise once {@link #take} has made room. A
 * connection with no outstanding request receives nothing, so the peer is held back by TCP flow control rather
 * than the queue growing. A message that has arrived is always accepted ({@link #add}): it is already in memory,
 * and refusing it would lose it. With one request outstanding per connection, the queue holds fewer than
 * {@code maxMessages} plus one message per connection, and fewer than {@code maxBytes} plus the bytes of one
 * message per connection.
 */
public final class FrameQueue {

    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final List<Runnable> waiting = new ArrayList<>();
    private long bytes;
    private int peakMessages;
    private long peakBytes;
    private boolean closed;

    public FrameQueue(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    public synchronized void add(Frame frame) {
        frames.addLast(frame);
        bytes += frame.sizeBytes();
        peakMessages = Math.max(peakMessages, frames.size());
        peakBytes = Math.max(peakBytes, bytes);
        notifyAll();
    }

    /**
     * True when there is room for another message now: the caller asks for it. Otherwise false, and
     * {@code onRoom} runs once there is room (on the thread that takes from the queue, or the one closing it).
     */
    public boolean roomOrWait(Runnable onRoom) {
        synchronized (this) {
            if (hasRoom() || closed) {
                return true;
            }
            waiting.add(onRoom);
            return false;
        }
    }

    /**
     * Takes up to {@code max} messages, waiting up to {@code waitMs} for the first; empty when none came (or the
     * queue was closed). Requests waiting for room run once the taking made some.
     */
    public List<Frame> take(int max, long waitMs) throws InterruptedException {
        List<Frame> taken = new ArrayList<>();
        List<Runnable> resumed = List.of();
        synchronized (this) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
            while (frames.isEmpty() && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            while (taken.size() < max && !frames.isEmpty()) {
                Frame frame = frames.removeFirst();
                bytes -= frame.sizeBytes();
                taken.add(frame);
            }
            if (!waiting.isEmpty() && hasRoom()) {
                resumed = new ArrayList<>(waiting);
                waiting.clear();
            }
        }
        resumed.forEach(Runnable::run);
        return taken;
    }

    /** Wakes a waiting {@link #take}, and lets every request through from now on: the task is stopping. */
    public void close() {
        List<Runnable> resumed;
        synchronized (this) {
            closed = true;
            resumed = new ArrayList<>(waiting);
            waiting.clear();
            notifyAll();
        }
        resumed.forEach(Runnable::run);
    }

    private boolean hasRoom() {
        return frames.size() < maxMessages && bytes < maxBytes;
    }

    public synchronized int size() {
        return frames.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** The most messages the queue has held at once. */
    public synchronized int peakMessages() {
        return peakMessages;
    }

    /** The most bytes the queue has held at once. */
    public synchronized long peakBytes() {
        return peakBytes;
    }
}
