package io.tributary.connect.common.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.http.HttpAuth;

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
 * Reads registered schemas — one version of a subject, and every schema it references — from a schema registry.
 * Two APIs are spoken, chosen by the URL:
 * <ul>
 *   <li>a URL whose path holds {@code /apis/registry/v2}: Apicurio Registry's own API, a subject being an artifact
 *       id in the group {@code default} ({@code .../artifacts/{id}/meta} or {@code .../versions/{v}/meta}, then the
 *       version's content and its {@code /references});</li>
 *   <li>any other URL: the Confluent Schema Registry API ({@code GET {url}/subjects/{subject}/versions/{v}}), which
 *       Confluent's registry, Apicurio's {@code /apis/ccompat/v7}, Redpanda and Karapace answer.</li>
 * </ul>
 *
 * <p>Why not a registry's own client library: Apicurio's speaks only Apicurio's API and Confluent's only
 * Confluent's (under the Confluent Community License), and either brings a REST client stack into the plugins for
 * a few GETs. The JDK client with common's {@code http/} (TLS through {@code TlsContexts}; Basic, Bearer and OAuth2
 * client credentials through {@code HttpAuth}, a token fetched again after a 401) reads both APIs the same way the
 * HTTP connectors reach their servers.
 */
public final class RegistryClient {

    /** A schema another one references: the name it is referenced by ({@code $ref}, Avro type name), and where. */
    public record Reference(String name, String group, String subject, String version) {
    }

    /**
     * A registered schema: its text, type (AVRO, JSON, PROTOBUF; AVRO when a Confluent registry omits it), id (the
     * Confluent id; Apicurio's content id, which its Confluent-compatible API answers as the id), version and the
     * schemas it references.
     */
    public record Registered(String subject, String schema, String type, int id, String version,
                             List<Reference> references) {
    }

    /**
     * The schema could not be had for a reason other than the network: the registry refused, had no such version or
     * answered without a schema, or no token for it could be had.
     */
    public static final class RegistryException extends IOException {
        private final int status;

        RegistryException(int status, String message) {
            this(status, message, null);
        }

        RegistryException(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        /** The HTTP status of the registry's answer; 0 when the registry was not asked (no token). */
        public int status() {
            return status;
        }
    }

    /** At most this many schemas are fetched for the references of one schema (a bound on a runaway graph). */
    public static final int MAX_REFERENCED = 100;

    private static final String APICURIO_V2 = "/apis/registry/v2";

    private final HttpClient http;
    private final String url;
    private final String base;
    private final boolean apicurio;
    private final HttpAuth auth;
    private final Duration timeout;

    /** {@code http} carries the TLS settings; {@code timeout} bounds each answer. */
    public RegistryClient(String url, HttpClient http, HttpAuth auth, Duration timeout) {
        this.url = url.trim();
        String trimmed = this.url.endsWith("/") ? this.url.substring(0, this.url.length() - 1) : this.url;
        int v2 = trimmed.indexOf(APICURIO_V2);
        this.apicurio = v2 >= 0;
        this.base = apicurio ? trimmed.substring(0, v2 + APICURIO_V2.length()) : trimmed;
        this.http = http;
        this.auth = auth;
        this.timeout = timeout;
    }

    /** The JDK client for a registry (and its token endpoint) with these TLS settings; null is the JVM's. */
    public static HttpClient httpClient(javax.net.ssl.SSLContext tls, Duration timeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    /** The registry's URL as configured. */
    public String url() {
        return url;
    }

    /** Whether Apicurio Registry's own v2 API is spoken (else the Confluent-compatible one). */
    public boolean apicurioV2() {
        return apicurio;
    }

    /**
     * The schema of {@code subject} at {@code version} ("latest" or a number).
     *
     * @throws RegistryException when the registry refuses, has no such version, or answers without a schema
     * @throws IOException     as the HTTP client throws it when the registry cannot be reached (TLS included)
     */
    public Registered fetch(String subject, String version) throws IOException {
        return fetch(null, subject, version);
    }

    /**
     * Every schema {@code root} references, directly or through others, by the name it is referenced by (what a
     * {@code $ref} or an Avro type name says), in the order they were found. A name referenced twice is fetched once.
     */
    public Map<String, String> referenced(Registered root) throws IOException {
        Map<String, String> found = new LinkedHashMap<>();
        List<Reference> pending = new ArrayList<>(root.references());
        while (!pending.isEmpty()) {
            Reference next = pending.remove(0);
            if (found.containsKey(next.name())) {
                continue;
            }
            if (found.size() == MAX_REFERENCED) {
                throw new RegistryException(200, "more than " + MAX_REFERENCED + " schemas referenced by "
                        + root.subject());
            }
            Registered registered;
            try {
                registered = fetch(next.group(), next.subject(), next.version());
            } catch (RegistryException e) {
                throw new RegistryException(e.status(), "reference '" + next.name() + "': " + e.getMessage(), e);
            }
            found.put(next.name(), registered.schema());
            pending.addAll(registered.references());
        }
        return found;
    }

    /**
     * What went wrong, in a sentence: "unreachable (...)" with the transport's error for an IOException the HTTP
     * client threw, else the exception's own message (the registry's answer, a schema that does not compile).
     */
    public static String describe(Exception e) {
        if (e instanceof RegistryException || !(e instanceof IOException)) {
            return e.getMessage();
        }
        return "unreachable (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + ")";
    }

    private Registered fetch(String group, String subject, String version) throws IOException {
        return apicurio ? fetchApicurio(group, subject, version) : fetchConfluent(subject, version);
    }

    private Registered fetchConfluent(String subject, String version) throws IOException {
        JsonNode body = json(get(base + "/subjects/" + encode(subject) + "/versions/" + encode(version),
                subject, version), subject, version);
        if (!body.path("schema").isTextual()) {
            throw new RegistryException(200, "the registry's answer for " + subject + " version " + version
                    + " has no schema");
        }
        List<Reference> references = new ArrayList<>();
        for (JsonNode ref : body.path("references")) {
            if (!ref.path("name").isTextual() || !ref.path("subject").isTextual()
                    || !ref.path("version").canConvertToInt()) {
                throw new RegistryException(200, "the registry's answer for " + subject + " version " + version
                        + " has a reference without name, subject or version");
            }
            references.add(new Reference(ref.get("name").asText(), null, ref.get("subject").asText(),
                    ref.get("version").asText()));
        }
        return new Registered(subject, body.get("schema").asText(), body.path("schemaType").asText("AVRO"),
                body.path("id").asInt(-1), body.path("version").asText(version), List.copyOf(references));
    }

    private Registered fetchApicurio(String group, String subject, String version) throws IOException {
        String artifact = base + "/groups/" + encode(group == null || group.isBlank() ? "default" : group)
                + "/artifacts/" + encode(subject);
        // Apicurio's v2 API has no "latest" version path: the artifact's metadata names its latest version.
        String metaPath = "latest".equals(version) ? "/meta" : "/versions/" + encode(version) + "/meta";
        JsonNode meta = json(get(artifact + metaPath, subject, version), subject, version);
        if (!meta.path("version").isTextual()) {
            throw new RegistryException(200, "the registry's answer for " + subject + " version " + version
                    + " names no version");
        }
        String fetched = meta.get("version").asText();
        String versionPath = artifact + "/versions/" + encode(fetched);
        String schema = get(versionPath, subject, version);
        List<Reference> references = new ArrayList<>();
        for (JsonNode ref : json(get(versionPath + "/references", subject, version), subject, version)) {
            if (!ref.path("name").isTextual() || !ref.path("artifactId").isTextual()
                    || !ref.path("version").isValueNode()) {
                throw new RegistryException(200, "the registry's answer for " + subject + " version " + version
                        + " has a reference without name, artifactId or version");
            }
            references.add(new Reference(ref.get("name").asText(), ref.path("groupId").asText(null),
                    ref.get("artifactId").asText(), ref.get("version").asText()));
        }
        return new Registered(subject, schema, meta.path("type").asText("AVRO"), meta.path("contentId").asInt(-1),
                fetched, List.copyOf(references));
    }

    private String get(String target, String subject, String version) throws IOException {
        HttpResponse<String> response = send(URI.create(target), subject, version);
        if (response.statusCode() == 401 && auth.refreshAfterUnauthorized()) {
            response = send(URI.create(target), subject, version);
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new RegistryException(status, "the registry refused " + (status == 401 ? "the credentials" : "access")
                    + " (HTTP " + status + ") for " + subject + " version " + version
                    + ": check the schema.registry credentials (" + auth + ")");
        }
        if (status == 404) {
            throw new RegistryException(status, "the registry has no version " + version + " of subject " + subject
                    + " (HTTP 404)");
        }
        if (status / 100 != 2) {
            throw new RegistryException(status, "the registry answered HTTP " + status + " for " + subject + " version "
                    + version);
        }
        return response.body();
    }

    private HttpResponse<String> send(URI uri, String subject, String version) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Accept", "application/vnd.schemaregistry.v1+json, application/json, */*");
        try {
            URI target;
            try {
                target = auth.apply(uri, request);
            } catch (IOException e) {
                throw new RegistryException(0, "no token for the registry: " + e.getMessage(), e);
            }
            return http.send(request.uri(target).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + subject + " version " + version, e);
        }
    }

    private static JsonNode json(String body, String subject, String version) throws RegistryException {
        try {
            return JsonData.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new RegistryException(200, "the registry's answer for " + subject + " version " + version
                    + " is not JSON");
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
