package io.tributary.bench.push;

import java.util.Arrays;

/**
 * Every latency of a run, kept whole and sorted at the end for exact percentiles (as the processor's latency
 * benchmark does): a few million longs at most. HdrHistogram would do, but it is only on the bench's runtime
 * classpath (through the broker), not a declared dependency.
 */
final class Latencies {

    private long[] micros = new long[1 << 16];
    private int count;
    private boolean sorted;

    synchronized void add(long valueMicros) {
        if (count == micros.length) {
            micros = Arrays.copyOf(micros, count * 2);
        }
        micros[count++] = valueMicros;
        sorted = false;
    }

    /** The latency at quantile {@code q} (0.5, 0.99, 1.0) in milliseconds; 0 when nothing was recorded. */
    synchronized double millisAt(double q) {
        if (count == 0) {
            return 0;
        }
        if (!sorted) {
            Arrays.sort(micros, 0, count);
            sorted = true;
        }
        return micros[Math.max(0, (int) Math.ceil(q * count) - 1)] / 1000.0;
    }
}
