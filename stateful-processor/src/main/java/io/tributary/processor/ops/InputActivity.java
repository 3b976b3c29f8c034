package io.tributary.processor.ops;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * When the first step of any job of an application last took an event from its input topics, per application id
 * (one JVM may hold a processor and tests' drivers). Idle close asks it: a task whose own input is quiet while
 * earlier steps are still busy (a backlog being worked through, records waiting in an open transaction) is not idle,
 * whatever the wall clock says.
 */
public final class InputActivity {

    private static final ConcurrentMap<String, AtomicLong> LAST = new ConcurrentHashMap<>();

    private InputActivity() {
    }

    public static void touch(String applicationId, long nowMs) {
        // Set, not maxed: the clocks are the same wall clock, except in tests, whose drivers each start their own.
        LAST.computeIfAbsent(applicationId, k -> new AtomicLong()).set(nowMs);
    }

    /** The wall-clock time of the last event taken, 0 when none was. */
    public static long last(String applicationId) {
        AtomicLong last = LAST.get(applicationId);
        return last == null ? 0 : last.get();
    }
}
