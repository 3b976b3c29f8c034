package io.tributary.connect.common.auth;

/** Checks the credentials of one request. Implementations are thread-safe: every server thread calls them. */
public interface RequestAuthenticator {

    AuthResult authenticate(AuthRequest request);

    /** Whether this authenticator needs the request body (HMAC signatures do); WebSocket handshakes have none. */
    default boolean needsBody() {
        return false;
    }
}
