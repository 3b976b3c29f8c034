package io.tributary.connect.sink.http.deliver;

import io.tributary.connect.sink.http.render.RenderedRecord;

import java.util.List;

/**
 * How a partition's pending records are cut into requests: consecutive records with the same URL and headers, at
 * most {@code maxRecords} and {@code maxBytes} of bodies (a larger record alone). Only consecutive records share a
 * request, so requests leave in offset order.
 */
public record Batches(int maxRecords, long maxBytes, long lingerMs) {

    /** The end (exclusive) of the batch that starts at {@code from}. */
    public int end(List<RenderedRecord> pending, int from) {
        RenderedRecord.Route route = pending.get(from).route();
        long bytes = pending.get(from).body().length;
        int end = from + 1;
        while (end < pending.size() && end - from < maxRecords) {
            RenderedRecord next = pending.get(end);
            if (!next.route().equals(route) || bytes + next.body().length > maxBytes) {
                break;
            }
            bytes += next.body().length;
            end++;
        }
        return end;
    }

    /**
     * Whether the batch {@code [from, end)} goes now: it cannot grow (records follow it, or it is full), its first
     * record waited {@code lingerMs}, or everything is to be sent ({@code all}).
     */
    public boolean due(List<RenderedRecord> pending, int from, int end, long nowMs, boolean all) {
        return all || end < pending.size() || end - from >= maxRecords
                || nowMs - pending.get(from).arrivedMs() >= lingerMs;
    }
}
