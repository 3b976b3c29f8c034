package io.tributary.processor.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.processor.config.StatusSettings;
import io.tributary.processor.event.Events;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Connect REST API and the workers' Prometheus endpoints with the JDK's HTTP client (Basic credentials and
 * TLS from {@link StatusSettings}). Connect's REST API is the one source of connector and task state: nothing here is
 * kept between looks.
 */
final class ConnectRestClient {

    private final StatusSettings settings;
    private final HttpClient http;
    private final String authorization;

    ConnectRestClient(StatusSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
                .sslContext(settings.sslContext()).build();
        this.authorization = settings.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The URL of the first cluster that answered, with every connector of it and of the other clusters that answered;
     * {@code error} names the other clusters that did not (null when all did).
     */
    record Listing(String url, List<ConnectorView> connectors, String error) {
    }

    /**
     * The first cluster's connectors (its URLs asked in turn, the first that answers for all of it; none answering
     * is the exception), then each other cluster's.
     */
    Listing connectors() throws IOException {
        IOException last = null;
        for (String base : settings.connectUrls()) {
            List<ConnectorView> first;
            try {
                first = list(base);
            } catch (IOException e) {
                last = e;
                continue;
            }
            List<ConnectorView> all = new ArrayList<>(first);
            List<String> errors = new ArrayList<>();
            for (String other : settings.otherConnectUrls()) {
                try {
                    all.addAll(list(other));
                } catch (IOException e) {
                    errors.add(e.getMessage());
                }
            }
            return new Listing(base, List.copyOf(all), errors.isEmpty() ? null : String.join("; ", errors));
        }
        throw last == null ? new IOException("no Connect URL configured") : last;
    }

    private List<ConnectorView> list(String base) throws IOException {
        JsonNode expanded = json(base + "/connectors?expand=status&expand=info");
        Map<String, List<String>> topics = new HashMap<>();
        var names = expanded.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            List<String> active = activeTopics(base, name);
            if (active != null) {
                topics.put(name, active);
            }
        }
        return ConnectorView.parse(expanded, topics);
    }

    /** {@code /connectors/{name}/topics}; null when Connect tracks no topics (it answers 400 or 404 then). */
    private List<String> activeTopics(String base, String name) throws IOException {
        HttpResponse<String> response = get(base + "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/topics");
        if (response.statusCode() != 200) {
            return null;
        }
        List<String> out = new ArrayList<>();
        Events.MAPPER.readTree(response.body()).path(name).path("topics").forEach(t -> out.add(t.asText()));
        return out.stream().sorted().toList();
    }

    /** A worker's metrics page as text. */
    String text(String url) throws IOException {
        HttpResponse<String> response = get(url);
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return response.body();
    }

    private JsonNode json(String url) throws IOException {
        HttpResponse<String> response = get(url);
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return Events.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> get(String url) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.requestTimeout()).GET()
                .header("Accept", "application/json, text/plain");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + url, e);
        } catch (IOException e) {
            throw new IOException(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
