package io.tributary.processor.aggregate;

import io.tributary.processor.config.JobSpec;
import org.apache.kafka.common.serialization.Serde;

import java.util.Arrays;
import java.util.List;

/**
 * One window's aggregate: the number of events, each aggregation's {@link Cell}, and the arrival times of the
 * events that came after stream time had passed the end of one of their windows, from which the window's count of
 * late events is computed when it is emitted (an event is late for a window when it arrived after stream time had
 * passed the window's end). Only those rare events are kept, 8 bytes each, at most {@value #MAX_REMEMBERED}: keeping
 * every out-of-order arrival (events from several partitions interleave by a few milliseconds) made each window
 * carry thousands of them through every update.
 */
final class Accumulator {

    /** Arrivals remembered per window at most; beyond, {@code late_events} counts the first ones only. */
    static final int MAX_REMEMBERED = 10_000;

    long events;
    private final Cell[] cells;
    private long[] outOfOrderArrivals = new long[0];
    private int outOfOrder;

    Accumulator(Cell[] cells) {
        this.cells = cells;
    }

    static Accumulator empty(List<JobSpec.Aggregation> aggregations) {
        Cell[] cells = new Cell[aggregations.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Cell.create(aggregations.get(i));
        }
        return new Accumulator(cells);
    }

    Accumulator add(Observation o) {
        if (o.tick) {
            return this;
        }
        events++;
        for (int i = 0; i < cells.length; i++) {
            cells[i].add(o, i);
        }
        // Only events that came after stream time passed one of their windows' ends can be late for a window.
        if (o.arrival > o.time && o.arrival >= o.firstWindowEnd && outOfOrder < MAX_REMEMBERED) {
            remember(o.arrival);
        }
        return this;
    }

    Accumulator merge(Accumulator other) {
        events += other.events;
        for (int i = 0; i < cells.length; i++) {
            cells[i].merge(other.cells[i]);
        }
        for (int i = 0; i < other.outOfOrder; i++) {
            remember(other.outOfOrderArrivals[i]);
        }
        return this;
    }

    private void remember(long arrival) {
        if (outOfOrder == outOfOrderArrivals.length) {
            outOfOrderArrivals = Arrays.copyOf(outOfOrderArrivals, Math.max(4, outOfOrder * 2));
        }
        outOfOrderArrivals[outOfOrder++] = arrival;
    }

    /** Events that arrived when stream time had already passed {@code windowEnd} (accepted within the grace). */
    long lateFor(long windowEnd) {
        long late = 0;
        for (int i = 0; i < outOfOrder; i++) {
            if (outOfOrderArrivals[i] >= windowEnd) {
                late++;
            }
        }
        return late;
    }

    Object result(int i) {
        return cells[i].result();
    }

    static Serde<Accumulator> serde(List<JobSpec.Aggregation> aggregations) {
        return Binary.serde(128, (a, out) -> {
            out.writeLong(a.events);
            out.writeInt(a.outOfOrder);
            for (int i = 0; i < a.outOfOrder; i++) {
                out.writeLong(a.outOfOrderArrivals[i]);
            }
            for (Cell cell : a.cells) {
                cell.write(out);
            }
        }, in -> {
            long events = in.readLong();
            int outOfOrder = in.readInt();
            long[] arrivals = new long[outOfOrder];
            for (int i = 0; i < outOfOrder; i++) {
                arrivals[i] = in.readLong();
            }
            Cell[] cells = new Cell[aggregations.size()];
            for (int i = 0; i < cells.length; i++) {
                cells[i] = Cell.read(aggregations.get(i), in);
            }
            Accumulator a = new Accumulator(cells);
            a.events = events;
            a.outOfOrderArrivals = arrivals;
            a.outOfOrder = outOfOrder;
            return a;
        });
    }
}
