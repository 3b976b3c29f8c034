package io.tributary.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The local schema registry (Apicurio Registry, started by {@code ./tributary services start registry} on
 * 127.0.0.1:8081, or at {@code TRIBUTARY_REGISTRY_URL}): where it is and whether it answers.
 */
final class RegistryCheck {

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    RegistryCheck() {
        this(URI.create(System.getenv().getOrDefault("TRIBUTARY_REGISTRY_URL", "http://127.0.0.1:8081")));
    }

    RegistryCheck(URI base) {
        this.base = base;
    }

    /** Apicurio's own API, as its converters and serdes take it ({@code apicurio.registry.url}). */
    String apiUrl() {
        return base.resolve("/apis/registry/v2").toString();
    }

    /** The Confluent-compatible API. */
    String confluentApiUrl() {
        return base.resolve("/apis/ccompat/v7").toString();
    }

    boolean answers() {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/apis/registry/v2/system/info"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("apicurio-registry");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One line for the stack's summary. */
    String describe() {
        return answers()
                ? apiUrl() + " (Apicurio Registry, in memory; Confluent-compatible API: " + confluentApiUrl() + ")"
                : "not answering at " + base + " (./tributary services start registry)";
    }
}
