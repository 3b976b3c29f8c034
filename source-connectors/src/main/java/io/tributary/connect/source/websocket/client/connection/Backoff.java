package io.tributary.connect.source.websocket.client.connection;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with full jitter: before attempt {@code n} (0-based) the wait is drawn uniformly from
 * {@code [0, min(max, initial * 2^n)]}, so tasks that lost their feed together do not come back in step.
 *
 * <p>Hand-written because the libraries at hand do not offer full jitter: resilience4j's randomized backoff spreads
 * by a factor below 1 around the exponential value, and common's {@code RetryPolicy} by ±20%.
 */
public final class Backoff {

    private final long initialMs;
    private final long maxMs;
    private final LongUnaryOperator random;

    /** @param random given a bound b ≥ 0, a value in [0, b] */
    Backoff(long initialMs, long maxMs, LongUnaryOperator random) {
        this.initialMs = initialMs;
        this.maxMs = Math.max(initialMs, maxMs);
        this.random = random;
    }

    public Backoff(long initialMs, long maxMs) {
        this(initialMs, maxMs, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** The bound of the wait before attempt {@code attempt}: {@code initial * 2^attempt}, at most max. */
    long boundMs(int attempt) {
        long bound = Math.min(initialMs, maxMs);
        for (int i = 0; i < attempt && bound > 0 && bound < maxMs; i++) {
            bound = Math.min(maxMs, bound * 2);   // no overflow: bound < maxMs, and maxMs is a config value
        }
        return bound;
    }

    public long delayMs(int attempt) {
        return random.applyAsLong(boundMs(attempt));
    }
}
