package io.tributary.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A demo's summary: a line per count with what it should be, and the counts (and connectors) that are off. */
final class DemoSummary {

    private final PrintStream out;
    private final List<String> failures = new ArrayList<>();

    DemoSummary(PrintStream out) {
        this.out = out;
    }

    /** Prints {@code what}: {@code actual} {@code = } or {@code != expected}, then the note; a mismatch is a failure. */
    void line(String what, long actual, long expected, String note) {
        boolean ok = actual == expected;
        out.printf("  %-24s %,10d  %s %s%n", what, actual, ok ? "= " : "!= " + String.format("%,d", expected), note);
        if (!ok) {
            failures.add(what.trim() + " is " + actual + ", expected " + expected);
        }
    }

    void fail(String failure) {
        failures.add(failure);
    }

    /** Every task of each connector must be RUNNING at the end. */
    void checkTasks(ConnectClient connect, List<String> connectors) throws IOException, InterruptedException {
        for (String connector : connectors) {
            String states = connect.taskStates(connector);
            if (!states.matches("(RUNNING,?)+")) {
                failures.add("connector " + connector + " tasks are " + states);
            }
        }
    }

    boolean reconciled() {
        return failures.isEmpty();
    }

    /** The last line: every event accounted for (0), or which counts failed (1). */
    int verdict() {
        if (failures.isEmpty()) {
            out.println("Every event is accounted for.");
            return 0;
        }
        out.println("The demo FAILED to reconcile: " + String.join("; ", failures));
        return 1;
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
