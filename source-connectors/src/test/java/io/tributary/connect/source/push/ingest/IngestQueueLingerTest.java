package io.tributary.connect.source.push.ingest;

import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link IngestQueue#drain(int, long, long)}: a poll that lingers for more events once one is queued, so that one
 * exactly-once transaction carries the requests of the clients just answered too.
 */
class IngestQueueLingerTest {

    private static final long LONG_MS = TimeUnit.MINUTES.toMillis(5);

    private final IngestQueue queue = new IngestQueue(1_000, 1 << 20);
    private final ExecutorService poller = Executors.newSingleThreadExecutor();
    private final List<Thread> pollerThread = new ArrayList<>();

    @AfterEach
    void stop() {
        poller.shutdownNow();
    }

    @Test
    void withoutLingerHandsOverWhatIsQueuedAtOnce() throws Exception {
        queue.offer(records(2));

        assertThat(queue.drain(10, LONG_MS, 0)).hasSize(2);
    }

    @Test
    void lingersUntilTheBatchIsFullWhenEventsArriveAfterTheFirst() throws Exception {
        queue.offer(records(1));
        Future<List<SourceRecord>> polled = pollInBackground(3, LONG_MS);
        awaitWaiting();

        queue.offer(records(1));
        queue.offer(records(1));

        // Without the linger the poll would have returned the first event alone, before the other two came.
        assertThat(polled.get(1, TimeUnit.MINUTES)).hasSize(3);
        assertThat(queue.drain(10, 0, 0)).isNull();
    }

    @Test
    void handsOverWhatCameWhenTheLingerEnds() throws Exception {
        queue.offer(records(2));

        assertThat(queue.drain(10, LONG_MS, 1)).hasSize(2);
    }

    @Test
    void takesNoMoreThanTheBatchAndLeavesTheRestQueued() throws Exception {
        queue.offer(records(5));

        assertThat(queue.drain(3, LONG_MS, LONG_MS)).hasSize(3);
        assertThat(queue.drain(3, LONG_MS, 0)).hasSize(2);
    }

    @Test
    void closingEndsTheLingerAndLeavesTheQueuedEventsToTheCloser() throws Exception {
        queue.offer(records(1));
        Future<List<SourceRecord>> polled = pollInBackground(3, LONG_MS);
        awaitWaiting();

        IngestQueue.Closed closed = queue.close();

        assertThat(polled.get(1, TimeUnit.MINUTES)).isNull();
        assertThat(closed.left()).hasSize(1);
    }

    private Future<List<SourceRecord>> pollInBackground(int max, long lingerMs) {
        return poller.submit(() -> {
            synchronized (pollerThread) {
                pollerThread.add(Thread.currentThread());
            }
            return queue.drain(max, LONG_MS, lingerMs);
        });
    }

    /** Until the poller waits inside the linger (it took the lock and found fewer than it may take). */
    private void awaitWaiting() throws InterruptedException {
        while (true) {
            synchronized (pollerThread) {
                if (!pollerThread.isEmpty() && pollerThread.get(0).getState() == Thread.State.TIMED_WAITING) {
                    return;
                }
            }
            Thread.sleep(1);
        }
    }

    private static List<PushRecord> records(int n) {
        Outcomes outcomes = new Outcomes(n);
        List<PushRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PushRecord("events", null, null, null, "{\"n\":" + i + "}", null, List.of(), outcomes, i,
                    10, System.nanoTime()));
        }
        return out;
    }
}
