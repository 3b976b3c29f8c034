package io.tributary.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@code up} and {@code demo} stop: each part registers a stop step as it starts, and {@link #run} stops them in
 * the reverse order (the processor and any extra worker before the worker, the worker before the broker it writes
 * to), then the JVM exits and its shutdown hooks run (Connect's own, already a no-op then; Log4j's). A watchdog bounds
 * all of it: past {@link #bound()} it prints which part had not stopped and halts the JVM with
 * {@link ExitCodes#STOP_TIMED_OUT}, so no broker or worker that hangs in its shutdown can keep the process alive.
 */
final class StopSequence {

    /**
     * Test-only: the name of a step that then never finishes, so a test can see the watchdog cut it off. Nothing
     * sets it outside the launcher's integration tests.
     */
    static final String BLOCK_STEP_PROPERTY = "tributary.test.block.stop.step";
    static final Duration DEFAULT_BOUND = Duration.ofSeconds(30);

    private record Step(String name, Runnable stop) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private final Duration bound;
    private final PrintStream err;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile String current = "nothing yet";

    StopSequence(Duration bound, PrintStream err) {
        this.bound = bound;
        this.err = err;
    }

    /** The bound from TRIBUTARY_STOP_TIMEOUT (whole seconds, at least 1), else {@link #DEFAULT_BOUND}. */
    static Duration boundFromEnvironment() {
        String value = System.getenv("TRIBUTARY_STOP_TIMEOUT");
        if (value == null || value.isBlank()) {
            return DEFAULT_BOUND;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 1) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("TRIBUTARY_STOP_TIMEOUT must be a whole number of seconds, at least 1 (is '"
                + value + "')");
    }

    Duration bound() {
        return bound;
    }

    /** Registers how to stop a part that has just started; stopped before every part registered earlier. */
    synchronized void add(String name, Runnable stop) {
        steps.push(new Step(name, stop));
    }

    /** Whether {@link #run} has begun: whoever began it ends the JVM. */
    boolean started() {
        return started.get();
    }

    /**
     * Stops every registered part, last started first, under the watchdog. A step that throws is reported and the
     * next one runs. Returns false (at once) when a stop is already under way elsewhere. The watchdog keeps watching
     * after this returns, so the JVM's shutdown hooks that run on the exit that follows are bounded too.
     */
    boolean run() {
        if (!started.compareAndSet(false, true)) {
            return false;
        }
        long deadline = System.nanoTime() + bound.toNanos();
        Thread watchdog = new Thread(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(deadline - System.nanoTime());
            } catch (InterruptedException e) {
                return;
            }
            err.println("tributary: not stopped within " + bound.toSeconds() + " s (TRIBUTARY_STOP_TIMEOUT): "
                    + current + " had not stopped; halting (exit " + ExitCodes.STOP_TIMED_OUT + ")");
            err.flush();
            Runtime.getRuntime().halt(ExitCodes.STOP_TIMED_OUT);
        }, "tributary-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        for (Step step = next(); step != null; step = next()) {
            current = "the " + step.name();
            try {
                blockIfAsked(step.name());
                step.stop().run();
            } catch (RuntimeException e) {
                err.println("tributary: stopping the " + step.name() + " failed: " + e);
            }
        }
        current = "the JVM's shutdown hooks (Connect's, Log4j's)";
        return true;
    }

    private synchronized Step next() {
        return steps.poll();
    }

    private static void blockIfAsked(String step) {
        if (step.equals(System.getProperty(BLOCK_STEP_PROPERTY))) {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
