package io.tributary.connect.source.websocket.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.tributary.connect.source.listener.HttpListenerSourceConnector;
import io.tributary.connect.source.websocket.server.WebSocketSourceConnector;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.RegistryFront;
import io.tributary.testsupport.TestCertificates;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three JSON-event sources with {@code output=struct} in a real Connect worker whose value converter is
 * Apicurio's AvroConverter against the real registry: the HTTP listener (the shipped example config, its schema
 * fetched through Apicurio's own API), the WebSocket server (the same subject through the Confluent-compatible API)
 * and the WebSocket client (a declared JSON Schema). Every event is read back through the converter and compared
 * field by field; an event that does not fit goes to the dead-letter topic and its client is told why; each value
 * subject has exactly one version after the run; a registry that does not answer fails the task naming URL and
 * subject; a registry behind TLS and OAuth2 client credentials is reached with the same schema.registry.* keys as
 * ValidateSchema's.
 */
class StructOutputRegistryIT {

    private static final String KEY = "it-key";
    private static final String AVRO = """
            {"type":"record","name":"Event","namespace":"shop","fields":[
              {"name":"event_id","type":"string"},
              {"name":"user_id","type":"string"},
              {"name":"qty","type":"int"},
              {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"tags","type":{"type":"array","items":"string"}},
              {"name":"note","type":["null","string"],"default":null}]}""";
    private static final String JSON_SCHEMA = """
            {"$schema":"http://json-schema.org/draft-07/schema#","title":"feed.Trade","type":"object",
             "required":["event_id","user_id","qty"],
             "properties":{"event_id":{"type":"string"},"user_id":{"type":"string"},
               "qty":{"type":"integer","format":"int32"},"price":{"type":"number"},
               "at":{"type":"string","format":"date-time"}}}""";

    private static String event(String id, int i) {
        return "{\"event_id\":\"" + id + "\",\"user_id\":\"u-" + i % 7 + "\",\"qty\":" + i + ",\"amount\":" + i
                + ".25,\"at\":\"2026-12-07T10:00:0" + i % 10 + "Z\",\"tags\":[\"t" + i + "\"]"
                + (i % 2 == 0 ? ",\"note\":\"n" + i + "\"" : "") + ",\"unknown\":true}";
    }

    @Test
    void everyEventIsOneStructOfOneRegisteredSchemaAndMisfitsAreDeadLettered() throws Exception {
        URI registry = LocalServices.registry();
        String api = LocalServices.registryApi();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = "it-event-" + run;
        HttpClient http = HttpClient.newHttpClient();
        register(http, registry, subject);

        String httpTopic = "it-http-" + run;
        String wsTopic = "it-ws-" + run;
        String feedTopic = "it-feed-" + run;
        try (FakeFeed feed = new FakeFeed();
             ConnectCluster cluster = ConnectCluster.builder("struct-output").workers(1).start()) {
            ConnectRest rest = cluster.rest();
            for (String topic : List.of(httpTopic, wsTopic, feedTopic)) {
                cluster.createTopic(topic, 1);
                cluster.createTopic(topic + "-dlq", 1);
            }
            int httpPort = freePort();
            int wsPort = freePort();

            Map<String, String> listener = example("http-listener-source-avro.json");
            listener.put("listener.port", String.valueOf(httpPort));
            listener.put("auth.api.keys", KEY);
            listener.put("topic", httpTopic);
            listener.put("dlq.topic", httpTopic + "-dlq");
            listener.put("schema.registry.url", api);
            listener.put("schema.subject", subject);
            listener.put("value.converter.apicurio.registry.url", api);

            Map<String, String> websocket = new HashMap<>(Map.of(
                    "name", "ws-struct", "connector.class", WebSocketSourceConnector.class.getName(),
                    "tasks.max", "1", "topic", wsTopic, "dlq.topic", wsTopic + "-dlq",
                    "listener.port", String.valueOf(wsPort), "event.id.pointer", "/event_id", "output", "struct",
                    "schema.registry.url", registry.resolve("/apis/ccompat/v7").toString(),
                    "schema.subject", subject));
            websocket.putAll(avroConverter(api));

            feed.onMessage((peer, message) -> {
                for (int i = 0; i < 10; i++) {
                    FakeFeed.send(peer, "{\"event_id\":\"f-" + i + "\",\"user_id\":\"u\",\"qty\":" + i
                            + ",\"price\":" + i + ".5,\"at\":" + (1_796_637_600_000L + i) + "}");
                }
                FakeFeed.send(peer, "{\"event_id\":\"f-bad\",\"user_id\":\"u\",\"qty\":\"many\"}");
            });
            Map<String, String> client = new HashMap<>(Map.of(
                    "name", "feed-struct", "connector.class", WebSocketClientSourceConnector.class.getName(),
                    "tasks.max", "1", "topic", feedTopic, "dlq.topic", feedTopic + "-dlq",
                    "websocket.urls", feed.url("/v1/trades"),
                    "websocket.subscribe.messages", "[{\"op\":\"subscribe\"}]", "output", "struct",
                    "schema.definition", JSON_SCHEMA, "record.key.pointer", "/event_id"));
            client.putAll(avroConverter(api));

            for (Map<String, String> config : List.of(listener, websocket, client)) {
                start(rest, config);
            }

            // HTTP listener: 20 events and one whose qty is no integer.
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                body.append(event("h-" + i, i)).append('\n');
            }
            body.append("{\"event_id\":\"h-bad\",\"user_id\":\"u\",\"qty\":\"x\",\"amount\":1,\"at\":1,\"tags\":[]}\n");
            HttpResponse<String> answer = postBatch(http, httpPort, body.toString(), KEY);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(207);
            JsonNode results = ConnectRest.JSON.readTree(answer.body()).path("results");
            assertThat(results).hasSize(21);
            for (int i = 0; i < 20; i++) {
                assertThat(results.get(i).path("status").asText()).as(results.get(i).toString()).isEqualTo("written");
            }
            assertThat(results.get(20).path("status").asText()).isEqualTo("dead-lettered");
            assertThat(results.get(20).toString()).contains("field 'qty' should be an integer");

            // WebSocket server: 10 frames and one without its required amount.
            LinkedBlockingQueue<String> acks = new LinkedBlockingQueue<>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + wsPort
                    + "/events/stream"), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                acks.add(partial.toString());
                                partial.setLength(0);
                            }
                            socket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                ws.sendText(event("w-" + i, i), true).get(5, TimeUnit.SECONDS);
            }
            ws.sendText("{\"event_id\":\"w-bad\",\"user_id\":\"u\",\"qty\":1,\"at\":1,\"tags\":[]}", true)
                    .get(5, TimeUnit.SECONDS);
            int nacks = 0;
            for (int i = 0; i < 11; i++) {
                String frame = acks.poll(60, TimeUnit.SECONDS);
                assertThat(frame).as("answer " + i).isNotNull();
                JsonNode ack = ConnectRest.JSON.readTree(frame);
                if (ack.has("nack")) {
                    nacks++;
                    assertThat(ack.path("status").asText()).isEqualTo("dead-lettered");
                    assertThat(frame).contains("field 'amount' is required but missing or null");
                }
            }
            assertThat(nacks).isEqualTo(1);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");

            AvroConverter reader = new AvroConverter();
            reader.configure(Map.of("apicurio.registry.url", api), false);

            Map<String, Struct> httpEvents = read(cluster, reader, httpTopic, 20);
            for (int i = 0; i < 20; i++) {
                assertEvent(httpEvents.get("h-" + i), i);
            }
            Map<String, Struct> wsEvents = read(cluster, reader, wsTopic, 10);
            for (int i = 0; i < 10; i++) {
                assertEvent(wsEvents.get("w-" + i), i);
            }
            Map<String, Struct> feedEvents = read(cluster, reader, feedTopic, 10);
            for (int i = 0; i < 10; i++) {
                Struct s = feedEvents.get("f-" + i);
                assertThat(s).as("feed event " + i).isNotNull();
                assertThat(s.schema().name()).isEqualTo("feed.Trade");
                assertThat(s.getInt32("qty")).isEqualTo(i);
                assertThat(s.getFloat64("price")).isEqualTo(i + 0.5);
                assertThat(((java.util.Date) s.get("at")).getTime()).isEqualTo(1_796_637_600_000L + i);
            }

            for (String topic : List.of(httpTopic, wsTopic, feedTopic)) {
                List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAtLeast(cluster.bootstrapServers(),
                        topic + "-dlq", 1, Duration.ofSeconds(60));
                assertThat(letters).as(topic + " dead letters").hasSize(1);
                assertThat(header(letters.get(0), "tributary.error.message")).as(topic)
                        .startsWith("does not fit the schema: field '");
                assertThat(versions(http, registry, topic + "-value")).as(topic + "-value versions").isEqualTo(1);
            }
            assertThat(versions(http, registry, subject)).as("the events' own subject").isEqualTo(1);
        }
    }

    @Test
    void aRegistryThatDoesNotAnswerFailsTheTaskNamingUrlAndSubject() throws Exception {
        int closed = freePort();
        String url = "http://127.0.0.1:" + closed + "/apis/ccompat/v7";
        try (ConnectCluster cluster = ConnectCluster.builder("struct-unreachable").workers(1).start()) {
            ConnectRest rest = cluster.rest();
            Map<String, String> config = Map.of("connector.class", HttpListenerSourceConnector.class.getName(),
                    "tasks.max", "1", "topic", "it-unreachable", "listener.port", String.valueOf(freePort()),
                    "output", "struct", "schema.registry.url", url, "schema.subject", "no-such-subject",
                    "schema.registry.timeout.ms", "2000");
            rest.configure("unreachable", config);
            String trace = failedTrace(rest, "unreachable");
            assertThat(trace).contains("subject 'no-such-subject'").contains(url).contains("unreachable");
        }
    }

    @Test
    void aRegistryBehindTlsAndOAuth2IsReachedWithTheSharedRegistryKeys(@TempDir Path certificates) throws Exception {
        URI registry = LocalServices.registry();
        String api = LocalServices.registryApi();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String subject = "it-oauth-" + run;
        String topic = "it-oauth-" + run;
        HttpClient http = HttpClient.newHttpClient();
        register(http, registry, subject);
        TestCertificates.create(certificates, "changeit", "registry");
        try (RegistryFront front = new RegistryFront(registry, certificates.resolve("registry.p12"), "changeit");
             ConnectCluster cluster = ConnectCluster.builder("struct-oauth2").workers(1).start()) {
            ConnectRest rest = cluster.rest();
            cluster.createTopic(topic, 1);
            cluster.createTopic(topic + "-dlq", 1);
            int port = freePort();
            Map<String, String> config = new HashMap<>(Map.of("name", "oauth2-struct",
                    "connector.class", HttpListenerSourceConnector.class.getName(), "tasks.max", "1",
                    "topic", topic, "dlq.topic", topic + "-dlq", "listener.port", String.valueOf(port),
                    "event.id.pointer", "/event_id", "output", "struct",
                    "schema.registry.url", front.url(), "schema.subject", subject));
            config.putAll(Map.of("schema.registry.oauth2.token.url", front.url() + "/token",
                    "schema.registry.oauth2.client.id", RegistryFront.CLIENT_ID,
                    "schema.registry.oauth2.client.secret", RegistryFront.CLIENT_SECRET,
                    "schema.registry.ssl.truststore.location", certificates.resolve("registry-trust.p12").toString(),
                    "schema.registry.ssl.truststore.password", "changeit"));
            config.putAll(avroConverter(api));
            start(rest, config);

            HttpResponse<String> answer = postBatch(http, port, event("o-0", 0) + "\n" + event("o-1", 1) + "\n"
                    + event("o-2", 2) + "\n", null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            AvroConverter reader = new AvroConverter();
            reader.configure(Map.of("apicurio.registry.url", api), false);
            Map<String, Struct> events = read(cluster, reader, topic, 3);
            for (int i = 0; i < 3; i++) {
                assertEvent(events.get("o-" + i), i);
            }
            assertThat(front.tokensIssued.get()).as("tokens issued").isEqualTo(1);
            assertThat(front.refused.get()).as("requests without the token").isZero();

            Map<String, String> wrongSecret = new HashMap<>(config);
            wrongSecret.put("schema.registry.oauth2.client.secret", "not-the-secret");
            wrongSecret.put("listener.port", String.valueOf(freePort()));
            wrongSecret.put("name", "oauth2-wrong-secret");
            rest.configure("oauth2-wrong-secret", wrongSecret);
            String trace = failedTrace(rest, "oauth2-wrong-secret");
            assertThat(trace).contains("subject '" + subject + "'").contains("token endpoint").contains("answered 401")
                    .doesNotContain("not-the-secret");
        }
    }

    /** Validates the config (no errors), creates the connector and waits until its task runs. */
    private static void start(ConnectRest rest, Map<String, String> config) throws Exception {
        JsonNode validation = rest.validate(config.get("connector.class"), config);
        assertThat(validation.path("error_count").asInt()).as(validation.toString()).isZero();
        rest.configure(config.get("name"), config);
        rest.awaitRunning(config.get("name"), 1, Duration.ofSeconds(60));
    }

    /** Waits until the connector's task has failed; its stack trace. */
    private static String failedTrace(ConnectRest rest, String connector) throws Exception {
        String path = "/connectors/" + connector + "/status";
        Await.until(Duration.ofSeconds(60), "the task failed",
                () -> {
                    ConnectRest.Response status = rest.get(path);
                    return status.status() == 200
                            && "FAILED".equals(status.json().path("tasks").path(0).path("state").asText());
                }, () -> rest.get(path).body());
        return rest.status(connector).path("tasks").path(0).path("trace").asText();
    }

    /** NDJSON to the listener's /events/batch, with an API key unless null. */
    private static HttpResponse<String> postBatch(HttpClient http, int port, String ndjson, String apiKey)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/batch"))
                .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void register(HttpClient http, URI registry, String subject) throws Exception {
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(registry.resolve(
                        "/apis/ccompat/v7/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(ConnectRest.JSON.writeValueAsString(
                        Map.of("schema", AVRO)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
    }

    private static void assertEvent(Struct s, int i) {
        assertThat(s).as("event " + i).isNotNull();
        assertThat(s.schema().name()).isEqualTo("shop.Event");
        assertThat(s.getString("user_id")).isEqualTo("u-" + i % 7);
        assertThat(s.getInt32("qty")).isEqualTo(i);
        assertThat(s.get("amount")).isEqualTo(new BigDecimal(i + ".25"));
        assertThat(((java.util.Date) s.get("at")).toInstant().toString())
                .isEqualTo("2026-12-07T10:00:0" + i % 10 + "Z");
        assertThat(s.getArray("tags")).isEqualTo(List.of("t" + i));
        assertThat(s.getString("note")).isEqualTo(i % 2 == 0 ? "n" + i : null);
    }

    /** The topic's records through the converter, by event_id. */
    private static Map<String, Struct> read(ConnectCluster cluster, AvroConverter reader, String topic, int expected) {
        Map<String, Struct> out = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(), topic,
                expected, Duration.ofSeconds(60));
        assertThat(records).as(topic).hasSize(expected);
        for (ConsumerRecord<byte[], byte[]> r : records) {
            SchemaAndValue value = reader.toConnectData(topic, r.headers(), r.value());
            Struct struct = (Struct) value.value();
            out.put(struct.getString("event_id"), struct);
        }
        return out;
    }

    private static int versions(HttpClient http, URI registry, String subject) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(registry.resolve(
                "/apis/ccompat/v7/subjects/" + subject + "/versions")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(subject + ": " + response.body()).isEqualTo(200);
        return ConnectRest.JSON.readTree(response.body()).size();
    }

    private static Map<String, String> avroConverter(String api) {
        return Map.of("key.converter", "org.apache.kafka.connect.storage.StringConverter",
                "value.converter", AvroConverter.class.getName(),
                "value.converter.apicurio.registry.url", api,
                "value.converter.apicurio.registry.auto-register", "true",
                "value.converter.apicurio.registry.find-latest", "true");
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The example config as a user would post it. */
    private static Map<String, String> example(String file) throws Exception {
        Path path = Path.of(System.getProperty("tributary.root", "..")).resolve("connector-configs").resolve(file);
        JsonNode root = ConnectRest.JSON.readTree(Files.readString(path));
        Map<String, String> config = new HashMap<>();
        root.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        config.put("name", root.path("name").asText());
        return config;
    }

    private static int freePort() throws Exception {
        // Below the ephemeral range: a ServerSocket(0) port may be given to an outgoing connection before use.
        return io.tributary.testsupport.LoopbackPorts.free();
    }
}
