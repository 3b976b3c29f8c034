package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.http.HttpAuth;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of the Confluent Schema Registry REST API a validator needs: one version of a subject
 * ({@code GET /subjects/{subject}/versions/{version|latest}}) and the versions its schema references. Works with any
 * compatible registry (Confluent, Apicurio's ccompat API, Redpanda, Karapace).
 *
 * <p>Why not Apicurio's client library ({@code io.apicurio:apicurio-registry-client}): it speaks only Apicurio's own
 * API, so a validator on it could not read Confluent's, Redpanda's or Karapace's registries, and it adds a REST
 * client stack to the plugin for one GET. The JDK client with common's {@code http/} (TLS stores through
 * {@code TlsContexts}; Basic, Bearer and OAuth2 client credentials through {@code HttpAuth}, tokens cached and
 * fetched again on a 401) does all this task needs, the same way the HTTP connectors do.
 */
final class RegistryClient {

    /** A schema another one references: the name it is referenced by ({@code $ref}), and where it is registered. */
    record Reference(String name, String subject, int version) {
    }

    /** A registered schema: its text, type (AVRO when the registry omits it), id, version and references. */
    record Registered(String schema, String type, int id, int version, List<Reference> references) {
    }

    /** At most this many schemas are fetched for the references of one schema (a bound on a runaway graph). */
    static final int MAX_REFERENCED = 100;

    private final HttpClient http;
    private final URI base;
    private final HttpAuth auth;
    private final Duration timeout;

    RegistryClient(String url, HttpAuth auth, SSLContext tls, Duration timeout) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.auth = auth;
        this.timeout = timeout;
        this.http = httpClient(tls, timeout);
    }

    /** The JDK client this registry client uses (an OAuth2 token endpoint is reached with the same TLS settings). */
    static HttpClient httpClient(SSLContext tls, Duration timeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    Registered fetch(String subject, String version) throws IOException {
        URI uri = base.resolve("subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20")
                + "/versions/" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(uri, subject, version);
        if (response.statusCode() == 401 && auth.refreshAfterUnauthorized()) {
            response = send(uri, subject, version);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new IOException("the registry refused " + (response.statusCode() == 401
                    ? "the credentials" : "access") + " (HTTP " + response.statusCode() + ") for " + subject
                    + " version " + version + ": check the schema.registry credentials (" + auth + ")");
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
        List<Reference> references = new ArrayList<>();
        for (JsonNode ref : body.path("references")) {
            if (!ref.path("name").isTextual() || !ref.path("subject").isTextual() || !ref.path("version").canConvertToInt()) {
                throw new IOException("the registry's answer for " + subject + " version " + version
                        + " has a reference without name, subject or version");
            }
            references.add(new Reference(ref.get("name").asText(), ref.get("subject").asText(), ref.get("version").asInt()));
        }
        return new Registered(body.get("schema").asText(), body.path("schemaType").asText("AVRO"),
                body.path("id").asInt(-1), body.path("version").asInt(-1), List.copyOf(references));
    }

    /**
     * Every schema {@code root} references, directly or through others, by the name it is referenced by (what a
     * {@code $ref} says), in the order they were found. A name referenced twice is fetched once.
     */
    Map<String, String> referenced(Registered root) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        List<Reference> pending = new ArrayList<>(root.references());
        while (!pending.isEmpty()) {
            Reference next = pending.remove(0);
            if (found.containsKey(next.name())) {
                continue;
            }
            if (found.size() == MAX_REFERENCED) {
                throw new IOException("more than " + MAX_REFERENCED + " schemas referenced");
            }
            Registered registered;
            try {
                registered = fetch(next.subject(), String.valueOf(next.version()));
            } catch (IOException e) {
                throw new IOException("reference '" + next.name() + "': " + e.getMessage(), e);
            }
            found.put(next.name(), registered.schema());
            pending.addAll(registered.references());
        }
        return found;
    }

    private HttpResponse<String> send(URI uri, String subject, String version) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json");
        try {
            URI target = auth.apply(uri, request);
            return http.send(request.uri(target).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + subject + " version " + version, e);
        }
    }
}
