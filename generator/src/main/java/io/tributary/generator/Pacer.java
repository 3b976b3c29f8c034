package io.tributary.generator;

import java.util.concurrent.TimeUnit;

/**
 * Spaces work to a target rate by its schedule (the n-th item is due at start + n / rate), so short stalls are
 * caught up rather than lost. Sleeps at most once every few items to keep the overhead low at high rates.
 */
public final class Pacer {

    private final double ratePerSecond;
    private final long startNanos = System.nanoTime();
    private long count;

    public Pacer(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    public void await() throws InterruptedException {
        count++;
        if (ratePerSecond <= 0) {
            return;
        }
        long dueNanos = startNanos + (long) (count * 1e9 / ratePerSecond);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 1_000_000L) {
            TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }
}
