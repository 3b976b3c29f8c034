package io.tributary.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The Connect REST API as a user drives it with curl: create or update connectors, read their status, validate
 * configs, list plugins. Works against in-JVM and forked workers alike.
 */
public final class ConnectRest {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    public ConnectRest(URI base) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
    }

    public URI base() {
        return base;
    }

    /** A response: status code and body as parsed JSON (or text). */
    public record Response(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public Response expect(int... statuses) {
            for (int s : statuses) {
                if (s == status) {
                    return this;
                }
            }
            throw new AssertionError("unexpected HTTP " + status + ": " + body);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET());
    }

    public Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Response patch(String path, Object body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(toJson(body))));
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE());
    }

    /** Creates or updates a connector ({@code PUT /connectors/{name}/config}). */
    public Response configure(String name, Map<String, String> config) {
        return put("connectors/" + name + "/config", config).expect(200, 201);
    }

    public JsonNode status(String name) {
        return get("connectors/" + name + "/status").expect(200).json();
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}: the error count and messages per key. */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        String simple = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
        return put("connector-plugins/" + simple + "/config/validate", config).expect(200).json();
    }

    public JsonNode plugins(boolean connectorsOnly) {
        return get("connector-plugins?connectorsOnly=" + connectorsOnly).expect(200).json();
    }

    public JsonNode offsets(String name) {
        return get("connectors/" + name + "/offsets").expect(200).json();
    }

    /**
     * A sink connector's committed positions from {@code GET /connectors/{name}/offsets}: its consumer group's
     * offset of each topic-partition ({@code kafka_topic}, {@code kafka_partition} → {@code kafka_offset}).
     */
    public Map<TopicPartition, Long> sinkOffsets(String name) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (JsonNode entry : offsets(name).path("offsets")) {
            JsonNode partition = entry.path("partition");
            positions.put(new TopicPartition(partition.path("kafka_topic").asText(),
                    partition.path("kafka_partition").asInt()), entry.path("offset").path("kafka_offset").asLong());
        }
        return positions;
    }

    /** Waits until the connector and {@code tasks} tasks are RUNNING; fails early if any task FAILED. */
    public void awaitRunning(String name, int tasks, Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        Await.until(timeout, "connector " + name + " RUNNING with " + tasks + " RUNNING tasks", () -> {
            Response response = get("connectors/" + name + "/status");
            if (response.status() != 200) {
                return false;
            }
            JsonNode status = response.json();
            last[0] = status;
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    throw new AssertionError("task " + task.path("id").asInt() + " of " + name + " FAILED: "
                            + task.path("trace").asText());
                }
            }
            long running = 0;
            for (JsonNode task : status.path("tasks")) {
                if ("RUNNING".equals(task.path("state").asText())) {
                    running++;
                }
            }
            return "RUNNING".equals(status.path("connector").path("state").asText()) && running == tasks;
        }, () -> String.valueOf(last[0]));
    }

    /**
     * Changes a running connector's config so that every record after this returns comes from tasks with the new
     * config: stops the connector (Connect 3.5+, {@code PUT /connectors/{name}/stop}: its tasks are shut down, each
     * worker's herder awaiting that before it handles the next config change), writes the config, resumes it and
     * waits for its tasks. A plain {@link #configure} followed by {@link #awaitRunning} can return while the old
     * tasks still run (their status is RUNNING too), so input written then may be read with the old config.
     */
    public void reconfigure(String name, Map<String, String> config, int tasks, Duration timeout) {
        put("connectors/" + name + "/stop", Map.of()).expect(202, 204);
        Await.until(timeout, "connector " + name + " STOPPED with no tasks", () -> {
            JsonNode status = status(name);
            return "STOPPED".equals(status.path("connector").path("state").asText())
                    && status.path("tasks").isEmpty();
        }, () -> String.valueOf(status(name)));
        configure(name, config);
        put("connectors/" + name + "/resume", Map.of()).expect(202, 204);
        awaitRunning(name, tasks, timeout);
    }

    /** The worker id ("host:port") running task {@code task} of a connector, or null. */
    public String workerOfTask(String name, int task) {
        for (JsonNode t : status(name).path("tasks")) {
            if (t.path("id").asInt() == task && "RUNNING".equals(t.path("state").asText())) {
                return t.path("worker_id").asText();
            }
        }
        return null;
    }

    public boolean isUp() {
        try {
            return get("").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("request to " + base + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String toJson(Object body) {
        try {
            return body instanceof String ? (String) body : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
