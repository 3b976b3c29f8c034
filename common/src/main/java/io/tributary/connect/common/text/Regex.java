package io.tributary.connect.common.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compiled regex that reuses one {@link Matcher} per thread: a fresh matcher per record allocates its group
 * arrays (and, for bounded repeats, hash sets) every time, which showed as most of the garbage of a validation.
 */
public final class Regex {

    private final Pattern pattern;
    private final ThreadLocal<Matcher> matcher;

    public Regex(Pattern pattern) {
        this.pattern = pattern;
        this.matcher = ThreadLocal.withInitial(() -> pattern.matcher(""));
    }

    public static Regex compile(String regex) {
        return new Regex(Pattern.compile(regex));
    }

    /** Whether the pattern occurs anywhere in {@code text}. */
    public boolean find(CharSequence text) {
        return matcher.get().reset(text).find();
    }

    public Pattern pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
