package io.tributary.connect.common.data;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.http.HttpAuth;
import org.apache.kafka.connect.data.Schema;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches one schema from a schema registry by subject and version, once (at a task's start), and turns it into a
 * Connect struct schema with {@link JsonStructs}. Two APIs are spoken, chosen by the URL:
 * <ul>
 *   <li>a URL whose path holds {@code /apis/registry/v2}: Apicurio Registry's own API, the subject being the
 *       artifact id in the group {@code default} ({@code GET .../groups/default/artifacts/{id}/meta} or
 *       {@code .../versions/{v}/meta} for the type and version, then the content);</li>
 *   <li>any other URL: the Confluent Schema Registry API ({@code GET {url}/subjects/{subject}/versions/{v}}), which
 *       Confluent's registry, Apicurio's {@code /apis/ccompat/v7} and Karapace answer.</li>
 * </ul>
 * Avro and JSON Schema artifacts are understood; other types (Protobuf) are refused with the subject named.
 */
public final class RegistrySchemas {

    /** A fetched schema: its text, registry type (AVRO, JSON), the version fetched and where from. */
    public record Fetched(String text, String type, String version, String url) {
        /** The Connect struct schema of it; {@code defaultName} names it when the schema does not. */
        public Schema connectSchema(String defaultName, String subject) {
            try {
                return switch (type) {
                    case "AVRO" -> JsonStructs.fromAvro(text);
                    case "JSON" -> JsonStructs.fromJsonSchema(JsonData.MAPPER.readTree(text), defaultName);
                    default -> throw new IllegalArgumentException("its type is " + type + "; Avro and JSON Schema "
                            + "are supported");
                };
            } catch (IOException | IllegalArgumentException e) {
                throw new RegistryException("The schema of subject '" + subject + "' version " + version + " at "
                        + url + " cannot be used: " + e.getMessage());
            }
        }
    }

    /** The registry could not give the schema; the message names the URL and the subject. */
    public static final class RegistryException extends RuntimeException {
        public RegistryException(String message) {
            super(message);
        }

        public RegistryException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HttpClient client;
    private final HttpAuth auth;
    private final Duration timeout;

    public RegistrySchemas(HttpClient client, HttpAuth auth, Duration timeout) {
        this.client = client;
        this.auth = auth;
        this.timeout = timeout;
    }

    /** Whether {@code url} is Apicurio's own v2 API (else the Confluent-compatible one is spoken). */
    public static boolean apicurioV2(String url) {
        return URI.create(url).getPath().contains("/apis/registry/v2");
    }

    /**
     * The schema of {@code subject} at {@code version} ("latest" or a number).
     *
     * @throws RegistryException naming the URL and subject when unreachable, missing or refused
     */
    public Fetched fetch(String url, String subject, String version) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String s = URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
        if (apicurioV2(base)) {
            String artifact = base.substring(0, base.indexOf("/apis/registry/v2") + "/apis/registry/v2".length())
                    + "/groups/default/artifacts/" + s;
            String versionPath = "latest".equals(version) ? "" : "/versions/" + version;
            JsonNode meta = json(get(artifact + versionPath + "/meta", url, subject, version), url, subject);
            String fetchedVersion = meta.path("version").asText(version);
            String content = get(artifact + "/versions/" + fetchedVersion, url, subject, version);
            return new Fetched(content, meta.path("type").asText("AVRO"), fetchedVersion, url);
        }
        JsonNode body = json(get(base + "/subjects/" + s + "/versions/" + version, url, subject, version), url,
                subject);
        if (!body.path("schema").isTextual()) {
            throw new RegistryException("The schema registry at " + url + " answered for subject '" + subject
                    + "' without a schema");
        }
        return new Fetched(body.get("schema").asText(), body.path("schemaType").asText("AVRO"),
                body.path("version").asText(version), url);
    }

    private String get(String target, String url, String subject, String version) {
        String what = "subject '" + subject + "' version " + version + " from the schema registry at " + url;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder().timeout(timeout).GET()
                    .header("Accept", "application/json");
            URI uri = auth.apply(URI.create(target), request);
            HttpResponse<String> response = client.send(request.uri(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 && auth.refreshAfterUnauthorized()) {
                uri = auth.apply(URI.create(target), request);
                response = client.send(request.uri(uri).build(), HttpResponse.BodyHandlers.ofString());
            }
            int status = response.statusCode();
            if (status == 404) {
                throw new RegistryException("Cannot fetch " + what + ": not found (404)");
            }
            if (status == 401 || status == 403) {
                throw new RegistryException("Cannot fetch " + what + ": refused (" + status + "), check the "
                        + "registry credentials");
            }
            if (status / 100 != 2) {
                throw new RegistryException("Cannot fetch " + what + ": HTTP " + status);
            }
            return response.body();
        } catch (IOException e) {
            throw new RegistryException("Cannot fetch " + what + ": unreachable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("Interrupted while fetching " + what, e);
        } catch (IllegalArgumentException e) {
            throw new RegistryException("Cannot fetch " + what + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode json(String body, String url, String subject) {
        try {
            return JsonData.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new RegistryException("The schema registry at " + url + " answered for subject '" + subject
                    + "' with something other than JSON");
        }
    }
}
