package io.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The Connect REST calls the demo makes: create connectors from config files, wait until they run. */
public final class ConnectClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public ConnectClient(URI base) {
        this.base = base;
    }

    /**
     * Creates or updates the connector described by a file in the form posted to {@code POST /connectors}
     * ({@code {"name": ..., "config": {...}}}), through {@code PUT /connectors/{name}/config}, which is idempotent.
     */
    public String apply(Path file) throws IOException, InterruptedException {
        JsonNode connector = JSON.readTree(Files.readString(file));
        String name = connector.path("name").asText(null);
        if (name == null || !connector.path("config").isObject()) {
            throw new IOException(file + " is not a connector definition ({\"name\": ..., \"config\": {...}})");
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(connector.get("config")))));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Connect refused " + file.getFileName() + " (HTTP " + response.statusCode() + "): "
                    + response.body());
        }
        return name;
    }

    /** Waits until the connector and all its tasks are RUNNING; fails with the task's trace if one FAILED. */
    public void awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/status")).GET());
            if (response.statusCode() == 200) {
                JsonNode status = JSON.readTree(response.body());
                last = response.body();
                boolean running = "RUNNING".equals(status.path("connector").path("state").asText())
                        && status.path("tasks").size() > 0;
                for (JsonNode task : status.path("tasks")) {
                    String state = task.path("state").asText();
                    if ("FAILED".equals(state)) {
                        throw new IOException("Task " + task.path("id").asInt() + " of " + name + " failed: "
                                + task.path("trace").asText().lines().findFirst().orElse(""));
                    }
                    running &= "RUNNING".equals(state);
                }
                if (running) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new IOException("Connector " + name + " was not RUNNING after " + timeout.toSeconds() + " s: " + last);
    }

    /** The states of a connector's tasks, e.g. "RUNNING,RUNNING". */
    public String taskStates(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/status")).GET());
        StringBuilder states = new StringBuilder();
        for (JsonNode task : JSON.readTree(response.body()).path("tasks")) {
            states.append(states.length() == 0 ? "" : ",").append(task.path("state").asText());
        }
        return states.toString();
    }

    /** Creates or updates a connector from a config map ({@code PUT /connectors/{name}/config}). */
    public void configure(String name, java.util.Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Connect refused " + name + " (HTTP " + response.statusCode() + "): " + response.body());
        }
    }

    /** Deletes a connector. */
    public void delete(String name) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(base.resolve("connectors/" + name)).DELETE());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
