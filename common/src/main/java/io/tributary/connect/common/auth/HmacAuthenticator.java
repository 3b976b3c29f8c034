package io.tributary.connect.common.auth;

import io.tributary.connect.common.auth.AuthResult.Failure;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Webhook signatures: the sender puts the unix time in seconds in the timestamp header and
 * {@code hex(HMAC-SHA256(secret, timestamp + "." + body))} in the signature header, bare or as {@code sha256=<hex>}
 * (the Stripe and GitHub conventions). A request passes when the timestamp is within the tolerance of now, the
 * signature verifies, and the signature has not been seen before within the tolerance window.
 */
final class HmacAuthenticator implements RequestAuthenticator {

    static final String BODY_REQUIRED_REASON = "hmac signatures need a request body; use api-key or jwt for WebSocket";
    static final String PRINCIPAL = "hmac";

    private static final String ALGORITHM = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;
    private final String signatureHeader;
    private final String timestampHeader;
    private final long toleranceMillis;
    private final Clock clock;
    private final ReplayGuard seen;

    HmacAuthenticator(byte[] secret, String signatureHeader, String timestampHeader, long toleranceMillis, Clock clock,
                      int replayCapacity) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.signatureHeader = signatureHeader;
        this.timestampHeader = timestampHeader;
        this.toleranceMillis = toleranceMillis;
        this.clock = clock;
        this.seen = new ReplayGuard(replayCapacity);
    }

    @Override
    public boolean needsBody() {
        return true;
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        byte[] body = request.body();
        if (body == null) {
            return AuthResult.unauthenticated(Failure.BODY_REQUIRED, BODY_REQUIRED_REASON);
        }
        String signatureValue = request.header(signatureHeader);
        String timestamp = request.header(timestampHeader);
        if (signatureValue == null || signatureValue.isBlank()) {
            return AuthResult.unauthenticated(Failure.MISSING, "no signature in the " + signatureHeader + " header");
        }
        if (timestamp == null || timestamp.isBlank()) {
            return AuthResult.unauthenticated(Failure.MISSING, "no timestamp in the " + timestampHeader + " header");
        }
        long timestampMillis;
        try {
            timestampMillis = Math.multiplyExact(Long.parseLong(timestamp.trim()), 1000L);
        } catch (NumberFormatException | ArithmeticException e) {
            return AuthResult.unauthenticated(Failure.MALFORMED, "the " + timestampHeader
                    + " header is not unix seconds");
        }
        long now = clock.millis();
        if (timestampMillis < now - toleranceMillis || timestampMillis > now + toleranceMillis) {
            return AuthResult.unauthenticated(Failure.STALE_TIMESTAMP, "the " + timestampHeader + " header is more "
                    + "than " + toleranceMillis + " ms away from the server's time");
        }
        byte[] presented = parseSignature(signatureValue.trim());
        if (presented == null) {
            return AuthResult.unauthenticated(Failure.MALFORMED, "the " + signatureHeader + " header is not a hex "
                    + "HMAC-SHA256, bare or as sha256=<hex>");
        }
        byte[] expected = sign(timestamp.trim(), body);
        if (!MessageDigest.isEqual(presented, expected)) {
            return AuthResult.unauthenticated(Failure.BAD_SIGNATURE, "the " + signatureHeader + " header does not "
                    + "match the timestamp and body");
        }
        // Remembered until the timestamp goes stale: from then on the timestamp check turns a replay away.
        return switch (seen.record(HEX.formatHex(expected), timestampMillis + toleranceMillis, now)) {
            case FIRST -> AuthResult.ok(PRINCIPAL);
            case REPLAYED -> AuthResult.unauthenticated(Failure.REPLAYED, "this signature was already used; a "
                    + "replayed request is refused");
            case FULL -> AuthResult.unauthenticated(Failure.REPLAY_CAPACITY, "too many signed requests within the "
                    + "tolerance window to check for replays; retry later");
        };
    }

    /** The signature's bytes, or null when it is neither 64 hex digits nor {@code sha256=} and 64 hex digits. */
    private static byte[] parseSignature(String value) {
        String hex = value.toLowerCase(Locale.ROOT).startsWith("sha256=") ? value.substring(7) : value;
        if (hex.length() != 2 * SIGNATURE_BYTES) {
            return null;
        }
        try {
            return HEX.parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private byte[] sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JVM has " + ALGORITHM, e);
        }
    }
}
