package io.tributary.connect.source.push.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

/**
 * The outcomes of the events of one request or frame, filled in as Kafka acknowledges them (from the task's
 * thread), as they are refused (at once), or when the task gives up (stop, timeout); the first word on an event
 * counts. When every event has one, {@code onComplete} runs once, on the thread that filled in the last.
 */
public final class Outcomes implements Delivery {

    private final AtomicReferenceArray<Outcome> outcomes;
    private final String[] deadLetterErrors;
    private final AtomicInteger pending;
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Consumer<Outcomes> onComplete;

    public Outcomes(int events) {
        this.outcomes = new AtomicReferenceArray<>(events);
        this.deadLetterErrors = new String[events];
        this.pending = new AtomicInteger(events);
    }

    /** Marks event {@code index} as a dead letter: its acknowledgement is the dead letter's. Before admission. */
    public void deadLetter(int index, String error) {
        deadLetterErrors[index] = error;
    }

    /** Settles event {@code index} now (refused without a dead-letter topic). Before admission. */
    public void settle(int index, Outcome outcome) {
        set(index, outcome);
    }

    /** Runs {@code action} when all events are settled (at once if they are). */
    public void onComplete(Consumer<Outcomes> action) {
        this.onComplete = action;
        if (pending.get() == 0) {
            complete();
        }
    }

    @Override
    public void written(int index, String topic, int partition, long offset) {
        String error = deadLetterErrors[index];
        set(index, error == null ? Outcome.written(topic, partition, offset)
                : Outcome.deadLettered(error, topic, partition, offset));
    }

    @Override
    public void skipped(int index) {
        set(index, Outcome.skipped());
    }

    @Override
    public void failed(int index, String reason) {
        set(index, Outcome.failed(reason));
    }

    /** Fails every event not yet settled; returns how many. */
    @Override
    public int abandon(String reason) {
        int failed = 0;
        for (int i = 0; i < outcomes.length(); i++) {
            if (set(i, Outcome.failed(reason))) {
                failed++;
            }
        }
        return failed;
    }

    private boolean set(int index, Outcome outcome) {
        if (!outcomes.compareAndSet(index, null, outcome)) {
            return false;
        }
        if (pending.decrementAndGet() == 0) {
            complete();
        }
        return true;
    }

    private void complete() {
        Consumer<Outcomes> action = onComplete;
        if (action != null && completed.compareAndSet(false, true)) {
            action.accept(this);
        }
    }

    public int size() {
        return outcomes.length();
    }

    public Outcome get(int index) {
        return outcomes.get(index);
    }

    public int count(Outcome.Status status) {
        int n = 0;
        for (int i = 0; i < outcomes.length(); i++) {
            Outcome o = outcomes.get(i);
            if (o != null && o.status() == status) {
                n++;
            }
        }
        return n;
    }
}
