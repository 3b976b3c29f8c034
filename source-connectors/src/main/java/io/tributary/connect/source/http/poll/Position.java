package io.tributary.connect.source.http.poll;

import io.tributary.connect.common.data.JsonData;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an endpoint stands, and the source offset of each record: the page being read (its cursor — a cursor, next
 * URL, page number or offset; null for a pass's first page) and the index of the last record taken from it, plus the
 * incremental watermark the pass started from ({@code since}, with the ids already sent at exactly that value) and
 * the highest value seen so far ({@code high}, with its ids).
 *
 * <p>Resuming from a record's offset asks for the same page again and skips the records up to its index, so given an
 * API that answers the same request the same way, nothing is sent twice and nothing is skipped.
 */
public record Position(String cursor, int index, String since, List<String> sinceSeen, String high,
                       List<String> highSeen) {

    /** Ids kept per watermark value: enough for bursts of records sharing one timestamp. */
    static final int MAX_SEEN = 1_000;

    public Position {
        sinceSeen = List.copyOf(sinceSeen);
        highSeen = List.copyOf(highSeen);
    }

    public static Position start(String initialWatermark) {
        String since = initialWatermark == null || initialWatermark.isEmpty() ? null : initialWatermark;
        return new Position(null, -1, since, List.of(), since, List.of());
    }

    /** The position after taking record {@code index} of the current page, whose incremental value is {@code value}. */
    Position took(int index, String value, String id) {
        if (value == null) {
            return new Position(cursor, index, since, sinceSeen, high, highSeen);
        }
        int order = high == null ? 1 : compare(value, high);
        if (order > 0) {
            return new Position(cursor, index, since, sinceSeen, value, List.of(id));
        }
        if (order == 0 && highSeen.size() < MAX_SEEN && !highSeen.contains(id)) {
            List<String> seen = new ArrayList<>(highSeen);
            seen.add(id);
            return new Position(cursor, index, since, sinceSeen, high, seen);
        }
        return new Position(cursor, index, since, sinceSeen, high, highSeen);
    }

    /** True when a record with this incremental value and id was sent by an earlier pass (the overlap). */
    boolean sentBefore(String value, String id) {
        if (value == null || since == null) {
            return false;
        }
        int order = compare(value, since);
        return order < 0 || order == 0 && sinceSeen.contains(id);
    }

    /** The next page of this pass. */
    Position nextPage(String nextCursor) {
        return new Position(nextCursor, -1, since, sinceSeen, high, highSeen);
    }

    /** A new pass from the first page, starting at the highest value seen. */
    Position nextPass() {
        return new Position(null, -1, high, highSeen, high, highSeen);
    }

    /**
     * Incremental values compare as numbers when both are numbers, else as text: ISO timestamps in one format sort
     * as text.
     */
    static int compare(String a, String b) {
        try {
            return new BigDecimal(a).compareTo(new BigDecimal(b));
        } catch (NumberFormatException notNumbers) {
            return a.compareTo(b);
        }
    }

    /** The offset: only the parts there are (a plain paged endpoint's offset is its cursor and index). */
    public Map<String, Object> toOffset() {
        Map<String, Object> offset = new HashMap<>(8);
        offset.put("cursor", cursor);
        offset.put("index", index);
        if (since != null) {
            offset.put("since", since);
            offset.put("since_seen", json(sinceSeen));
        }
        if (high != null) {
            offset.put("high", high);
            offset.put("high_seen", json(highSeen));
        }
        return offset;
    }

    public static Position fromOffset(Map<String, ?> offset) {
        Object index = offset.get("index");
        return new Position((String) offset.get("cursor"), index == null ? -1 : ((Number) index).intValue(),
                (String) offset.get("since"), list(offset.get("since_seen")), (String) offset.get("high"),
                list(offset.get("high_seen")));
    }

    /** Null when {@code offset} is a valid position; otherwise what is wrong with it. */
    public static String problem(Map<String, ?> offset) {
        if (offset == null) {
            return null;
        }
        try {
            fromOffset(offset);
            return null;
        } catch (RuntimeException e) {
            return "not an HTTP source position: " + e.getMessage();
        }
    }

    private static String json(List<String> ids) {
        if (ids.isEmpty()) {
            return "[]";   // the common case, once per record: no serializer
        }
        try {
            return JsonData.MAPPER.writeValueAsString(ids);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JsonData.MAPPER.readValue(json.toString(), List.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("ids '" + json + "' are not a JSON array");
        }
    }
}
