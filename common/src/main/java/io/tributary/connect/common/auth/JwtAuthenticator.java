package io.tributary.connect.common.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.tributary.connect.common.auth.AuthResult.Failure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.text.ParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bearer tokens: a signed JWT in {@code Authorization: Bearer <token>} or, when configured, in a query parameter
 * (browsers cannot set headers on a WebSocket handshake). nimbus' {@link DefaultJWTProcessor} checks the type, the
 * signature against the {@link JwtKeySelector}'s keys and then the {@link JwtClaimsPolicy}; the algorithm and the
 * type are checked here first, so that each rejection gets its own code. The principal is the {@code sub} claim.
 */
final class JwtAuthenticator implements RequestAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);

    /** Plain JWTs and RFC 9068 access tokens; other types (logout tokens, DPoP proofs...) are not credentials. */
    private static final Set<JOSEObjectType> ACCEPTED_TYPES = new HashSet<>(Arrays.asList(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    private static final String BEARER = "bearer ";
    private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

    private final Set<JWSAlgorithm> algorithms;
    private final String queryParameter;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final String missingReason;
    private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

    /**
     * @param algorithms     the accepted signature algorithms; never {@code none}
     * @param queryParameter the query parameter that may carry the token, or empty for none
     */
    JwtAuthenticator(Set<JWSAlgorithm> algorithms, JWSKeySelector<SecurityContext> keys, JwtClaimsPolicy claims,
                     String queryParameter) {
        this.algorithms = Set.copyOf(algorithms);
        this.queryParameter = queryParameter;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(ACCEPTED_TYPES));
        processor.setJWSKeySelector(keys);
        processor.setJWTClaimsSetVerifier(claims);
        missingReason = "no bearer token in the Authorization header"
                + (queryParameter.isEmpty() ? "" : " or the " + queryParameter + " query parameter");
    }

    @Override
    public AuthResult authenticate(AuthRequest request) {
        String token = token(request);
        if (token == null) {
            return AuthResult.unauthenticated(Failure.MISSING, missingReason);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return AuthResult.unauthenticated(Failure.MALFORMED, "the bearer token is not a JWT");
        }
        if (jwt instanceof PlainJWT) {
            return AuthResult.unauthenticated(Failure.ALG_NOT_ALLOWED, "unsigned tokens (alg none) are not accepted");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return AuthResult.unauthenticated(Failure.MALFORMED, "encrypted tokens (JWE) are not accepted");
        }
        JWSHeader header = signed.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            return AuthResult.unauthenticated(Failure.ALG_NOT_ALLOWED, "the token's algorithm "
                    + knownName(header.getAlgorithm()) + "is not one of auth.jwt.algorithms");
        }
        if (!ACCEPTED_TYPES.contains(header.getType())) {
            return AuthResult.unauthenticated(Failure.MALFORMED, "the token's typ header is neither JWT nor at+jwt");
        }
        return verify(signed);
    }

    /** Signature, then claims; each of the processor's exceptions is one failure. */
    private AuthResult verify(SignedJWT signed) {
        try {
            JWTClaimsSet claims = processor.process(signed, null);
            return AuthResult.ok(claims.getSubject());
        } catch (JwtClaimsPolicy.Rejected e) {
            return e.result();
        } catch (BadJWSException e) {
            return AuthResult.unauthenticated(Failure.BAD_SIGNATURE, "the token's signature does not verify");
        } catch (BadJWTException e) {
            return AuthResult.unauthenticated(Failure.MALFORMED, "the token's payload is not a JWT claims set");
        } catch (BadJOSEException e) {
            // The processor's only other rejection once type and algorithm are known good: no key to try.
            return AuthResult.unauthenticated(Failure.UNKNOWN_KEY, "no configured key matches the token's "
                    + "algorithm and key id");
        } catch (KeySourceException e) {
            warnKeysUnavailable(e);
            return AuthResult.unauthenticated(Failure.KEYS_UNAVAILABLE, "the keys of auth.jwt.jwks.url cannot be "
                    + "fetched");
        } catch (JOSEException e) {
            log.debug("Cannot check a token's signature", e);
            return AuthResult.unauthenticated(Failure.BAD_SIGNATURE, "the token's signature cannot be checked with "
                    + "the configured key");
        }
    }

    /** Once a minute at most: while the JWKS is down, every request signed with its keys fails the same way. */
    private void warnKeysUnavailable(KeySourceException e) {
        long last = lastWarnNanos.get();
        long now = System.nanoTime();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            log.warn("Cannot fetch the JWKS of auth.jwt.jwks.url; tokens signed with its keys are refused: {}",
                    e.getMessage());
        }
    }

    private String token(AuthRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.length() > BEARER.length()
                && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            String token = authorization.substring(BEARER.length()).trim();
            if (!token.isEmpty()) {
                return token;
            }
        }
        if (!queryParameter.isEmpty()) {
            String token = request.queryParameter(queryParameter);
            if (token != null && !token.isBlank()) {
                return token.trim();
            }
        }
        return null;
    }

    /** The algorithm's name followed by a space when it is a standard one; the header is the sender's text. */
    private static String knownName(JWSAlgorithm algorithm) {
        return JWSAlgorithm.Family.HMAC_SHA.contains(algorithm) || JWSAlgorithm.Family.SIGNATURE.contains(algorithm)
                ? algorithm.getName() + " " : "";
    }
}
