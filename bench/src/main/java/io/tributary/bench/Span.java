package io.tributary.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one rule for what a benchmark may report as a rate: a figure measured over less than {@link #MIN_SECONDS} is
 * refused (its span and record count are printed instead, with what to do), every ratio built on a refused figure is
 * refused with it, and {@link BenchMain} ends with a summary of the refusals and a non-zero exit status.
 *
 * <p>Why a span of 1 s, and only a span: every error a rate here carries is a time, not a count. The ends of a span
 * are found by loops that look every 100-200 ms (consumer polls of 200 ms, committed-offset checks every 100 ms with
 * {@code commit.interval.ms=100}, the file source's {@code finished/} check), sinks commit in steps (the file sink
 * every 100,000 records: a 200,000-record run measured the file sink over two commits 0.03 s apart and printed
 * 5,073,475 records/s), record timestamps have 1 ms resolution, and one young collection of this JVM took up to 0.55 s
 * here. Over a second those cost a tenth or two of the figure; below it they are the figure. A record minimum would
 * add nothing the span does not already bound (a few records over a long span are a slow rate, honestly measured,
 * as the listener's single events over their fixed 20 s), and a longer floor would refuse the fastest subjects of the
 * default runs (the raw consumer reads the file bench's 900,000 measured records in about 1.1 s), whose figures agree
 * from pass to pass.
 */
public final class Span {

    /** The shortest span reported as a rate. */
    public static final double MIN_SECONDS = 1.0;

    private static final Set<String> REFUSED = new LinkedHashSet<>();
    private static volatile String moreRecords = "--records N";

    private Span() {
    }

    /** Whether a figure measured over {@code seconds} may be reported as a rate. */
    public static boolean measurable(double seconds) {
        return Double.isFinite(seconds) && seconds >= MIN_SECONDS;
    }

    /** The option that makes the running benchmark's spans longer ({@code --records N}, {@code --rows N}, ...). */
    public static void moreRecordsWith(String option) {
        moreRecords = option;
    }

    /** "too short to measure: run with more records (--records N)". */
    public static String tooShort() {
        return "too short to measure: run with more records (" + moreRecords + ")";
    }

    /** "200,000 records over 0.03 s": what every rate line shows of its measurement. */
    public static String over(long records, double seconds, String unit) {
        return String.format(Locale.ROOT, "%,d %s over %.2f s", records, unit, seconds);
    }

    /** Notes that {@code figure} (a subject, a ratio) was printed as refused; repeats are noted once. */
    public static synchronized void refuse(String figure) {
        REFUSED.add(figure);
    }

    /** The figures refused so far, in the order first refused. */
    public static synchronized List<String> refused() {
        return new ArrayList<>(REFUSED);
    }

    /** The closing lines of a run with refusals (none without). */
    public static synchronized List<String> summary() {
        List<String> lines = new ArrayList<>();
        if (!REFUSED.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "REFUSED %d figure(s) measured over less than %.0f s: %s",
                    REFUSED.size(), MIN_SECONDS, tooShort()));
            REFUSED.forEach(f -> lines.add("  " + f));
        }
        return lines;
    }

    /** Forgets the refusals (tests). */
    static synchronized void clear() {
        REFUSED.clear();
    }
}
