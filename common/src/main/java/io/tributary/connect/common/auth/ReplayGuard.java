package io.tributary.connect.common.auth;

import java.util.Comparator;
import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The webhook signatures seen while they could still be replayed. A signature is remembered until its timestamp
 * leaves the tolerance window, after which the timestamp check rejects it anyway; so memory holds at most the
 * signatures of one window, and never more than {@code capacity}.
 *
 * <p>Hand-written rather than a Caffeine cache: a cache evicts when full, and an evicted signature could be
 * replayed. This guard refuses new signatures when full instead, which turns a flood into rejected requests (the
 * sender retries) rather than a hole.
 */
final class ReplayGuard {

    enum Verdict { FIRST, REPLAYED, FULL }

    private record Entry(String signature, long expiresAtMillis) {
    }

    private final int capacity;
    private final Set<String> signatures = new HashSet<>();
    private final PriorityQueue<Entry> byExpiry =
            new PriorityQueue<>(Comparator.comparingLong(Entry::expiresAtMillis));

    ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /**
     * Records {@code signature} until {@code expiresAtMillis}, unless it is remembered already or the guard is full.
     */
    synchronized Verdict record(String signature, long expiresAtMillis, long nowMillis) {
        evictExpired(nowMillis);
        if (signatures.contains(signature)) {
            return Verdict.REPLAYED;
        }
        if (signatures.size() >= capacity) {
            return Verdict.FULL;
        }
        signatures.add(signature);
        byExpiry.add(new Entry(signature, expiresAtMillis));
        return Verdict.FIRST;
    }

    private void evictExpired(long nowMillis) {
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAtMillis() < nowMillis) {
            signatures.remove(byExpiry.poll().signature());
        }
    }
}
