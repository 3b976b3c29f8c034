package io.tributary.launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which event ids one of the demo's lines expected and did not find, and which it found without expecting them, as
 * multisets: an id expected twice (an event and its repeat) and found once is missing once; an id found twice where
 * it was expected once is there once unexpectedly. Each list keeps the order ids were first seen in.
 */
record EventIdDiff(List<String> missing, List<String> unexpected) {

    EventIdDiff {
        missing = Collections.unmodifiableList(missing);
        unexpected = Collections.unmodifiableList(unexpected);
    }

    static EventIdDiff of(Iterable<String> expected, Iterable<String> found) {
        // expected occurrences minus found ones, per id
        Map<String, Integer> balance = new LinkedHashMap<>();
        for (String id : expected) {
            balance.merge(id, 1, Integer::sum);
        }
        for (String id : found) {
            balance.merge(id, -1, Integer::sum);
        }
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        balance.forEach((id, n) -> {
            for (int i = 0; i < Math.abs(n); i++) {
                (n > 0 ? missing : unexpected).add(id);
            }
        });
        return new EventIdDiff(missing, unexpected);
    }

    boolean isEmpty() {
        return missing.isEmpty() && unexpected.isEmpty();
    }
}
