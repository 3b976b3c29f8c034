package io.tributary.processor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.http.HttpAuth;
import io.tributary.connect.common.http.OAuth2ClientCredentials;
import io.tributary.connect.common.http.TlsContexts;
import io.tributary.connect.common.registry.RegistryClient;
import io.tributary.processor.config.RegistrySettings;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's view of Apicurio Registry (its native v2 API), for the jobs' Avro input and output. Every answer
 * is cached for the life of the process (a global id's schema and coordinates never change), so the registry is asked
 * once per schema, never per record: a job looks up the writer schema of a global id the first time a record carries
 * it, and registers its result schema once when it starts.
 *
 * <p>Why not Apicurio's {@code AvroKafkaDeserializer} on the per-record path: it reads every record with its writer
 * schema only (no reader schema, so no Avro schema resolution and no way to tell an incompatible writer from a
 * compatible one), and its errors name neither the subject nor the version. This class gives the jobs what they need
 * per global id (schema, artifact, version), and {@link io.tributary.processor.event.AvroEvents} does the decoding
 * with Avro's own resolving reader, in each of the wire formats ({@link io.tributary.processor.event.WireFraming}):
 * by global id ({@link #byGlobalId}) or, for Confluent's framing, by content id ({@link #byContentId}).
 *
 * <p>Why not common's {@link RegistryClient} for the lookups: it reads "subject S at version V" (in Apicurio's
 * group {@code default}, or through the Confluent-compatible API), which is what ValidateSchema and the push sources
 * need. The processor looks schemas up by global id and by content id, searches the artifacts that hold them, reads
 * versions in other groups, and registers its result schemas: none of that is in the shared client. What is shared
 * is how the registry is reached: the JDK client made by {@link RegistryClient#httpClient}, TLS trust and key stores
 * through common's {@code TlsContexts}, and Basic, bearer and OAuth2 client-credentials authentication through
 * common's {@code HttpAuth} (a token fetched again after a 401), the same classes the shared client uses.
 *
 * <p>One instance per registry settings in a JVM ({@link #of}), shared by the jobs and their tasks.
 */
public final class SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<RegistrySettings, SchemaRegistry> INSTANCES = new ConcurrentHashMap<>();
    private static final int ATTEMPTS = 4;

    /** A schema version: its artifact (group and id), version, global id, content id and the parsed schema. */
    public record Version(String group, String artifact, String version, long globalId, long contentId,
                          Schema schema) {
        /** "group/artifact" ("default" group left out), for messages and headers. */
        public String subject() {
            return group == null || group.equals("default") ? artifact : group + "/" + artifact;
        }

        public int versionNumber() {
            try {
                return Integer.parseInt(version);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    /** The registry could not be reached or refused the processor: not a fault of the record. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The versions that hold one content id (Confluent's wire format from Apicurio's serde or converter names the
     * content, not a version): usually one, several when artifacts were registered with the same content. The first
     * is the one registered first (lowest global id).
     */
    public record Content(long contentId, Schema schema, List<Version> holders) {
        /** The holders' subjects, comma-separated, for messages and the dead-letter subject header. */
        public String subjects() {
            return String.join(",", holders.stream().map(Version::subject).toList());
        }

        /** Their versions, in the same order. */
        public String versions() {
            return String.join(",", holders.stream().map(Version::version).toList());
        }
    }

    private final RegistrySettings settings;
    private final HttpClient http;
    private final HttpAuth auth;
    private final Map<Long, Version> byGlobalId = new ConcurrentHashMap<>();
    private final Map<Long, Content> byContentId = new ConcurrentHashMap<>();
    /** Ids ("g42", "c7") the registry did not know, with when it was asked: asked again after a minute at most. */
    private final Map<String, Long> unknown = new ConcurrentHashMap<>();

    private SchemaRegistry(RegistrySettings settings) {
        this.settings = settings;
        Duration timeout = Duration.ofSeconds(10);
        SSLContext tls = settings.trustStore() == null && settings.keyStore() == null ? null
                : TlsContexts.of(settings.trustStoreType(), settings.trustStore(), settings.trustStorePassword(),
                        settings.keyStore(), settings.keyStorePassword(),
                        "registry.tls.truststore.* / registry.tls.keystore.*");
        this.http = RegistryClient.httpClient(tls, timeout);
        this.auth = switch (settings.authType()) {
            case "basic" -> new HttpAuth.Basic(settings.username(), settings.password());
            case "bearer" -> new HttpAuth.Bearer(settings.token());
            case "oauth2" -> new OAuth2ClientCredentials(URI.create(settings.tokenUrl()), settings.username(),
                    settings.password(), settings.scope() == null ? "" : settings.scope(),
                    RegistryClient.httpClient(tls, timeout), System::currentTimeMillis);
            default -> new HttpAuth.None();
        };
    }

    public static SchemaRegistry of(RegistrySettings settings) {
        return INSTANCES.computeIfAbsent(settings, SchemaRegistry::new);
    }

    public String url() {
        return settings.url();
    }

    /** The schema with this global id, with its artifact and version; null when the registry has none. */
    public Version byGlobalId(long globalId) {
        Version known = byGlobalId.get(globalId);
        if (known != null) {
            return known;
        }
        if (recentlyUnknown("g" + globalId)) {
            return null;
        }
        String content = get("/ids/globalIds/" + globalId);
        if (content == null) {
            unknown.put("g" + globalId, System.currentTimeMillis());
            return null;
        }
        Schema schema = new Schema.Parser().parse(content);
        JsonNode found = json(get("/search/artifacts?limit=10&globalId=" + globalId));
        String group = "default";
        String artifact = "(global id " + globalId + ")";
        String version = "?";
        long contentId = -1;
        if (found != null && found.path("artifacts").size() > 0) {
            JsonNode a = found.path("artifacts").get(0);
            group = a.hasNonNull("groupId") ? a.get("groupId").asText() : "default";
            artifact = a.get("id").asText();
            JsonNode versions = json(get(artifactPath(group, artifact) + "/versions?limit=10000"));
            if (versions != null) {
                for (JsonNode v : versions.path("versions")) {
                    if (v.path("globalId").asLong() == globalId) {
                        version = v.path("version").asText();
                        contentId = v.path("contentId").asLong(-1);
                    }
                }
            }
        }
        Version v = new Version(group, artifact, version, globalId, contentId, schema);
        byGlobalId.put(globalId, v);
        LOG.info("schema registry: global id {} is {} version {}", globalId, v.subject(), version);
        return v;
    }

    /**
     * The schema with this content id and the versions that hold it (Apicurio's {@code /ids/contentIds/{id}}, then
     * its artifact search by content id); null when the registry has no such content. A content no version holds any
     * more (its artifacts deleted) has no holders.
     */
    public Content byContentId(long contentId) {
        Content known = byContentId.get(contentId);
        if (known != null) {
            return known;
        }
        if (recentlyUnknown("c" + contentId)) {
            return null;
        }
        String text = get("/ids/contentIds/" + contentId);
        if (text == null) {
            unknown.put("c" + contentId, System.currentTimeMillis());
            return null;
        }
        Schema schema = new Schema.Parser().parse(text);
        List<Version> holders = new ArrayList<>();
        JsonNode found = json(get("/search/artifacts?limit=100&contentId=" + contentId));
        for (JsonNode a : found == null ? JSON.createArrayNode() : found.path("artifacts")) {
            String group = a.hasNonNull("groupId") ? a.get("groupId").asText() : "default";
            String artifact = a.get("id").asText();
            JsonNode versions = json(get(artifactPath(group, artifact) + "/versions?limit=10000"));
            for (JsonNode v : versions == null ? JSON.createArrayNode() : versions.path("versions")) {
                if (v.path("contentId").asLong() == contentId) {
                    holders.add(new Version(group, artifact, v.path("version").asText(), v.path("globalId").asLong(),
                            contentId, schema));
                }
            }
        }
        holders.sort(Comparator.comparingLong(Version::globalId));
        Content c = new Content(contentId, schema, List.copyOf(holders));
        byContentId.put(contentId, c);
        LOG.info("schema registry: content id {} is {} version {}", contentId, c.subjects(), c.versions());
        return c;
    }

    private boolean recentlyUnknown(String id) {
        Long askedAt = unknown.get(id);
        return askedAt != null && System.currentTimeMillis() - askedAt < 60_000;
    }

    /** The artifact's latest version (asked each time: callers ask only when they meet a new global id); or null. */
    public Version latest(String group, String artifact) {
        JsonNode meta = json(get(artifactPath(group, artifact) + "/meta"));
        return meta == null ? null : byGlobalId(meta.path("globalId").asLong());
    }

    /** One version of an artifact; null when it has no such version. */
    public Version version(String group, String artifact, String version) {
        JsonNode meta = json(get(artifactPath(group, artifact) + "/versions/" + encode(version) + "/meta"));
        return meta == null ? null : byGlobalId(meta.path("globalId").asLong());
    }

    /**
     * Registers {@code schema} as a version of the artifact unless one with the same content exists (which is then
     * returned): the same job definition gives the same version however often it starts.
     */
    public Version register(String group, String artifact, Schema schema) {
        String body = schema.toString();
        HttpRequest request = request(artifactsPath(group) + "?ifExists=RETURN_OR_UPDATE&canonical=true")
                .header("Content-Type", "application/json")
                .header("X-Registry-ArtifactId", artifact)
                .header("X-Registry-ArtifactType", "AVRO")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        JsonNode meta = json(send(request, "register " + artifact));
        if (meta == null) {
            throw new Unavailable("schema registry " + settings.url() + ": registering " + artifact + " answered 404",
                    null);
        }
        Version v = new Version(group, artifact, meta.path("version").asText(), meta.path("globalId").asLong(),
                meta.path("contentId").asLong(-1), schema);
        byGlobalId.put(v.globalId(), v);
        return v;
    }

    private String get(String path) {
        return send(request(path).GET().build(), "GET " + path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
    }

    /** The body; null for 404. Connection failures, 429 and 5xx are retried with backoff, then Unavailable. */
    private String send(HttpRequest request, String what) {
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = send(request);
                if (response.statusCode() == 401 && auth.refreshAfterUnauthorized()) {
                    response = send(request);
                }
                int status = response.statusCode();
                if (status == 404) {
                    return null;
                }
                if (status >= 200 && status < 300) {
                    return response.body();
                }
                if (status != 429 && status < 500) {
                    throw new Unavailable("schema registry " + settings.url() + ": " + what + " answered " + status
                            + (status == 401 || status == 403 ? " (check registry.auth.*)" : ""), null);
                }
                last = new IOException("status " + status);
            } catch (IOException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Unavailable("interrupted while asking the schema registry", e);
            }
            if (attempt < ATTEMPTS) {
                try {
                    Thread.sleep(250L << attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Unavailable("interrupted while asking the schema registry", e);
                }
            }
        }
        throw new Unavailable("schema registry " + settings.url() + " did not answer " + what + " after " + ATTEMPTS
                + " attempts: " + last, last);
    }

    /** The request with the credentials of {@code registry.auth.*} (a token fetched when due). */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true);
        URI target = auth.apply(request.uri(), b);
        return http.send(b.uri(target).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String body) {
        if (body == null) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new Unavailable("schema registry answered something that is not JSON", e);
        }
    }

    private static String artifactsPath(String group) {
        return "/groups/" + encode(group == null ? "default" : group) + "/artifacts";
    }

    private static String artifactPath(String group, String artifact) {
        return artifactsPath(group) + "/" + encode(artifact);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
