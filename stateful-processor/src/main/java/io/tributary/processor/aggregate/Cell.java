package io.tributary.processor.aggregate;

import io.tributary.processor.config.JobSpec;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The running state of one aggregation in one window: added to event by event, merged when session windows
 * merge, written to the window store in binary. Every state is mergeable: sums and counts exactly, the standard
 * deviation by Chan's parallel formula, percentiles by a KLL sketch, distinct counts by a HyperLogLog sketch
 * (Apache DataSketches; their error bounds are stated in docs/processor.md).
 */
abstract class Cell {

    /** KLL accuracy: k=200 keeps the normalized rank error near 1.65% (99% confidence). */
    static final int KLL_K = 200;
    /** HLL size: 2^12 buckets, about 1.6% relative standard error, 2.6 KB per window at most. */
    static final int HLL_LG_K = 12;

    abstract void add(Observation o, int index);

    abstract void merge(Cell other);

    /** The value written to the window's output. */
    abstract Object result();

    abstract void write(DataOutputStream out) throws IOException;

    static Cell create(JobSpec.Aggregation a) {
        return switch (a.function()) {
            case COUNT -> new Count(a.field() == null);
            case SUM, AVG, MIN, MAX, STDDEV -> new Moments(a.function());
            case PERCENTILES -> new Percentiles(a.ranks(), KllDoublesSketch.newHeapInstance(KLL_K));
            case DISTINCT -> new Distinct(new HllSketch(HLL_LG_K));
            case FIRST, LAST -> new Pick(a.function() == JobSpec.Function.FIRST);
        };
    }

    static Cell read(JobSpec.Aggregation a, DataInputStream in) throws IOException {
        switch (a.function()) {
            case COUNT: {
                Count c = new Count(a.field() == null);
                c.n = in.readLong();
                return c;
            }
            case SUM: case AVG: case MIN: case MAX: case STDDEV: {
                Moments m = new Moments(a.function());
                m.n = in.readLong();
                m.sum = in.readDouble();
                m.min = in.readDouble();
                m.max = in.readDouble();
                m.mean = in.readDouble();
                m.m2 = in.readDouble();
                return m;
            }
            case PERCENTILES:
                return new Percentiles(a.ranks(), KllDoublesSketch.heapify(Memory.wrap(Binary.readBytes(in))));
            case DISTINCT:
                return new Distinct(HllSketch.heapify(Binary.readBytes(in)));
            default: {
                Pick p = new Pick(a.function() == JobSpec.Function.FIRST);
                p.time = in.readLong();
                p.value = Binary.readText(in);
                return p;
            }
        }
    }

    /** Events, or non-null values of a field. */
    static final class Count extends Cell {
        private final boolean events;
        long n;

        Count(boolean events) {
            this.events = events;
        }

        @Override
        void add(Observation o, int index) {
            if (events || o.texts[index] != null) {
                n++;
            }
        }

        @Override
        void merge(Cell other) {
            n += ((Count) other).n;
        }

        @Override
        Object result() {
            return n;
        }

        @Override
        void write(DataOutputStream out) throws IOException {
            out.writeLong(n);
        }
    }

    /** Sum, average, minimum, maximum and (population) standard deviation of a numeric field, from one state. */
    static final class Moments extends Cell {
        private final JobSpec.Function function;
        long n;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double mean;
        double m2;

        Moments(JobSpec.Function function) {
            this.function = function;
        }

        @Override
        void add(Observation o, int index) {
            double x = o.numbers[index];
            if (Double.isNaN(x)) {
                return;
            }
            n++;
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
            // Welford's update: numerically stable for long windows.
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        @Override
        void merge(Cell other) {
            Moments b = (Moments) other;
            if (b.n == 0) {
                return;
            }
            if (n == 0) {
                n = b.n;
                sum = b.sum;
                min = b.min;
                max = b.max;
                mean = b.mean;
                m2 = b.m2;
                return;
            }
            long total = n + b.n;
            double delta = b.mean - mean;
            m2 = m2 + b.m2 + delta * delta * n * b.n / total;
            mean = mean + delta * b.n / total;
            n = total;
            sum += b.sum;
            min = Math.min(min, b.min);
            max = Math.max(max, b.max);
        }

        @Override
        Object result() {
            if (n == 0) {
                return function == JobSpec.Function.SUM ? 0.0 : null;
            }
            return switch (function) {
                case SUM -> sum;
                case AVG -> sum / n;
                case MIN -> min;
                case MAX -> max;
                default -> Math.sqrt(m2 / n);
            };
        }

        @Override
        void write(DataOutputStream out) throws IOException {
            out.writeLong(n);
            out.writeDouble(sum);
            out.writeDouble(min);
            out.writeDouble(max);
            out.writeDouble(mean);
            out.writeDouble(m2);
        }
    }

    static final class Percentiles extends Cell {
        private final List<Double> ranks;
        private final KllDoublesSketch sketch;

        Percentiles(List<Double> ranks, KllDoublesSketch sketch) {
            this.ranks = ranks;
            this.sketch = sketch;
        }

        @Override
        void add(Observation o, int index) {
            double x = o.numbers[index];
            if (!Double.isNaN(x)) {
                sketch.update(x);
            }
        }

        @Override
        void merge(Cell other) {
            sketch.merge(((Percentiles) other).sketch);
        }

        @Override
        Object result() {
            Map<String, Object> out = new LinkedHashMap<>();
            for (double rank : ranks) {
                out.put(label(rank), sketch.isEmpty() ? null
                        : sketch.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE));
            }
            return out;
        }

        /** 0.5 → p50, 0.95 → p95, 0.999 → p99.9. */
        static String label(double rank) {
            String text = String.format(Locale.ROOT, "%.4f", rank * 100).replaceAll("0+$", "").replaceAll("\\.$", "");
            return "p" + text;
        }

        @Override
        void write(DataOutputStream out) throws IOException {
            Binary.writeBytes(out, sketch.toByteArray());
        }
    }

    static final class Distinct extends Cell {
        private HllSketch sketch;

        Distinct(HllSketch sketch) {
            this.sketch = sketch;
        }

        @Override
        void add(Observation o, int index) {
            String x = o.texts[index];
            if (x != null) {
                sketch.update(x);
            }
        }

        @Override
        void merge(Cell other) {
            Union union = new Union(HLL_LG_K);
            union.update(sketch);
            union.update(((Distinct) other).sketch);
            sketch = union.getResult();
        }

        @Override
        Object result() {
            return Math.round(sketch.getEstimate());
        }

        @Override
        void write(DataOutputStream out) throws IOException {
            Binary.writeBytes(out, sketch.toCompactByteArray());
        }
    }

    /** The value of the earliest (or latest) event by event time; on a tie the first (or last) to arrive. */
    static final class Pick extends Cell {
        private final boolean first;
        long time = Long.MIN_VALUE;
        String value;

        Pick(boolean first) {
            this.first = first;
        }

        @Override
        void add(Observation o, int index) {
            String x = o.texts[index];
            if (x != null) {
                take(o.time, x);
            }
        }

        private void take(long t, String x) {
            if (time == Long.MIN_VALUE || (first ? t < time : t >= time)) {
                time = t;
                value = x;
            }
        }

        @Override
        void merge(Cell other) {
            Pick b = (Pick) other;
            if (b.value != null) {
                take(b.time, b.value);
            }
        }

        @Override
        Object result() {
            return value;
        }

        @Override
        void write(DataOutputStream out) throws IOException {
            out.writeLong(time);
            Binary.writeText(out, value);
        }
    }
}
