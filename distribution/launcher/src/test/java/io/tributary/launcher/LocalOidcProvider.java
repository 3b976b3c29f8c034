package io.tributary.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for a managed Kafka service's identity provider (Entra ID, Okta, Keycloak, Confluent Cloud's
 * OIDC partners): an OAuth 2 token endpoint for the client-credentials grant and a JWKS endpoint, on 127.0.0.1 over
 * HTTP. It issues RS256 JWTs signed with a key made at start (jose4j, the JOSE library Kafka itself validates tokens
 * with), with {@code iss} = {@link #issuer()}, {@code aud} = the audience given, {@code sub} = the client id and a
 * short lifetime, to registered clients only (HTTP Basic client authentication, as Kafka's
 * OAuthBearerLoginCallbackHandler sends it). What is real here: the token and JWKS formats and the grant; what is
 * not: the provider. JDK's HttpServer is enough for two endpoints; a test needs no more.
 */
final class LocalOidcProvider implements AutoCloseable {

    private final HttpServer server;
    private final RsaJsonWebKey key;
    private final String audience;
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private final AtomicInteger refusals = new AtomicInteger();

    private LocalOidcProvider(HttpServer server, RsaJsonWebKey key, String audience) {
        this.server = server;
        this.key = key;
        this.audience = audience;
    }

    static LocalOidcProvider start(String audience) throws IOException {
        RsaJsonWebKey key;
        try {
            key = RsaJwkGenerator.generateJwk(2048);
        } catch (JoseException e) {
            throw new IOException("cannot make the provider's signing key", e);
        }
        key.setKeyId("local-" + Long.toHexString(System.nanoTime()));
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        LocalOidcProvider provider = new LocalOidcProvider(server, key, audience);
        server.createContext("/token", provider::token);
        server.createContext("/jwks", provider::jwks);
        server.start();
        return provider;
    }

    /** Registers a client of the client-credentials grant. */
    LocalOidcProvider client(String clientId, String secret) {
        clients.put(clientId, secret);
        return this;
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    URI tokenEndpoint() {
        return URI.create(issuer() + "/token");
    }

    URI jwksEndpoint() {
        return URI.create(issuer() + "/jwks");
    }

    int tokensIssued() {
        return tokensIssued.get();
    }

    int refusals() {
        return refusals.get();
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"invalid_request\"}");
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (!form(body, "grant_type").equals("client_credentials")) {
                respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
                return;
            }
            String clientId = authenticatedClient(exchange.getRequestHeaders().getFirst("Authorization"));
            if (clientId == null) {
                refusals.incrementAndGet();
                respond(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer());
            claims.setAudience(audience);
            claims.setSubject(clientId);
            claims.setClaim("scope", form(body, "scope").isEmpty() ? "kafka" : form(body, "scope"));
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(10);
            claims.setGeneratedJwtId();
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            String token = jws.getCompactSerialization();
            tokensIssued.incrementAndGet();
            respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":600}");
        } catch (JoseException e) {
            respond(exchange, 500, "{\"error\":\"server_error\"}");
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        try (exchange) {
            respond(exchange, 200, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
    }

    /** The client id of a valid {@code Authorization: Basic base64(id:secret)} header, or null. */
    private String authenticatedClient(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        return secret.equals(clients.get(id)) ? id : null;
    }

    private static String form(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
