package io.tributary.processor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.config.RegistrySettings;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
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
 * with Avro's own resolving reader. The wire format is Apicurio's: the global id in the
 * {@code apicurio.value.globalId} header (the serde's default), or magic byte 0 and an 8-byte global id ahead of the
 * Avro body (the serde with headers off, and what the processor writes); the tests read results back with Apicurio's
 * own deserializer.
 *
 * <p>One instance per registry settings in a JVM ({@link #of}), shared by the jobs and their tasks.
 */
public final class SchemaRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<RegistrySettings, SchemaRegistry> INSTANCES = new ConcurrentHashMap<>();
    private static final int ATTEMPTS = 4;

    /** A schema version: its artifact (group and id), version, global id and the parsed schema. */
    public record Version(String group, String artifact, String version, long globalId, Schema schema) {
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

    private final RegistrySettings settings;
    private final HttpClient http;
    private final Map<Long, Version> byGlobalId = new ConcurrentHashMap<>();
    /** Global ids the registry did not know, with when it was asked: asked again after a minute at most. */
    private final Map<Long, Long> unknown = new ConcurrentHashMap<>();

    private SchemaRegistry(RegistrySettings settings) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (settings.trustStore() != null) {
            builder.sslContext(sslContext(settings));
        }
        this.http = builder.build();
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
        Long askedAt = unknown.get(globalId);
        if (askedAt != null && System.currentTimeMillis() - askedAt < 60_000) {
            return null;
        }
        String content = get("/ids/globalIds/" + globalId);
        if (content == null) {
            unknown.put(globalId, System.currentTimeMillis());
            return null;
        }
        Schema schema = new Schema.Parser().parse(content);
        JsonNode found = json(get("/search/artifacts?limit=10&globalId=" + globalId));
        String group = "default";
        String artifact = "(global id " + globalId + ")";
        String version = "?";
        if (found != null && found.path("artifacts").size() > 0) {
            JsonNode a = found.path("artifacts").get(0);
            group = a.hasNonNull("groupId") ? a.get("groupId").asText() : "default";
            artifact = a.get("id").asText();
            JsonNode versions = json(get(artifactPath(group, artifact) + "/versions?limit=10000"));
            if (versions != null) {
                for (JsonNode v : versions.path("versions")) {
                    if (v.path("globalId").asLong() == globalId) {
                        version = v.path("version").asText();
                    }
                }
            }
        }
        Version v = new Version(group, artifact, version, globalId, schema);
        byGlobalId.put(globalId, v);
        LOG.info("schema registry: global id {} is {} version {}", globalId, v.subject(), version);
        return v;
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
                schema);
        byGlobalId.put(v.globalId(), v);
        return v;
    }

    private String get(String path) {
        return send(request(path).GET().build(), "GET " + path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        switch (settings.authType()) {
            case "basic" -> b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8)));
            case "bearer" -> b.header("Authorization", "Bearer " + settings.token());
            default -> {
            }
        }
        return b;
    }

    /** The body; null for 404. Connection failures, 429 and 5xx are retried with backoff, then Unavailable. */
    private String send(HttpRequest request, String what) {
        Exception last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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

    private static SSLContext sslContext(RegistrySettings settings) {
        try (InputStream in = Files.newInputStream(Path.of(settings.trustStore()))) {
            KeyStore store = KeyStore.getInstance(settings.trustStoreType());
            store.load(in, settings.trustStorePassword() == null ? null : settings.trustStorePassword().toCharArray());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("registry.tls.truststore.location: cannot load "
                    + settings.trustStore() + ": " + e.getMessage(), e);
        }
    }
}
