package io.tributary.connect.common.auth;

/**
 * What an authenticator may look at: the request's headers, query parameters and, for HTTP requests, the body.
 * WebSocket handshakes have no body ({@link #body()} is {@code null}).
 */
public interface AuthRequest {

    /** The first value of a header (names are case-insensitive), or {@code null}. */
    String header(String name);

    /** The first value of a query parameter, or {@code null}. */
    String queryParameter(String name);

    String method();

    String path();

    /** The whole request body, or {@code null} for a WebSocket handshake. */
    byte[] body();
}
