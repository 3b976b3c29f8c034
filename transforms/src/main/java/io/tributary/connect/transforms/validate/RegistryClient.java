package io.tributary.connect.transforms.validate;

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
import java.util.Base64;

/**
 * The part of the Confluent Schema Registry REST API a validator needs: one version of a subject
 * ({@code GET /subjects/{subject}/versions/{version|latest}}). Works with any compatible registry (Confluent,
 * Apicurio's ccompat API, Redpanda, Karapace).
 */
final class RegistryClient {

    /** A registered schema: its text, type (AVRO when the registry omits it), id and version. */
    record Registered(String schema, String type, int id, int version) {
    }

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Duration timeout;

    RegistryClient(String url, String userInfo, Duration timeout) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = userInfo == null || userInfo.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    Registered fetch(String subject, String version) throws IOException {
        URI uri = base.resolve("subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20")
                + "/versions/" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + subject + " version " + version, e);
        }
        if (response.statusCode() == 404) {
            throw new IOException("the registry has no version " + version + " of subject " + subject);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the registry answered HTTP " + response.statusCode() + " for " + subject
                    + " version " + version);
        }
        JsonNode body = JsonData.MAPPER.readTree(response.body());
        if (!body.path("schema").isTextual()) {
            throw new IOException("the registry's answer for " + subject + " version " + version + " has no schema");
        }
        return new Registered(body.get("schema").asText(), body.path("schemaType").asText("AVRO"),
                body.path("id").asInt(-1), body.path("version").asInt(-1));
    }
}
