package io.tributary.connect.source.websocket.client.connection;

/**
 * Time a feed was not being read: from {@code startMs}, when its connection dropped (or, after a restart of the
 * task, when the last record whose offset Connect committed was received), for {@code durationMs} until it was read
 * again. Messages the feed sent in that time are lost: there is nothing to replay them from.
 */
public record Gap(long startMs, long durationMs) {

    /** Two gaps with no message between them are one: from the earlier start, their disconnected times added. */
    public Gap merge(Gap later) {
        return later == null ? this : new Gap(Math.min(startMs, later.startMs), durationMs + later.durationMs);
    }
}
