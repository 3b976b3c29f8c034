package io.tributary.cluster;

import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client pushing demo events to a push source on every worker, as a user's client behind a list of addresses
 * does: it sends a batch to its current worker and, on connection refused, 503, a timeout or a closed connection,
 * moves to the next address and sends the same batch again (same event ids) until one acknowledges it. Only
 * acknowledged events are recorded: those the pipeline must hold. It also keeps the longest time between two
 * acknowledgements — the ingestion gap a rolling restart costs this client — and writes each failure (why: refused,
 * the status, the close code, the nack, no answer in time) and each recovery to the {@link Timeline}, so the longest
 * gap can be told as what happened.
 */
abstract class PushClient implements AutoCloseable {

    static final int BATCH = 5;
    private static final long PAUSE_MS = 100;

    private final String name;
    private final List<Integer> ports;
    private final EventGenerator events;
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final Timeline timeline;
    private final AtomicLong longestGapNanos = new AtomicLong();
    private volatile long longestGapFrom;
    private volatile long longestGapTo;
    private final AtomicInteger failovers = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable died;
    private volatile int current;

    /** {@code seed}: the generator's, so two clients never send the same event id. */
    PushClient(String name, List<Integer> ports, long seed, Timeline timeline) {
        this.name = name;
        this.timeline = timeline;
        this.ports = List.copyOf(ports);
        // Valid, unique events paced at the client's own rate, so their event time keeps with the wall clock.
        this.events = new EventGenerator(new GeneratorSettings(Long.MAX_VALUE, 1_000.0 * BATCH / PAUSE_MS, 0, 0, 0, 0,
                0, 1_000, seed, EnumSet.allOf(io.tributary.generator.Scenario.class)), Instant.now());
        this.current = (int) (seed % ports.size());
        this.thread = new Thread(this::run, "push-client-" + name);
        thread.setDaemon(true);
    }

    PushClient start() {
        thread.start();
        return this;
    }

    /**
     * Sends one batch to the push source on {@code port}; null only when the server acknowledged every event in it
     * as written to Kafka, otherwise why not. Any outcome but null (an exception included) means: try the next
     * worker.
     */
    protected abstract String send(int port, List<String> events, List<String> ids) throws Exception;

    /** Notes an event of this client's connection (opened, closed) in the timeline. */
    protected void note(String what) {
        timeline.add(name, what);
    }

    /** "worker-N (port P)": the push sources' ports are listed in worker order. */
    protected String worker(int port) {
        return "worker-" + ports.indexOf(port) + " (port " + port + ")";
    }

    /** Drops the connection to the current worker, if the protocol keeps one. */
    protected void disconnect() {
    }

    private void run() {
        long lastAck = System.nanoTime();
        long lastAckMillis = System.currentTimeMillis();
        boolean failing = false;
        try {
            while (running) {
                List<String> lines = new ArrayList<>(BATCH);
                List<String> ids = new ArrayList<>(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    GeneratedEvent event = events.next();
                    lines.add(new String(event.bytes(), StandardCharsets.UTF_8));
                    ids.add(event.eventId());
                }
                while (true) {
                    int port = ports.get(current);
                    String failure;
                    try {
                        failure = send(port, lines, ids);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failure = describe(e);
                    }
                    if (failure == null) {
                        boolean first = acked.isEmpty();
                        acked.addAll(ids);
                        long now = System.nanoTime();
                        long nowMillis = System.currentTimeMillis();
                        // Gaps between acknowledgements: the wait for the very first one is the start, not a gap.
                        if (!first && now - lastAck > longestGapNanos.get()) {
                            longestGapNanos.set(now - lastAck);
                            longestGapFrom = lastAckMillis;
                            longestGapTo = nowMillis;
                        }
                        if (failing) {
                            note("acknowledged by " + worker(port) + ", " + (now - lastAck) / 1_000_000
                                    + " ms after the last acknowledgement");
                            failing = false;
                        }
                        lastAck = now;
                        lastAckMillis = nowMillis;
                        break;
                    }
                    failing = true;
                    disconnect();
                    failovers.incrementAndGet();
                    current = (current + 1) % ports.size();
                    note(worker(port) + ": " + failure + "; next: " + worker(ports.get(current)));
                    if (!running) {
                        return;
                    }
                    Thread.sleep(50);
                }
                Thread.sleep(PAUSE_MS);
            }
        } catch (InterruptedException e) {
            // stopping
        } catch (Throwable t) {
            died = t;
        }
    }

    String name() {
        return name;
    }

    /** The worker (index in the port list) this client sends to now. */
    int currentWorker() {
        return current;
    }

    /** An exception as a failure reason: its class and message, and its cause's. */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 300; t = t.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName()).append(t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        return b.toString();
    }

    /** The longest gap's start (the acknowledgement before it) and end, as epoch milliseconds. */
    long[] longestGapSpan() {
        return new long[]{longestGapFrom, longestGapTo};
    }

    /** The ids of every event a worker acknowledged. */
    Set<String> acked() {
        return acked;
    }

    Duration longestGap() {
        return Duration.ofNanos(longestGapNanos.get());
    }

    int failovers() {
        return failovers.get();
    }

    /** Stops sending (a batch in flight is finished or abandoned unacknowledged) and closes the connection. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(60_000);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(10_000);
        }
        disconnect();
        if (died != null) {
            throw new AssertionError("client " + name + " died", died);
        }
    }
}
