package io.tributary.connect.source.websocket.client.connection;

/**
 * One message received whole from a feed (its fragments joined), or what stands for one that could not be.
 *
 * @param url          the connection's URL
 * @param sequence     the feed's message count: 1 for the first message the connector ever received from the URL
 * @param receivedAtMs when its last fragment arrived
 * @param kind         what arrived
 * @param text         the message, for {@link Kind#TEXT}
 * @param kept         for the other kinds, the bytes kept for the dead letter (at most {@code dlq.max.value.bytes})
 * @param length       the message's full length in bytes (UTF-8 for text)
 * @param error        for {@link Kind#PROTOCOL_ERROR}, what the client reported
 * @param gap          on the first message after a reconnect: the time the feed was not read before it
 */
public record Frame(String url, long sequence, long receivedAtMs, Kind kind, String text, byte[] kept, long length,
                    String error, Gap gap) {

    public enum Kind {
        /** A text message within websocket.message.max.bytes. */
        TEXT,
        /** A binary message: the feed's events are text. */
        BINARY,
        /** A text message longer than websocket.message.max.bytes; only its first bytes are kept. */
        TOO_LARGE,
        /**
         * The client failed the connection on a message it must refuse, such as a text message that is not UTF-8
         * (RFC 6455 §8.1): the message's bytes never reach the listener, only the error.
         */
        PROTOCOL_ERROR
    }

    /** What the frame holds in memory, for the queue's byte bound. */
    public long sizeBytes() {
        return kind == Kind.TEXT ? length : kept == null ? 0 : kept.length;
    }
}
