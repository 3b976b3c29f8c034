package io.tributary.connect.common.http;

import com.fasterxml.jackson.core.JsonPointer;
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
import java.util.Map;
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
    private final Form form;
    private String token;
    private long expiresAtMs;
    private int fetched;

    /**
     * How a token endpoint that departs from the usual form is spoken to: the client's credentials in the form body
     * ({@code client_secret_post}) instead of HTTP Basic; the token at a JSON pointer other than
     * {@code /access_token} (and its lifetime in seconds at another than {@code /expires_in}); extra form parameters
     * such as {@code audience}.
     */
    public record Form(boolean secretInBody, JsonPointer tokenPointer, JsonPointer expiresPointer,
                       Map<String, String> extraParameters) {
        public static Form standard() {
            return new Form(false, JsonPointer.compile("/access_token"), JsonPointer.compile("/expires_in"), Map.of());
        }

        public Form {
            extraParameters = Map.copyOf(extraParameters);
        }
    }

    public OAuth2ClientCredentials(URI tokenUri, String clientId, String clientSecret, String scope, HttpClient client,
                                   LongSupplier clockMs) {
        this(tokenUri, clientId, clientSecret, scope, Form.standard(), client, clockMs);
    }

    public OAuth2ClientCredentials(URI tokenUri, String clientId, String clientSecret, String scope, Form form,
                                   HttpClient client, LongSupplier clockMs) {
        this.form = form;
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
        StringBuilder body = new StringBuilder("grant_type=client_credentials");
        if (scope != null && !scope.isBlank()) {
            body.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        if (form.secretInBody()) {
            body.append("&client_id=").append(URLEncoder.encode(clientId, StandardCharsets.UTF_8))
                    .append("&client_secret=").append(URLEncoder.encode(clientSecret, StandardCharsets.UTF_8));
        }
        form.extraParameters().forEach((name, value) -> body.append('&')
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (!form.secretInBody()) {
            request.header("Authorization", HttpAuth.Basic.header(clientId, clientSecret));
        }
        HttpResponse<byte[]> response = client.send(request.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the OAuth2 token endpoint " + tokenUri + " answered " + response.statusCode()
                    + " for client '" + clientId + "'");
        }
        JsonNode answer;
        try {
            answer = JsonData.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("the OAuth2 token endpoint " + tokenUri + " answered with something that is not JSON");
        }
        JsonNode accessToken = answer == null ? null : answer.at(form.tokenPointer());
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw new IOException("the OAuth2 token endpoint " + tokenUri + " answered without a token at "
                    + form.tokenPointer());
        }
        token = accessToken.asText();
        long lifetimeSeconds = answer.at(form.expiresPointer()).asLong(3_600);
        expiresAtMs = clock.getAsLong() + lifetimeSeconds * 1_000;
        fetched++;
    }

    @Override
    public String toString() {
        return "OAuth2ClientCredentials[" + tokenUri + ", client " + clientId + ", secret [hidden]]";
    }
}
