package io.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What {@code demo --avro} asks the schema registry itself: registering the event schema the push sources fetch by
 * subject, and how many versions each subject has (through the Confluent-compatible API, where an Apicurio artifact
 * of group {@code default} is a subject), so the summary can say how many the demo registered.
 */
final class RegistrySubjects {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryCheck registry;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RegistrySubjects(RegistryCheck registry) {
        this.registry = registry;
    }

    /**
     * Registers an Avro schema as the artifact {@code subject} of group {@code default}; the same text again returns
     * the version that has it (Apicurio's {@code ifExists=RETURN_OR_UPDATE}), so repeated demos add no version.
     * Returns the version.
     */
    String registerAvro(String subject, String schema) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(registry.apiUrl()
                        + "/groups/default/artifacts?ifExists=RETURN_OR_UPDATE&canonical=false"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Registry-ArtifactId", subject)
                .header("X-Registry-ArtifactType", "AVRO")
                .POST(HttpRequest.BodyPublishers.ofString(schema)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("The schema registry at " + registry.apiUrl() + " refused subject '" + subject
                    + "': HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).path("version").asText();
    }

    /** The number of versions of every subject {@code wanted} accepts (subjects without versions are left out). */
    Map<String, Integer> versions(Predicate<String> wanted) throws IOException, InterruptedException {
        Map<String, Integer> versions = new TreeMap<>();
        for (JsonNode subject : get("/subjects")) {
            String name = subject.asText();
            if (wanted.test(name)) {
                JsonNode list = get("/subjects/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/versions");
                if (list.isArray() && !list.isEmpty()) {
                    versions.put(name, list.size());
                }
            }
        }
        return versions;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(registry.confluentApiUrl() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return JSON.createArrayNode();
        }
        if (response.statusCode() != 200) {
            throw new IOException("The schema registry at " + registry.confluentApiUrl() + " answered HTTP "
                    + response.statusCode() + " to GET " + path);
        }
        return JSON.readTree(response.body());
    }
}
