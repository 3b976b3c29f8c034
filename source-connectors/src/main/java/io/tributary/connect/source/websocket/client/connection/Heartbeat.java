package io.tributary.connect.source.websocket.client.connection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Pings a connection every interval, one Ping outstanding at a time, and calls {@code missed} once a Ping has gone
 * {@code timeoutMs} without a Pong. While the connection is paused (the task's queue is full, so the client reads
 * nothing, Pongs included) it neither pings nor judges; after a pause the clock starts again. Times are monotonic
 * ({@link System#nanoTime}), so a wall-clock step cannot fake a timeout.
 */
final class Heartbeat {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private static final long NONE = Long.MIN_VALUE;

    private final ScheduledExecutorService scheduler;
    private final long intervalMs;
    private final long timeoutMs;
    private final Runnable ping;
    private final BooleanSupplier paused;
    private final Runnable missed;
    private volatile long pingSentAtNanos = NONE;
    private volatile ScheduledFuture<?> beating;
    private volatile boolean stopped;

    /**
     * @param ping   sends a Ping
     * @param paused true while the connection reads nothing
     * @param missed called (once) when a Pong is overdue
     */
    Heartbeat(ScheduledExecutorService scheduler, long intervalMs, long timeoutMs, Runnable ping,
              BooleanSupplier paused, Runnable missed) {
        this.scheduler = scheduler;
        this.intervalMs = intervalMs;
        this.timeoutMs = timeoutMs;
        this.ping = ping;
        this.paused = paused;
        this.missed = missed;
    }

    /** Starts pinging, unless the interval is 0. */
    void start() {
        if (intervalMs <= 0) {
            return;
        }
        try {
            beating = scheduler.scheduleWithFixedDelay(this::beat, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("No heartbeat: the task is stopping");
        }
    }

    /** A Pong came: the connection is alive. */
    void pong() {
        pingSentAtNanos = NONE;
    }

    /** Reading resumed after a pause: a Pong may have waited behind the messages, so the clock starts again. */
    void resumed() {
        pingSentAtNanos = NONE;
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> current = beating;
        if (current != null) {
            current.cancel(false);
        }
    }

    private void beat() {
        if (stopped || paused.getAsBoolean()) {
            return;
        }
        if (pingSentAtNanos != NONE) {
            check();
            return;
        }
        pingSentAtNanos = System.nanoTime();
        ping.run();
        try {
            scheduler.schedule(this::check, timeoutMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("No Pong check: the task is stopping");
        }
    }

    private void check() {
        long sent = pingSentAtNanos;
        if (!stopped && !paused.getAsBoolean() && sent != NONE
                && System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(timeoutMs)) {
            stop();
            missed.run();
        }
    }
}
