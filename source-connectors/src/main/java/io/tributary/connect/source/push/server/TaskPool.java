package io.tributary.connect.source.push.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The tasks of one connector on one server; requests are dealt to them in turn. */
public final class TaskPool<T> {

    private final CopyOnWriteArrayList<T> tasks = new CopyOnWriteArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    void add(T task) {
        tasks.add(task);
    }

    boolean remove(T task) {
        tasks.remove(task);
        return tasks.isEmpty();
    }

    /**
     * The tasks in the order to try them for one request: the next in turn first, then the others (when the first
     * is full). Empty when the connector is stopping.
     */
    public List<T> inTurn() {
        Object[] all = tasks.toArray();
        int n = all.length;
        if (n <= 1) {
            @SuppressWarnings("unchecked")
            List<T> one = n == 0 ? List.of() : List.of((T) all[0]);
            return one;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        Object[] ordered = new Object[n];
        for (int i = 0; i < n; i++) {
            ordered[i] = all[(start + i) % n];
        }
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) List.of(ordered);
        return list;
    }

    public int size() {
        return tasks.size();
    }
}
