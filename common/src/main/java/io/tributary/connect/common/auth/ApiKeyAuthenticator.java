package io.tributary.connect.common.auth;

import io.tributary.connect.common.auth.AuthResult.Failure;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Accepts a request carrying one of the configured keys in a header or, when a query parameter is configured, in
 * the query (browsers cannot set headers on a WebSocket handshake). The principal is the key's position in
 * {@code auth.api.keys}, {@code api-key#1} for the first, so logs can tell callers apart without holding a key.
 */
final class ApiKeyAuthenticator implements RequestAuthenticator {

    private final List<byte[]> keyDigests;
    private final String header;
    private final String queryParameter;
    private final String where;
    private final String headerSource;
    private final String querySource;
    /** MessageDigest.getInstance looks the provider up on every call: one digest per server thread instead. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    });

    /**
     * @param header         the header holding the key, or empty for none
     * @param queryParameter the query parameter holding the key, or empty for none
     */
    ApiKeyAuthenticator(List<String> keys, String header, String queryParameter) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No API keys");
        }
        this.keyDigests = keys.stream().map(ApiKeyAuthenticator::sha256).toList();
        this.header = header;
        this.queryParameter = queryParameter;
        this.headerSource = "the " + header + " header";
        this.querySource = "the " + queryParameter + " query parameter";
        if (header.isEmpty()) {
            where = "the " + queryParameter + " query parameter";
        } else {
            where = "the " + header + " header" + (queryParameter.isEmpty() ? ""
                    : " or the " + queryParameter + " query parameter");
        }
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        String presented = header.isEmpty() ? null : request.header(header);
        String source = headerSource;
        if ((presented == null || presented.isEmpty()) && !queryParameter.isEmpty()) {
            presented = request.queryParameter(queryParameter);
            source = querySource;
        }
        if (presented == null || presented.isEmpty()) {
            return AuthResult.unauthenticated(Failure.MISSING, "no API key in " + where);
        }
        // Digests have one length whatever the key's, so the comparison leaks neither content nor length; every
        // key is compared, so the time taken does not tell which one matched either.
        byte[] digest = sha256(presented);
        int match = -1;
        for (int i = 0; i < keyDigests.size(); i++) {
            if (MessageDigest.isEqual(digest, keyDigests.get(i)) && match < 0) {
                match = i;
            }
        }
        return match < 0 ? AuthResult.unauthenticated(Failure.UNKNOWN_KEY, "the API key in " + source
                + " is not an accepted key") : AuthResult.ok("api-key#" + (match + 1));
    }

    private static byte[] sha256(String key) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(key.getBytes(StandardCharsets.UTF_8));
    }
}
