package io.tributary.connect.common.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * OAuth2 client credentials (RFC 6749 §4.4): a token from the token endpoint (client id and secret sent as HTTP
 * Basic, {@code client_secret_basic}), kept until shortly before it expires and shared by every request of the
 * task; fetched again early when a server answers 401 (a revoked or rotated token).
 */
public final class OAuth2ClientCredentials implements HttpAuth {

    /** A token is renewed this long before it expires, so a request never leaves with one about to lapse. */
    static final long EARLY_MS = 30_000;

    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private final HttpClient client;
    private final LongSupplier clock;
    private String token;
    private long expiresAtMs;
    private int fetched;

    public OAuth2ClientCredentials(URI tokenUri, String clientId, String clientSecret, String scope, HttpClient client,
                                   LongSupplier clockMs) {
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.client = client;
        this.clock = clockMs;
    }

    @Override
    public synchronized URI apply(URI uri, HttpRequest.Builder request) throws IOException, InterruptedException {
        if (token == null || clock.getAsLong() >= expiresAtMs - EARLY_MS) {
            fetch();
        }
        request.setHeader("Authorization", "Bearer " + token);
        return uri;
    }

    @Override
    public synchronized boolean refreshAfterUnauthorized() {
        token = null;
        return true;
    }

    /** How many tokens were fetched (for metrics and tests). */
    public synchronized int tokensFetched() {
        return fetched;
    }

    private void fetch() throws IOException, InterruptedException {
        String form = "grant_type=client_credentials" + (scope == null || scope.isBlank() ? ""
                : "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(tokenUri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", HttpAuth.Basic.header(clientId, clientSecret))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the OAuth2 token endpoint " + tokenUri + " answered " + response.statusCode()
                    + " for client '" + clientId + "'");
        }
        JsonNode body;
        try {
            body = JsonData.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("the OAuth2 token endpoint " + tokenUri + " answered with something that is not JSON");
        }
        JsonNode accessToken = body == null ? null : body.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw new IOException("the OAuth2 token endpoint " + tokenUri + " answered without an access_token");
        }
        token = accessToken.asText();
        long lifetimeSeconds = body.path("expires_in").asLong(3_600);
        expiresAtMs = clock.getAsLong() + lifetimeSeconds * 1_000;
        fetched++;
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentials[" + tokenUri + ", client " + clientId + ", secret [hidden]]";
    }
}
