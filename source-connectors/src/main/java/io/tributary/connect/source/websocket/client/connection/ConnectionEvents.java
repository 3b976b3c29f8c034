package io.tributary.connect.source.websocket.client.connection;

/** What a {@link FeedConnection} reports as it goes, for metrics. Called from the connections' threads. */
public interface ConnectionEvents {

    /** A message (of any kind) was received whole. */
    void received(String url);

    /** The connection opened and its subscribe messages were sent; {@code gap} is null on the first connect. */
    void opened(String url, Gap gap, boolean reconnect);

    /** An open connection dropped. */
    void dropped(String url, String reason);

    /** An attempt to connect failed. */
    void connectFailed(String url, Throwable error);

    /** No Pong came within the heartbeat timeout: the connection is dropped. */
    void heartbeatMissed(String url);

    /** The queue was full: the connection stopped asking for messages until there is room. */
    void paused(String url);
}
