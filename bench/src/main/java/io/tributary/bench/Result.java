package io.tributary.bench;

import java.util.Locale;

/** One measured subject: how many records in how long. */
public record Result(String subject, long records, double seconds) {

    public double rate() {
        return records / seconds;
    }

    public String line() {
        return String.format(Locale.ROOT, "  %-46s %,10d records %8.2f s %,12.0f rec/s", subject, records, seconds, rate());
    }

    /** "subject / reference = 0.83 (target >= 0.70: met)". */
    public static String ratio(Result subject, Result reference, double target) {
        double ratio = subject.rate() / reference.rate();
        return String.format(Locale.ROOT, "  %-46s %5.2f   target >= %.2f: %s", subject.subject() + " / "
                + reference.subject(), ratio, target, ratio >= target ? "met" : "MISSED");
    }
}
