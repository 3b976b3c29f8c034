package io.tributary.connect.common.auth;

import io.tributary.connect.common.auth.AuthResult.Failure;
import io.tributary.connect.common.auth.AuthResult.Outcome;
import org.junit.jupiter.api.Test;

import static io.tributary.connect.common.auth.TestTokens.claims;
import static io.tributary.connect.common.auth.TestTokens.hs256;
import static io.tributary.connect.common.auth.TestAuth.authenticator;
import static org.assertj.core.api.Assertions.assertThat;

/** Several auth types at once: any one passing lets the request in; a rejection names the most telling failure. */
class AnyOfAuthenticatorTest {

    private static final String KEY = "k-0c4e8a1d77";
    private static final String SECRET = "a-shared-secret-of-forty-bytes-0123456789";

    private final TestAuth.ManualClock clock = new TestAuth.ManualClock();
    private final RequestAuthenticator keyOrToken = authenticator(clock, "auth.type", "api-key,jwt",
            "auth.api.keys", KEY, "auth.jwt.secret", SECRET, "auth.jwt.audience", "ingest");

    @Test
    void acceptsAnApiKey() {
        assertThat(keyOrToken.authenticate(TestRequest.post("{}").header("X-API-Key", KEY)))
                .isEqualTo(AuthResult.ok("api-key#1"));
    }

    @Test
    void acceptsAToken() throws Exception {
        String token = hs256(SECRET, claims().audience("ingest").build());

        assertThat(keyOrToken.authenticate(TestRequest.post("{}").bearer(token))).isEqualTo(AuthResult.ok("alice"));
    }

    @Test
    void acceptsAGoodApiKeyBesideABadToken() throws Exception {
        String badToken = hs256("another-secret-of-at-least-thirty-two-bytes", claims().build());

        assertThat(keyOrToken.authenticate(TestRequest.post("{}").header("X-API-Key", KEY).bearer(badToken)).ok())
                .isTrue();
    }

    @Test
    void saysWhatEachWayExpectedWhenNoCredentialIsPresent() {
        AuthResult result = keyOrToken.authenticate(TestRequest.post("{}"));

        assertThat(result).isEqualTo(AuthResult.unauthenticated(Failure.MISSING,
                "no API key in the X-API-Key header; no bearer token in the Authorization header"));
    }

    @Test
    void reportsThePresentCredentialsFailureOverTheMissingOne() throws Exception {
        String expired = hs256(SECRET, claims().audience("ingest").expirationTime(java.util.Date.from(
                TestAuth.NOW.minusSeconds(3600))).build());

        assertThat(keyOrToken.authenticate(TestRequest.post("{}").bearer(expired)).failure())
                .isEqualTo(Failure.EXPIRED);
        assertThat(keyOrToken.authenticate(TestRequest.post("{}").header("X-API-Key", "k-wrong")).failure())
                .isEqualTo(Failure.UNKNOWN_KEY);
    }

    @Test
    void reportsForbiddenForAGenuineTokenForAnotherAudience() throws Exception {
        String otherAudience = hs256(SECRET, claims().audience("billing").build());

        AuthResult result = keyOrToken.authenticate(TestRequest.post("{}").header("X-API-Key", "k-wrong")
                .bearer(otherAudience));

        assertThat(result.outcome()).isEqualTo(Outcome.FORBIDDEN);
        assertThat(result.failure()).isEqualTo(Failure.WRONG_AUDIENCE);
    }

    @Test
    void letsWebSocketHandshakesInWithAnApiKeyWhenHmacIsAlsoConfigured() {
        RequestAuthenticator keyOrSignature = authenticator(clock, "auth.type", "api-key,hmac", "auth.api.keys", KEY,
                "auth.api.key.query.param", "api_key", "auth.hmac.secret", "whsec-1");

        assertThat(keyOrSignature.needsBody()).isTrue();
        assertThat(keyOrSignature.authenticate(TestRequest.handshake().query("api_key", KEY)).ok()).isTrue();
        assertThat(keyOrSignature.authenticate(TestRequest.handshake())).isEqualTo(AuthResult.unauthenticated(
                Failure.MISSING, "no API key in the X-API-Key header or the api_key query parameter; "
                        + "hmac signatures need a request body; use api-key or jwt for WebSocket"));
    }

    @Test
    void acceptsEveryoneWithNone() {
        RequestAuthenticator none = authenticator(clock);

        assertThat(none.authenticate(TestRequest.handshake())).isEqualTo(AuthResult.ok(null));
        assertThat(none.needsBody()).isFalse();
    }
}
