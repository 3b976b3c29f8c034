package io.tributary.processor.aggregate;

import org.apache.kafka.common.serialization.Serde;


/**
 * What an aggregation needs of one event, carried through the repartition topic: its event time, the inputs of
 * each aggregation (numbers, or texts for distinct/first/last), and the original record's key and value, so a late
 * event can be sent on as it came. A dead letter carries only the original record.
 */
public final class Observation {

    final long time;
    /** The window step's stream time when the event reached it; set by {@link LateRouter}. */
    long arrival;
    /**
     * The end of the earliest window the event belongs to; set by {@link LateRouter}. An event that arrived before
     * stream time reached it is late for none of its windows, and the windows need not remember its arrival.
     */
    long firstWindowEnd = Long.MAX_VALUE;
    final double[] numbers;
    final String[] texts;
    final byte[] key;
    final byte[] value;
    final boolean deadLetter;
    /** Set on the copy {@link LateRouter} sends to the late topic; never serialized (it does not cross a topic). */
    boolean late;
    /**
     * An idle-close tick from {@link LateRouter}: moves stream time, adds nothing to a window. Never serialized
     * (it does not cross a topic).
     */
    boolean tick;

    Observation(long time, long arrival, double[] numbers, String[] texts, byte[] key, byte[] value,
                boolean deadLetter) {
        this.time = time;
        this.arrival = arrival;
        this.numbers = numbers;
        this.texts = texts;
        this.key = key;
        this.value = value;
        this.deadLetter = deadLetter;
    }

    Observation lateCopy() {
        Observation copy = new Observation(time, arrival, numbers, texts, key, value, false);
        copy.late = true;
        return copy;
    }

    static Observation tick(long time) {
        Observation tick = new Observation(time, time, new double[0], new String[0], null, null, false);
        tick.tick = true;
        return tick;
    }

    static Observation deadLetter(byte[] key, byte[] value) {
        return new Observation(0, 0, new double[0], new String[0], key, value, true);
    }

    /** A binary serde: observations cross a repartition topic for every event, so they stay small and fast. */
    static Serde<Observation> serde() {
        return Binary.serde(128, (o, out) -> {
            out.writeBoolean(o.deadLetter);
            out.writeLong(o.time);
            out.writeLong(o.arrival);
            out.writeShort(o.numbers.length);
            for (double d : o.numbers) {
                out.writeDouble(d);
            }
            out.writeShort(o.texts.length);
            for (String t : o.texts) {
                Binary.writeText(out, t);
            }
            Binary.writeBytes(out, o.key);
            Binary.writeBytes(out, o.value);
        }, in -> {
            boolean deadLetter = in.readBoolean();
            long time = in.readLong();
            long arrival = in.readLong();
            double[] numbers = new double[in.readShort()];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = in.readDouble();
            }
            String[] texts = new String[in.readShort()];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = Binary.readText(in);
            }
            return new Observation(time, arrival, numbers, texts, Binary.readBytes(in), Binary.readBytes(in),
                    deadLetter);
        });
    }
}
