package io.tributary.connect.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs the due work of several partitions at once (sends, inserts), at most {@code threads} at a time, waits for all
 * of them and returns their results in partition order. A partition's work runs on one thread at a time, so its
 * records stay in order; a single partition runs on the calling thread.
 *
 * <p>When some partitions fail, every partition still finishes first (what the others did is done and must be
 * accounted for), then one failure is thrown: a fatal one outweighs a retriable one (failing the task matters more
 * than backing off), and among equals the first partition's wins. Which failures are retriable, and what an
 * unexpected throwable (an interrupt, a checked exception, an error) becomes, is the connector's vocabulary.
 */
public final class PartitionFanOut implements AutoCloseable {

    /** One partition's work; may be interrupted when the task stops. */
    @FunctionalInterface
    public interface Work<P, R> {
        R run(P partition) throws Exception;
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService pool;
    private final Predicate<RuntimeException> retriable;
    private final Function<Throwable, RuntimeException> failure;

    /**
     * @param retriable which of the connector's failures are worth retrying
     * @param failure   what a throwable of a partition's work (or the interrupt of the waiting thread) becomes; the
     *                  connector's own exceptions are returned as they are
     */
    public PartitionFanOut(String threadName, int threads, Predicate<RuntimeException> retriable,
                           Function<Throwable, RuntimeException> failure) {
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, threadName + "-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.retriable = retriable;
        this.failure = failure;
    }

    /** The results of {@code work} for each of {@code partitions}, in their order; throws as the class says. */
    public <P, R> List<R> run(List<P> partitions, Work<P, R> work) {
        List<R> results = new ArrayList<>(partitions.size());
        if (partitions.size() == 1) {
            try {
                results.add(work.run(partitions.get(0)));
            } catch (RuntimeException e) {
                throw failure.apply(e);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw failure.apply(e);
            }
            return results;
        }
        List<Future<R>> running = new ArrayList<>(partitions.size());
        for (P partition : partitions) {
            running.add(pool.submit(() -> work.run(partition)));
        }
        RuntimeException thrown = null;
        for (Future<R> each : running) {
            try {
                results.add(each.get());
            } catch (ExecutionException e) {
                thrown = weightier(thrown, failure.apply(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure.apply(e);
            }
        }
        if (thrown != null) {
            throw thrown;
        }
        return results;
    }

    /** Of two failures (either may be null), the one to throw: the fatal one, else the one {@code kept} first. */
    public RuntimeException weightier(RuntimeException kept, RuntimeException next) {
        if (kept == null) {
            return next;
        }
        return next != null && retriable.test(kept) && !retriable.test(next) ? next : kept;
    }

    /** Whether {@code e} is one of the connector's retriable failures. */
    public boolean retriable(RuntimeException e) {
        return retriable.test(e);
    }

    /** Interrupts work still running (the task stops). */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
