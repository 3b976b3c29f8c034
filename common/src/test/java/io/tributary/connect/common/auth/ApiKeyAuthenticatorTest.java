package io.tributary.connect.common.auth;

import io.tributary.connect.common.auth.AuthResult.Failure;
import io.tributary.connect.common.auth.AuthResult.Outcome;
import org.junit.jupiter.api.Test;

import static io.tributary.connect.common.auth.TestAuth.authenticator;
import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyAuthenticatorTest {

    private static final String FIRST = "k-7b1e0c5d9f";
    private static final String SECOND = "k-93aa41f0e2";

    private final RequestAuthenticator headerOnly = authenticator(new TestAuth.ManualClock(),
            "auth.type", "api-key", "auth.api.keys", FIRST + ", " + SECOND);
    private final RequestAuthenticator headerOrQuery = authenticator(new TestAuth.ManualClock(),
            "auth.type", "api-key", "auth.api.keys", FIRST, "auth.api.key.query.param", "api_key");

    @Test
    void acceptsAnyConfiguredKeyAndNamesItByPosition() {
        assertThat(headerOnly.authenticate(TestRequest.post("{}").header("X-API-Key", FIRST)))
                .isEqualTo(AuthResult.ok("api-key#1"));
        assertThat(headerOnly.authenticate(TestRequest.post("{}").header("x-api-key", SECOND)))
                .isEqualTo(AuthResult.ok("api-key#2"));
    }

    @Test
    void rejectsRequestWithoutKey() {
        AuthResult result = headerOnly.authenticate(TestRequest.post("{}"));

        assertThat(result).isEqualTo(AuthResult.unauthenticated(Failure.MISSING,
                "no API key in the X-API-Key header"));
        assertThat(result.code()).isEqualTo("missing");
    }

    @Test
    void rejectsWrongKeyWithoutEchoingIt() {
        AuthResult result = headerOnly.authenticate(TestRequest.post("{}").header("X-API-Key", "k-guessed"));

        assertThat(result.outcome()).isEqualTo(Outcome.UNAUTHENTICATED);
        assertThat(result.failure()).isEqualTo(Failure.UNKNOWN_KEY);
        assertThat(result.reason()).isEqualTo("the API key in the X-API-Key header is not an accepted key")
                .doesNotContain("k-guessed");
    }

    @Test
    void rejectsKeyThatIsAPrefixOfAnAcceptedOne() {
        assertThat(headerOnly.authenticate(TestRequest.post("{}").header("X-API-Key", FIRST.substring(0, 6)))
                .failure()).isEqualTo(Failure.UNKNOWN_KEY);
    }

    @Test
    void ignoresKeyInQueryUnlessAQueryParameterIsConfigured() {
        assertThat(headerOnly.authenticate(TestRequest.handshake().query("api_key", FIRST)).failure())
                .isEqualTo(Failure.MISSING);
    }

    @Test
    void acceptsKeyInConfiguredQueryParameterForWebSocketHandshakes() {
        assertThat(headerOrQuery.authenticate(TestRequest.handshake().query("api_key", FIRST)))
                .isEqualTo(AuthResult.ok("api-key#1"));
    }

    @Test
    void namesBothPlacesWhenNeitherHoldsAKey() {
        assertThat(headerOrQuery.authenticate(TestRequest.handshake()).reason())
                .isEqualTo("no API key in the X-API-Key header or the api_key query parameter");
    }

    @Test
    void namesTheQueryParameterWhenItsKeyIsWrong() {
        assertThat(headerOrQuery.authenticate(TestRequest.handshake().query("api_key", "nope")).reason())
                .isEqualTo("the API key in the api_key query parameter is not an accepted key");
    }

    @Test
    void doesNotNeedTheBody() {
        assertThat(headerOnly.needsBody()).isFalse();
    }
}
