package io.tributary.connect.source.websocket.client.convert;

import io.tributary.connect.source.websocket.client.connection.FeedConnection.Resume;

import java.util.Map;

/**
 * The source partition and offset of a feed's records. A feed cannot be replayed, so the offset positions nothing:
 * it counts the messages received from the URL ({@code received}) and says when the last one arrived
 * ({@code received.at}). A restarted task continues the count, and reports the time since {@code received.at} as a
 * gap, since anything the feed sent meanwhile is lost.
 */
public final class FeedOffset {

    public static final String URL_KEY = "url";
    public static final String RECEIVED_KEY = "received";
    public static final String RECEIVED_AT_KEY = "received.at";

    private FeedOffset() {
    }

    public static Map<String, String> partition(String url) {
        return Map.of(URL_KEY, url);
    }

    public static Map<String, Long> offset(long received, long receivedAtMs) {
        return Map.of(RECEIVED_KEY, received, RECEIVED_AT_KEY, receivedAtMs);
    }

    /** Where a feed stood by its last committed offset; {@link Resume#NONE} without one (or a malformed one). */
    public static Resume resume(Map<String, Object> stored) {
        if (stored == null || problem(stored) != null) {
            return Resume.NONE;
        }
        return new Resume(((Number) stored.get(RECEIVED_KEY)).longValue(),
                ((Number) stored.get(RECEIVED_AT_KEY)).longValue());
    }

    /** What is wrong with an offset, or null: both keys, non-negative numbers. */
    public static String problem(Map<String, ?> offset) {
        for (String key : new String[] {RECEIVED_KEY, RECEIVED_AT_KEY}) {
            if (!(offset.get(key) instanceof Number number) || number.longValue() < 0) {
                return "'" + key + "' must be a non-negative number";
            }
        }
        return null;
    }
}
