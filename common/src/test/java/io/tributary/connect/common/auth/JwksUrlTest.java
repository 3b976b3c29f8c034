package io.tributary.connect.common.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import io.tributary.connect.common.auth.AuthResult.Failure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static io.tributary.connect.common.auth.TestTokens.claims;
import static io.tributary.connect.common.auth.TestTokens.sign;
import static io.tributary.connect.common.auth.TestAuth.authenticator;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys from a JWKS URL, served on loopback. */
class JwksUrlTest {

    private final AtomicInteger fetches = new AtomicInteger();
    private final TestAuth.ManualClock clock = new TestAuth.ManualClock();
    private RSAKey rsa;
    private HttpServer server;

    @BeforeEach
    void serveJwks() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("idp-2025").generate();
        byte[] json = new JWKSet(rsa).toPublicJWKSet().toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    @Test
    void acceptsTokensSignedWithAKeyFromTheUrlAndFetchesItOnce() throws Exception {
        RequestAuthenticator jwt = authenticator(clock, "auth.type", "jwt", "auth.jwt.jwks.url", url());

        for (String subject : new String[] {"alice", "bob"}) {
            String token = sign(JWSAlgorithm.RS256, "idp-2025", new RSASSASigner(rsa), claims().subject(subject)
                    .build());
            assertThat(jwt.authenticate(TestRequest.post("{}").bearer(token))).isEqualTo(AuthResult.ok(subject));
        }
        assertThat(fetches).hasValue(1);
    }

    @Test
    void rejectsTokensWhenTheUrlCannotBeFetched() throws Exception {
        String unreachable = url();
        server.stop(0);
        RequestAuthenticator jwt = authenticator(clock, "auth.type", "jwt", "auth.jwt.jwks.url", unreachable);
        String token = sign(JWSAlgorithm.RS256, "idp-2025", new RSASSASigner(rsa), claims().build());

        assertThat(jwt.authenticate(TestRequest.post("{}").bearer(token))).isEqualTo(AuthResult.unauthenticated(
                Failure.KEYS_UNAVAILABLE, "the keys of auth.jwt.jwks.url cannot be fetched"));
    }
}
