package io.tributary.connect.source.push.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.source.push.PushTaskHarness;
import io.tributary.connect.source.push.config.PushSourceConfig;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code GET /health} of a push server as a load balancer in front of several workers reads it: which connectors'
 * tasks this worker holds on the port, and 503 once every task on it is stopping (or, per connector, once that
 * connector has none running here).
 */
class PushServerHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final int port = PushTaskHarness.freePort();
    private final ServerSettings settings = new ServerSettings("127.0.0.1", port, 1, "", "", "", "", "PKCS12",
            PushSourceConfig.ClientAuth.NONE);
    private final List<Runnable> leaving = new ArrayList<>();

    @AfterEach
    void leaveAll() {
        leaving.forEach(Runnable::run);
    }

    /** A handler answering 200 with how many tasks of its connector take requests, 503 when none. */
    private static final Function<TaskPool<Object>, HttpHandler> COUNTING = pool -> exchange ->
            Responses.json(exchange, pool.size() == 0 ? 503 : 200, "{\"tasks\":" + pool.size() + "}");

    private PushServer join(String connector, int index, List<String> paths, Object task) {
        PushServer server = PushServer.join(settings, connector, index, paths, COUNTING, task);
        leaving.add(() -> server.leave(connector, task));
        return server;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthNamesEveryConnectorTaskAndPathThisWorkerHolds() throws Exception {
        join("orders", 2, List.of("/events", "/events/batch"), new Object());
        join("orders", 0, List.of("/events", "/events/batch"), new Object());
        join("stream", 1, List.of("/events/stream"), new Object());

        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("port").asInt()).isEqualTo(port);
        assertThat(body.path("worker").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(body.path("worker").path("host").asText()).isNotBlank();
        JsonNode orders = body.path("connectors").path("orders");
        assertThat(orders.path("status").asText()).isEqualTo("UP");
        assertThat(orders.path("tasks").toString()).isEqualTo("[0,2]");
        assertThat(orders.path("draining").toString()).isEqualTo("[]");
        assertThat(orders.path("paths").toString()).isEqualTo("[\"/events\",\"/events/batch\"]");
        assertThat(body.path("connectors").path("stream").path("tasks").toString()).isEqualTo("[1]");
        assertThat(body.path("connectors").size()).isEqualTo(2);
    }

    @Test
    void healthOfOneConnectorIsDownWhereItHasNoTask() throws Exception {
        join("orders", 0, List.of("/events"), new Object());

        HttpResponse<String> mine = get("/health?connector=orders");
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(mine.body()).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> other = get("/health?connector=stream");
        assertThat(other.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(other.body()).path("status").asText()).isEqualTo("DOWN");
    }

    @Test
    void aDrainingTaskIsDealtNoRequestsAndTheServerTurnsUnhealthyOnceAllDrain() throws Exception {
        Object first = new Object();
        Object second = new Object();
        PushServer server = join("orders", 0, List.of("/events"), first);
        join("orders", 1, List.of("/events"), second);
        assertThat(get("/events").body()).isEqualTo("{\"tasks\":2}");

        server.drain("orders", first);
        assertThat(get("/events").body()).as("only the running task is dealt requests").isEqualTo("{\"tasks\":1}");
        HttpResponse<String> oneDraining = get("/health");
        assertThat(oneDraining.statusCode()).isEqualTo(200);
        JsonNode orders = JSON.readTree(oneDraining.body()).path("connectors").path("orders");
        assertThat(orders.path("tasks").toString()).isEqualTo("[1]");
        assertThat(orders.path("draining").toString()).isEqualTo("[0]");

        server.drain("orders", second);
        HttpResponse<String> allDraining = get("/health");
        assertThat(allDraining.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(allDraining.body()).path("status").asText()).isEqualTo("DRAINING");
        assertThat(get("/health?connector=orders").statusCode()).isEqualTo(503);
        assertThat(get("/events").statusCode()).as("the port still answers while draining").isEqualTo(503);

        server.leave("orders", first);
        server.leave("orders", second);
        assertThatThrownBy(() -> get("/health")).as("the last task out closes the port")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void anotherConnectorKeepsTheServerHealthyWhileOneDrains() throws Exception {
        Object listener = new Object();
        PushServer server = join("orders", 0, List.of("/events"), listener);
        join("stream", 0, List.of("/events/stream"), new Object());

        server.drain("orders", listener);
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/health?connector=orders").statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(get("/health?connector=orders").body()).path("status").asText())
                .isEqualTo("DRAINING");
        assertThat(get("/health?connector=stream").statusCode()).isEqualTo(200);
        server.leave("orders", listener);
        assertThat(JSON.readTree(get("/health").body()).path("connectors").has("orders")).isFalse();
    }

    @Test
    void headAsksTheSameWithoutABody() throws IOException, InterruptedException {
        join("orders", 0, List.of("/events"), new Object());
        HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/health")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }
}
