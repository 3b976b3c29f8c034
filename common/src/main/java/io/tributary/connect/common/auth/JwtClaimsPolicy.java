package io.tributary.connect.common.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.tributary.connect.common.auth.AuthResult.Failure;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The claims a token must carry, checked by the JWT processor after the signature. The superclass checks
 * {@code exp} and {@code nbf} against the injected clock with the configured skew; it is given no audience, issuer
 * or required claims, so its only failures are "expired" ({@link ExpiredJWTException}) and "not yet valid". The
 * rest is checked here because it answers differently: a missing {@code exp} is 401, while a wrong audience or
 * issuer is 403 (the token is genuine, just not for this server).
 */
final class JwtClaimsPolicy extends DefaultJWTClaimsVerifier<SecurityContext> {

    /** A rejected claims set, thrown through the processor and caught by {@link JwtAuthenticator}. */
    static final class Rejected extends BadJWTException {
        private static final long serialVersionUID = 1L;

        private final transient AuthResult result;

        Rejected(AuthResult result) {
            super(result.reason());
            this.result = result;
        }

        AuthResult result() {
            return result;
        }
    }

    private final Set<String> audiences;
    private final String issuer;
    private final boolean requireExp;
    private final Clock clock;

    /**
     * @param audiences  accepted {@code aud} values; empty accepts any
     * @param issuer     the required {@code iss}, or null for any
     */
    JwtClaimsPolicy(Set<String> audiences, String issuer, boolean requireExp, long clockSkewMillis, Clock clock) {
        super(null, null, null, null);
        this.audiences = Set.copyOf(audiences);
        this.issuer = issuer;
        this.requireExp = requireExp;
        this.clock = clock;
        // JWT times are whole seconds; a skew below a second rounds up to one rather than down to none.
        setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, (clockSkewMillis + 999) / 1000));
    }

    @Override
    protected Date currentTime() {
        return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
        if (requireExp && claims.getExpirationTime() == null) {
            throw new Rejected(AuthResult.unauthenticated(Failure.MISSING_CLAIM, "the token has no exp claim"));
        }
        try {
            super.verify(claims, context);
        } catch (ExpiredJWTException e) {
            throw new Rejected(AuthResult.unauthenticated(Failure.EXPIRED, "the token has expired"));
        } catch (BadJWTException e) {
            throw new Rejected(AuthResult.unauthenticated(Failure.NOT_YET_VALID, "the token is not valid yet (nbf)"));
        }
        if (!audiences.isEmpty()) {
            List<String> presented = claims.getAudience();
            if (presented.stream().noneMatch(audiences::contains)) {
                throw new Rejected(AuthResult.forbidden(Failure.WRONG_AUDIENCE, presented.isEmpty()
                        ? "the token has no aud claim" : "the token's aud claim names none of auth.jwt.audience"));
            }
        }
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new Rejected(AuthResult.forbidden(Failure.WRONG_ISSUER, claims.getIssuer() == null
                    ? "the token has no iss claim" : "the token's iss claim is not auth.jwt.issuer"));
        }
    }
}
