package io.tributary.connect.source.websocket.client.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a {@link FeedConnection} connects and stays connected.
 *
 * @param headers            opening-handshake headers, the bearer token's Authorization among them
 * @param subprotocols       offered in the handshake, most preferred first
 * @param subscribeMessages  text messages sent, in order, after every (re)connect
 * @param connectTimeout     for the TCP connect, TLS and the handshake together
 * @param heartbeatIntervalMs between Pings; 0 sends none
 * @param heartbeatTimeoutMs longest wait for a Pong before the connection counts as dead
 * @param backoffInitialMs   bound of the first reconnect wait
 * @param backoffMaxMs       largest bound of a reconnect wait
 * @param maxMessageBytes    longest text message accepted, in UTF-8 bytes
 * @param keptBytes          how much of a message that cannot be a record is kept for its dead letter
 */
public record ConnectionSettings(Map<String, String> headers, List<String> subprotocols,
                                 List<String> subscribeMessages, Duration connectTimeout, long heartbeatIntervalMs,
                                 long heartbeatTimeoutMs, long backoffInitialMs, long backoffMaxMs,
                                 int maxMessageBytes, int keptBytes) {

    public ConnectionSettings {
        headers = Map.copyOf(headers);
        subprotocols = List.copyOf(subprotocols);
        subscribeMessages = List.copyOf(subscribeMessages);
    }
}
