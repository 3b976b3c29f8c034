package io.tributary.connect.source.push.ingest;

/**
 * Who waits for a pushed record: the HTTP request or WebSocket frame it came in. Told once per record, from the
 * task's thread when Connect reports the record written ({@code SourceTask.commitRecord}), or from whichever thread
 * gives up on it (task stopping, ack timeout). Implementations answer their client when every record is told.
 */
public interface Delivery {

    /** The record was written: {@code topic}, {@code partition}, {@code offset} as Kafka acknowledged them. */
    void written(int index, String topic, int partition, long offset);

    /** Connect acknowledged the record without writing it (a transform dropped it, or it failed under tolerance). */
    void skipped(int index);

    /** The record will not be acknowledged (task stopping or failed); the client should send it again. */
    void failed(int index, String reason);

    /**
     * Gives up on every record not yet told (task stopping, acknowledgement timeout): the client is told to send
     * them again. Returns how many records that was.
     */
    int abandon(String reason);
}
