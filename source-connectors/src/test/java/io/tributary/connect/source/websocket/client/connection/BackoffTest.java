package io.tributary.connect.source.websocket.client.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void theBoundDoublesPerAttemptUpToTheMaximum() {
        Backoff backoff = new Backoff(100, 1_000, bound -> bound);
        assertThat(backoff.delayMs(0)).isEqualTo(100);
        assertThat(backoff.delayMs(1)).isEqualTo(200);
        assertThat(backoff.delayMs(3)).isEqualTo(800);
        assertThat(backoff.delayMs(4)).isEqualTo(1_000);
        assertThat(backoff.delayMs(Integer.MAX_VALUE)).as("no overflow").isEqualTo(1_000);
    }

    @Test
    void theWaitIsDrawnFromZeroToTheBound() {
        Backoff backoff = new Backoff(100, 1_000);
        long shortest = Long.MAX_VALUE;
        long longest = 0;
        for (int i = 0; i < 2_000; i++) {
            long delay = backoff.delayMs(2);
            assertThat(delay).isBetween(0L, 400L);
            shortest = Math.min(shortest, delay);
            longest = Math.max(longest, delay);
        }
        assertThat(shortest).as("full jitter reaches down to 0").isLessThan(40);
        assertThat(longest).isGreaterThan(360);
    }

    @Test
    void zeroInitialBackoffReconnectsAtOnce() {
        assertThat(new Backoff(0, 1_000).delayMs(5)).isZero();
    }
}
