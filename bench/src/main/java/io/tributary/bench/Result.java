package io.tributary.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One measured subject: how many records in how long (and the topic it used). Reported as a rate only when
 * {@link Span} allows it; every line shows the record count and span measured.
 */
public record Result(String subject, long records, double seconds, String topic) {

    public double rate() {
        return records / seconds;
    }

    /** Whether its span is long enough to be reported as a rate ({@link Span#measurable}). */
    public boolean measurable() {
        return Span.measurable(seconds);
    }

    /** "200,000 records over 0.03 s". */
    public String over() {
        return Span.over(records, seconds, "records");
    }

    /** "  subject   1,000,000 records over 2.73 s   366,435 rec/s", or the span and why no rate; notes a refusal. */
    public String line() {
        if (!measurable()) {
            Span.refuse(subject + ": " + over());
            return String.format(Locale.ROOT, "  %-40s %,10d records over %7.2f s   %s", subject, records, seconds,
                    Span.tooShort());
        }
        return String.format(Locale.ROOT, "  %-40s %,10d records over %7.2f s %,10.0f rec/s", subject, records,
                seconds, rate());
    }

    /**
     * "subject / reference = 0.83 (target >= 0.70: met)", or, when either was measured over too short a span,
     * the ratio refused (and noted) with the spans that were too short.
     */
    public static String ratio(Result subject, Result reference, double target) {
        String name = subject.subject() + " / " + reference.subject();
        String refusal = refusal(name, subject, reference);
        if (refusal != null) {
            return refusal;
        }
        double ratio = subject.rate() / reference.rate();
        return String.format(Locale.ROOT, "  %-72s %5.2f   target >= %.2f: %s", name, ratio, target,
                ratio >= target ? "met" : "MISSED");
    }

    /** "0.83", or "refused" when either was measured over too short a span (not noted: for per-pass columns). */
    public static String ratioValue(Result subject, Result reference) {
        return subject.measurable() && reference.measurable()
                ? String.format(Locale.ROOT, "%.2f", subject.rate() / reference.rate()) : "refused";
    }

    /**
     * Null when every one of {@code results} may be reported; else the line that refuses the figure {@code name}
     * built on them (noted as refused), naming the spans that were too short.
     */
    public static String refusal(String name, Result... results) {
        List<Result> tooShort = Stream.of(results).filter(r -> !r.measurable()).toList();
        if (tooShort.isEmpty()) {
            return null;
        }
        Span.refuse(name);
        return String.format(Locale.ROOT, "  %-72s refused: %s; %s", name,
                tooShort.stream().map(r -> r.subject() + " " + r.over()).collect(Collectors.joining(", ")),
                Span.tooShort());
    }

    /** "  what   1,000,000 records over 7.61 s   131,400 events/s   target >= 150,000: MISSED", or refused. */
    public static String target(String what, Result result, double target, String unit) {
        String refusal = refusal(what, result);
        if (refusal != null) {
            return refusal;
        }
        return String.format(Locale.ROOT, "  %-58s %s   %,10.0f %s   target >= %,.0f: %s", what, result.over(),
                result.rate(), unit, target, result.rate() >= target ? "met" : "MISSED");
    }

    /** Per position, the run with the median rate: noisy shared machines make single runs unreliable. */
    public static Result[] medians(List<Result[]> runs) {
        Result[] medians = new Result[runs.get(0).length];
        for (int i = 0; i < medians.length; i++) {
            int position = i;
            Result[] column = runs.stream().map(run -> run[position]).sorted(Comparator.comparingDouble(Result::rate))
                    .toArray(Result[]::new);
            medians[i] = column[column.length / 2];
        }
        return medians;
    }

    @Override
    public String toString() {
        return subject + ": " + over() + " " + Arrays.toString(new Object[] {topic});
    }
}
