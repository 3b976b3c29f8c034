package io.tributary.connect.source.websocket.client.connection;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class FrameQueueTest {

    private static Frame text(long sequence, int bytes) {
        return new Frame("ws://h/1", sequence, 0, Frame.Kind.TEXT, "x".repeat(bytes), null, bytes, null, null);
    }

    @Test
    void belowBothBoundsTheNextMessageIsAskedForAtOnce() {
        FrameQueue queue = new FrameQueue(3, 1_000);
        queue.add(text(1, 10));
        assertThat(queue.roomOrWait(() -> { })).isTrue();
    }

    @Test
    void atTheMessageBoundTheRequestWaitsUntilATakeMakesRoom() throws Exception {
        FrameQueue queue = new FrameQueue(2, 1_000);
        AtomicInteger resumed = new AtomicInteger();
        queue.add(text(1, 10));
        queue.add(text(2, 10));
        assertThat(queue.roomOrWait(resumed::incrementAndGet)).isFalse();
        assertThat(resumed).hasValue(0);
        assertThat(queue.take(1, 0)).extracting(Frame::sequence).containsExactly(1L);
        assertThat(resumed).hasValue(1);
    }

    @Test
    void atTheByteBoundTheRequestWaitsToo() throws Exception {
        FrameQueue queue = new FrameQueue(100, 50);
        AtomicInteger resumed = new AtomicInteger();
        queue.add(text(1, 60));
        assertThat(queue.bytes()).isEqualTo(60);
        assertThat(queue.roomOrWait(resumed::incrementAndGet)).isFalse();
        queue.take(10, 0);
        assertThat(resumed).hasValue(1);
        assertThat(queue.bytes()).isZero();
    }

    @Test
    void takeReturnsInArrivalOrderAndWaitsOnlyForTheFirst() throws Exception {
        FrameQueue queue = new FrameQueue(10, 1_000);
        for (int i = 1; i <= 5; i++) {
            queue.add(text(i, 1));
        }
        assertThat(queue.take(3, 1_000)).extracting(Frame::sequence).containsExactly(1L, 2L, 3L);
        assertThat(queue.take(10, 1_000)).extracting(Frame::sequence).containsExactly(4L, 5L);
        long started = System.nanoTime();
        assertThat(queue.take(10, 50)).isEmpty();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(40_000_000L);
    }

    @Test
    void closingWakesATakeAndReleasesWaitingRequests() throws Exception {
        FrameQueue queue = new FrameQueue(1, 1_000);
        AtomicInteger resumed = new AtomicInteger();
        queue.add(text(1, 1));
        queue.roomOrWait(resumed::incrementAndGet);
        queue.close();
        assertThat(resumed).hasValue(1);
        queue.take(1, 0);
        long started = System.nanoTime();
        assertThat(queue.take(1, 5_000)).isEmpty();
        assertThat(System.nanoTime() - started).isLessThan(1_000_000_000L);
    }
}
