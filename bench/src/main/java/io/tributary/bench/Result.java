package io.tributary.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** One measured subject: how many records in how long (and the topic it used). */
public record Result(String subject, long records, double seconds, String topic) {

    public double rate() {
        return records / seconds;
    }

    public String line() {
        return String.format(Locale.ROOT, "  %-40s %,10d records %7.2f s %,10.0f rec/s", subject, records, seconds,
                rate());
    }

    /** "subject / reference = 0.83 (target >= 0.70: met)". */
    public static String ratio(Result subject, Result reference, double target) {
        double ratio = subject.rate() / reference.rate();
        return String.format(Locale.ROOT, "  %-72s %5.2f   target >= %.2f: %s",
                subject.subject() + " / " + reference.subject(), ratio, target, ratio >= target ? "met" : "MISSED");
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
        return line() + Arrays.toString(new Object[] {topic});
    }
}
