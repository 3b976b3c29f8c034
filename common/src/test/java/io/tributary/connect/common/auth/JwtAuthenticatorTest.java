package io.tributary.connect.common.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import io.tributary.connect.common.auth.AuthResult.Failure;
import io.tributary.connect.common.auth.AuthResult.Outcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;

import static io.tributary.connect.common.auth.TestAuth.NOW;
import static io.tributary.connect.common.auth.TestAuth.authenticator;
import static io.tributary.connect.common.auth.TestTokens.claims;
import static io.tributary.connect.common.auth.TestTokens.hs256;
import static io.tributary.connect.common.auth.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

/** Bearer tokens signed with a shared secret or with keys from a JWKS file; the JWKS URL is in its own test. */
class JwtAuthenticatorTest {

    private static final String SECRET = "a-shared-secret-of-forty-bytes-0123456789";

    @TempDir
    static Path dir;
    static RSAKey rsa;
    static ECKey ec;
    static Path jwks;

    private final TestAuth.ManualClock clock = new TestAuth.ManualClock();
    private final RequestAuthenticator hs = authenticator(clock, "auth.type", "jwt", "auth.jwt.secret", SECRET);

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(List.of(rsa, ec)).toPublicJWKSet().toString());
    }

    private RequestAuthenticator jwksFile(String... more) {
        String[] keyValues = new String[4 + more.length];
        System.arraycopy(new String[] {"auth.type", "jwt", "auth.jwt.jwks.path", jwks.toString()}, 0, keyValues, 0, 4);
        System.arraycopy(more, 0, keyValues, 4, more.length);
        return authenticator(clock, keyValues);
    }

    @Test
    void acceptsHs256TokenAndNamesItsSubject() throws Exception {
        assertThat(hs.authenticate(TestRequest.post("{}").bearer(hs256(SECRET, claims().build()))))
                .isEqualTo(AuthResult.ok("alice"));
    }

    @Test
    void acceptsHs256TokenWithAKeyId() throws Exception {
        String token = sign(JWSAlgorithm.HS256, "k1", new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
                claims().build());

        assertThat(hs.authenticate(TestRequest.post("{}").bearer(token)).ok()).isTrue();
    }

    @Test
    void acceptsTokenInConfiguredQueryParameterOnly() throws Exception {
        String token = hs256(SECRET, claims().build());
        RequestAuthenticator withQuery = authenticator(clock, "auth.type", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.query.param", "access_token");

        assertThat(withQuery.authenticate(TestRequest.handshake().query("access_token", token)).ok()).isTrue();
        assertThat(hs.authenticate(TestRequest.handshake().query("access_token", token)).failure())
                .isEqualTo(Failure.MISSING);
    }

    @Test
    void rejectsRequestWithoutBearerToken() {
        assertThat(hs.authenticate(TestRequest.post("{}").header("Authorization", "Basic YWxpY2U6cHc=")))
                .isEqualTo(AuthResult.unauthenticated(Failure.MISSING, "no bearer token in the Authorization header"));
    }

    @Test
    void rejectsExpiredToken() throws Exception {
        String token = hs256(SECRET, claims().expirationTime(Date.from(NOW.minusSeconds(31))).build());

        assertThat(hs.authenticate(TestRequest.post("{}").bearer(token)))
                .isEqualTo(AuthResult.unauthenticated(Failure.EXPIRED, "the token has expired"));
    }

    @Test
    void acceptsTokenExpiredWithinTheClockSkew() throws Exception {
        String token = hs256(SECRET, claims().expirationTime(Date.from(NOW.minusSeconds(29))).build());

        assertThat(hs.authenticate(TestRequest.post("{}").bearer(token)).ok()).isTrue();
    }

    @Test
    void rejectsTokenBeforeItsNotBeforeTime() throws Exception {
        String token = hs256(SECRET, claims().notBeforeTime(Date.from(NOW.plusSeconds(60))).build());

        assertThat(hs.authenticate(TestRequest.post("{}").bearer(token)))
                .isEqualTo(AuthResult.unauthenticated(Failure.NOT_YET_VALID, "the token is not valid yet (nbf)"));
    }

    @Test
    void rejectsTokenWithoutExpiryUnlessAllowed() throws Exception {
        String token = hs256(SECRET, claims().expirationTime(null).build());
        RequestAuthenticator lenient = authenticator(clock, "auth.type", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.require.exp.enabled", "false");

        assertThat(hs.authenticate(TestRequest.post("{}").bearer(token)))
                .isEqualTo(AuthResult.unauthenticated(Failure.MISSING_CLAIM, "the token has no exp claim"));
        assertThat(lenient.authenticate(TestRequest.post("{}").bearer(token)).ok()).isTrue();
    }

    @Test
    void forbidsTokenForAnotherAudience() throws Exception {
        RequestAuthenticator api = authenticator(clock, "auth.type", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.audience", "ingest,ingest-staging");

        AuthResult other = api.authenticate(TestRequest.post("{}").bearer(hs256(SECRET,
                claims().audience("billing").build())));
        AuthResult listed = api.authenticate(TestRequest.post("{}").bearer(hs256(SECRET,
                claims().audience(List.of("billing", "ingest-staging")).build())));

        assertThat(other).isEqualTo(AuthResult.forbidden(Failure.WRONG_AUDIENCE,
                "the token's aud claim names none of auth.jwt.audience"));
        assertThat(listed).isEqualTo(AuthResult.ok("alice"));
    }

    @Test
    void forbidsTokenWithoutAudienceWhenOneIsRequired() throws Exception {
        RequestAuthenticator api = authenticator(clock, "auth.type", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.audience", "ingest");

        assertThat(api.authenticate(TestRequest.post("{}").bearer(hs256(SECRET, claims().build()))).failure())
                .isEqualTo(Failure.WRONG_AUDIENCE);
    }

    @Test
    void forbidsTokenFromAnotherIssuer() throws Exception {
        RequestAuthenticator api = authenticator(clock, "auth.type", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.issuer", "https://idp.example.com");

        AuthResult other = api.authenticate(TestRequest.post("{}").bearer(hs256(SECRET,
                claims().issuer("https://evil.example.com").build())));
        AuthResult right = api.authenticate(TestRequest.post("{}").bearer(hs256(SECRET,
                claims().issuer("https://idp.example.com").build())));

        assertThat(other.outcome()).isEqualTo(Outcome.FORBIDDEN);
        assertThat(other.code()).isEqualTo("wrong-issuer");
        assertThat(right.ok()).isTrue();
    }

    @Test
    void rejectsExpiredTokenAsUnauthenticatedEvenWithTheWrongAudience() throws Exception {
        RequestAuthenticator api = authenticator(clock, "auth.type", "jwt", "auth.jwt.secret", SECRET,
                "auth.jwt.audience", "ingest");
        String token = hs256(SECRET, claims().audience("billing").expirationTime(Date.from(NOW.minusSeconds(60)))
                .build());

        assertThat(api.authenticate(TestRequest.post("{}").bearer(token)).failure()).isEqualTo(Failure.EXPIRED);
    }

    @Test
    void rejectsTokenSignedWithAnotherSecret() throws Exception {
        String token = hs256("another-secret-of-at-least-thirty-two-bytes", claims().build());

        AuthResult result = hs.authenticate(TestRequest.post("{}").bearer(token));

        assertThat(result).isEqualTo(AuthResult.unauthenticated(Failure.BAD_SIGNATURE,
                "the token's signature does not verify"));
    }

    @Test
    void rejectsTokenWhoseClaimsWereChangedAfterSigning() throws Exception {
        String[] parts = hs256(SECRET, claims().build()).split("\\.");
        String forged = parts[0] + "." + Base64URL.encode(claims().subject("admin").build().toString()) + "."
                + parts[2];

        assertThat(hs.authenticate(TestRequest.post("{}").bearer(forged)).failure())
                .isEqualTo(Failure.BAD_SIGNATURE);
    }

    @Test
    void rejectsUnsignedToken() {
        String unsigned = new PlainJWT(claims().build()).serialize();

        AuthResult result = hs.authenticate(TestRequest.post("{}").bearer(unsigned));

        assertThat(result).isEqualTo(AuthResult.unauthenticated(Failure.ALG_NOT_ALLOWED,
                "unsigned tokens (alg none) are not accepted"));
    }

    @Test
    void rejectsTokenClaimingAlgNoneThatCarriesASignature() throws Exception {
        String[] parts = hs256(SECRET, claims().build()).split("\\.");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();

        AuthResult result = hs.authenticate(TestRequest.post("{}").bearer(noneHeader + "." + parts[1] + "."
                + parts[2]));

        assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
    }

    @Test
    void rejectsAlgorithmNotConfigured() throws Exception {
        RequestAuthenticator rsOnly = jwksFile("auth.jwt.algorithms", "RS256");
        String token = hs256(SECRET, claims().build());

        assertThat(rsOnly.authenticate(TestRequest.post("{}").bearer(token))).isEqualTo(AuthResult.unauthenticated(
                Failure.ALG_NOT_ALLOWED, "the token's algorithm HS256 is not one of auth.jwt.algorithms"));
    }

    @Test
    void rejectsHs256TokenSignedWithThePublicRsaKey() throws Exception {
        // Algorithm confusion: with HS256 allowed but no secret, the public key must not become an HMAC secret.
        String token = sign(JWSAlgorithm.HS256, "rsa-1", new MACSigner(rsa.toPublicJWK().toRSAPublicKey()
                .getEncoded()), claims().build());

        assertThat(jwksFile().authenticate(TestRequest.post("{}").bearer(token)).failure())
                .isEqualTo(Failure.UNKNOWN_KEY);
    }

    @Test
    void rejectsTextThatIsNotAJwt() {
        AuthResult result = hs.authenticate(TestRequest.post("{}").bearer("not-a-jwt"));

        assertThat(result).isEqualTo(AuthResult.unauthenticated(Failure.MALFORMED, "the bearer token is not a JWT"));
    }

    @Test
    void acceptsRs256TokenWithAKeyFromTheJwksFile() throws Exception {
        String token = sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), claims().subject("svc-a").build());

        assertThat(jwksFile().authenticate(TestRequest.post("{}").bearer(token))).isEqualTo(AuthResult.ok("svc-a"));
    }

    @Test
    void acceptsEs256TokenWithAKeyFromTheJwksFile() throws Exception {
        String token = sign(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), claims().subject("svc-b").build());

        assertThat(jwksFile().authenticate(TestRequest.post("{}").bearer(token))).isEqualTo(AuthResult.ok("svc-b"));
    }

    @Test
    void rejectsRs256TokenSignedWithAKeyNotInTheJwks() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        String token = sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(stranger), claims().build());

        assertThat(jwksFile().authenticate(TestRequest.post("{}").bearer(token)).failure())
                .isEqualTo(Failure.BAD_SIGNATURE);
    }

    @Test
    void rejectsTokenNamingAnUnknownKeyId() throws Exception {
        String token = sign(JWSAlgorithm.RS256, "rsa-9", new RSASSASigner(rsa), claims().build());

        assertThat(jwksFile().authenticate(TestRequest.post("{}").bearer(token))).isEqualTo(
                AuthResult.unauthenticated(Failure.UNKNOWN_KEY, "no configured key matches the token's algorithm "
                        + "and key id"));
    }

    @Test
    void acceptsSecretAndJwksTokensSideBySide() throws Exception {
        RequestAuthenticator both = jwksFile("auth.jwt.secret", SECRET);

        assertThat(both.authenticate(TestRequest.post("{}").bearer(hs256(SECRET, claims().build()))).ok()).isTrue();
        assertThat(both.authenticate(TestRequest.post("{}").bearer(sign(JWSAlgorithm.ES256, "ec-1",
                new ECDSASigner(ec), claims().build()))).ok()).isTrue();
    }

    @Test
    void neverEchoesTheTokenInTheReason() throws Exception {
        for (String token : List.of(hs256("another-secret-of-at-least-thirty-two-bytes", claims().build()),
                hs256(SECRET, claims().expirationTime(Date.from(NOW.minusSeconds(3600))).build()), "abc.def.ghi")) {
            AuthResult result = hs.authenticate(TestRequest.post("{}").bearer(token));
            assertThat(result.ok()).isFalse();
            for (String part : token.split("\\.")) {
                assertThat(result.reason()).doesNotContain(part);
            }
        }
    }
}
