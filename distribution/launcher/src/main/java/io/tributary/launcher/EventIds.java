package io.tributary.launcher;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.UUID;

/**
 * Event ids (the generator's UUIDs) kept as two longs each: 16 bytes an event, so the demo can remember where every
 * one of a million events should be without slowing the run or holding a million strings. Only read when a count
 * does not reconcile.
 */
final class EventIds extends AbstractList<String> {

    private long[] bits = new long[2 * 1024];
    private int size;

    @Override
    public boolean add(String eventId) {
        UUID id = UUID.fromString(eventId);
        if (2 * size == bits.length) {
            bits = Arrays.copyOf(bits, bits.length * 2);
        }
        bits[2 * size] = id.getMostSignificantBits();
        bits[2 * size + 1] = id.getLeastSignificantBits();
        size++;
        modCount++;
        return true;
    }

    @Override
    public String get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return new UUID(bits[2 * index], bits[2 * index + 1]).toString();
    }

    @Override
    public int size() {
        return size;
    }

    /**
     * The first event id (a lowercase UUID, as the generator writes them) in a record's bytes, or null. Scanning the
     * bytes finds it in every form the demo's topics and files hold: JSON events and their dead letters (raw lines,
     * truncated ones included: the id comes first), Avro (strings are plain UTF-8), the processor's framed values. No
     * other field of a generated event looks like a UUID.
     */
    static String find(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        for (int i = 0; i + 36 <= bytes.length; i++) {
            if (isUuidAt(bytes, i)) {
                return new String(bytes, i, 36, java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static boolean isUuidAt(byte[] b, int at) {
        for (int j = 0; j < 36; j++) {
            byte c = b[at + j];
            boolean ok = j == 8 || j == 13 || j == 18 || j == 23 ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
