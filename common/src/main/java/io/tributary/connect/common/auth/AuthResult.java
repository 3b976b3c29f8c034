package io.tributary.connect.common.auth;

import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of checking a request's credentials. {@code reason} is for the response and the log: it names what
 * was wrong (missing, expired, bad signature, wrong audience...) and never echoes the credential. {@code failure}
 * is the same in a fixed vocabulary, for counting rejections per {@link Failure#code() code}; both are null when
 * the outcome is {@link Outcome#OK}. {@code principal} is who the credentials name (an API key's position, a
 * token's {@code sub}); null for {@code auth.type=none} and for rejections.
 */
public record AuthResult(Outcome outcome, String principal, Failure failure, String reason) {

    public enum Outcome {
        /** Credentials valid. */
        OK,
        /** Missing or invalid credentials: 401. */
        UNAUTHENTICATED,
        /** Valid credentials that are not allowed here (audience, issuer): 403. */
        FORBIDDEN
    }

    /** Why a request was turned away. A closed set, so a counter per code stays small. */
    public enum Failure {
        /** No credential of the expected kind in the request. */
        MISSING,
        /** A credential that cannot be parsed: not a JWT, not hex, not a number. */
        MALFORMED,
        /** An API key that is not one of the accepted keys, or a token whose key id matches no configured key. */
        UNKNOWN_KEY,
        /** A token signed with an algorithm not in {@code auth.jwt.algorithms}, or unsigned ({@code alg: none}). */
        ALG_NOT_ALLOWED,
        /** A token or webhook signature that does not verify. */
        BAD_SIGNATURE,
        EXPIRED,
        /** A token whose {@code nbf} is still ahead. */
        NOT_YET_VALID,
        /** A token without a claim the configuration requires ({@code exp}). */
        MISSING_CLAIM,
        WRONG_AUDIENCE,
        WRONG_ISSUER,
        /** The JWKS URL could not be fetched, so no token signed with its keys can be checked. */
        KEYS_UNAVAILABLE,
        /** A webhook timestamp outside the tolerance around now. */
        STALE_TIMESTAMP,
        /** A webhook signature seen before within the tolerance window. */
        REPLAYED,
        /** Too many signed requests within the tolerance window to remember them all for replay detection. */
        REPLAY_CAPACITY,
        /** A signature over the body, asked of a request without one (a WebSocket handshake). */
        BODY_REQUIRED;

        /** The code in lower case with '-', e.g. {@code wrong-audience}: a metric tag or a log field. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public AuthResult {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.OK) != (failure == null)) {
            throw new IllegalArgumentException("A failure goes with a rejection, and only with one");
        }
    }

    public static AuthResult ok(String principal) {
        return new AuthResult(Outcome.OK, principal, null, null);
    }

    public static AuthResult unauthenticated(Failure failure, String reason) {
        return new AuthResult(Outcome.UNAUTHENTICATED, null, failure, reason);
    }

    public static AuthResult forbidden(Failure failure, String reason) {
        return new AuthResult(Outcome.FORBIDDEN, null, failure, reason);
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    /** The failure's code ({@code expired}, {@code replayed}...), or {@code ok}. */
    public String code() {
        return failure == null ? "ok" : failure.code();
    }
}
