package io.tributary.connect.source.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP source under Apicurio's AvroConverter, in a real worker, against the real registry: an API serving pages
 * of different shapes registers exactly one schema version per real (compatible) change, an incompatible record goes
 * to the dead-letter topic naming its field, and a new task starts from the latest registered schema instead of
 * registering a narrower one.
 */
class HttpSourceRegistryIT {

    private static ConnectCluster cluster;
    private static HttpServer api;
    /** Pages by path: {@code /<path>?page=N} answers {"items": pages[N-1]}, past the end an empty page. */
    private static final Map<String, List<String>> PAGES = new ConcurrentHashMap<>();
    private static URI registry;

    @BeforeAll
    static void start() throws IOException {
        registry = LocalServices.registry();
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", HttpSourceRegistryIT::serve);
        api.start();
        cluster = ConnectCluster.builder("http-registry").workers(1).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (api != null) {
            api.stop(0);
        }
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(1);
        String query = exchange.getRequestURI().getQuery();
        int page = Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"));
        List<String> pages = PAGES.getOrDefault(path, List.of());
        String items = page - 1 < pages.size() ? pages.get(page - 1) : "";
        byte[] body = ("{\"items\": [" + items + "]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String apicurioUrl() {
        return registry.resolve("/apis/registry/v2").toString();
    }

    private static Map<String, String> connector(String topic, String path) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", HttpSourceConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topic", topic);
        config.put("http.url", "http://127.0.0.1:" + api.getAddress().getPort() + "/" + path);
        config.put("pagination.type", "page");
        config.put("response.records.pointer", "/items");
        config.put("poll.interval.ms", "600000");
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", AvroConverter.class.getName());
        config.put("value.converter.apicurio.registry.url", apicurioUrl());
        config.put("value.converter.apicurio.registry.auto-register", "true");
        config.put("value.converter.apicurio.registry.find-latest", "true");
        return config;
    }

    /** The versions the registry holds for a subject (Apicurio: artifact id, default group). */
    private static int versions(String subject) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(apicurioUrl() + "/groups/default/artifacts/" + subject + "/versions")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return 0;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonData.MAPPER.readTree(response.body()).path("count").asInt();
    }

    private static List<Struct> values(String topic, int expected) {
        AvroConverter converter = new AvroConverter();
        converter.configure(Map.of("apicurio.registry.url", apicurioUrl()), false);
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(), topic,
                expected, Duration.ofSeconds(90));
        assertThat(records).hasSize(expected);
        return records.stream().map(r -> {
            SchemaAndValue read = converter.toConnectData(topic, r.headers(), r.value());
            return (Struct) read.value();
        }).toList();
    }

    @Test
    void oneVersionPerRealChangeAndIncompatibleRecordsDeadLettered() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "shapes-" + suffix;
        PAGES.put("shapes-" + suffix, List.of(
                "{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}",   // v1: id, name
                "{\"id\":3,\"name\":\"c\"}",                               // fits
                "{\"id\":4,\"name\":\"d\",\"score\":1.5}",                 // v2: + score
                "{\"id\":5},{\"id\":6,\"name\":null,\"score\":2}",         // fits
                "{\"id\":\"seven\",\"name\":\"e\"},{\"id\":8,\"name\":\"f\"}",   // 'seven' incompatible; 8 fits
                "{\"id\":9,\"where\":{\"lat\":48.85,\"lon\":2.35}}",      // v3: + where
                "{\"id\":10,\"name\":\"g\",\"where\":{\"lat\":1}}",      // fits
                "{\"id\":10.5,\"name\":\"h\"}"));                          // v4: id int64 -> float64
        ConnectRest rest = cluster.rest();
        rest.configure("shapes-" + suffix, connector(topic, "shapes-" + suffix));
        rest.awaitRunning("shapes-" + suffix, 1, Duration.ofSeconds(60));

        List<Struct> values = values(topic, 10);
        assertThat(versions(topic + "-value")).isEqualTo(4);
        assertThat(values.get(0).schema().fields()).extracting(f -> f.name()).containsExactly("id", "name");
        assertThat(values.get(9).schema().fields()).extracting(f -> f.name())
                .containsExactly("id", "name", "score", "where");
        assertThat(values.get(9).schema().field("id").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(values.get(9).get("id")).isEqualTo(10.5);
        assertThat(values.get(7).getStruct("where").get("lat")).isEqualTo(48.85);
        assertThat(values.stream().map(v -> String.valueOf(v.get("name"))).toList())
                .containsExactly("a", "b", "c", "d", "null", "null", "f", "null", "g", "h");

        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                topic + "-dlq", 1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        Header message = dead.get(0).headers().lastHeader(ErrorHeaders.ERROR_MESSAGE);
        assertThat(new String(message.value(), StandardCharsets.UTF_8))
                .contains("field 'id' is an integer (int64) in the schema but a JSON string")
                .contains("incompatible");

        // A new task on the same topic (a new connector: offsets of its own) starts from the latest registered
        // schema: records of a narrower shape go out with it, and no version is added. Re-inferring would register
        // {id:int64, name} as a fifth version.
        PAGES.put("again-" + suffix, List.of("{\"id\":11,\"name\":\"i\"},{\"id\":12}"));
        rest.configure("again-" + suffix, connector(topic, "again-" + suffix));
        rest.awaitRunning("again-" + suffix, 1, Duration.ofSeconds(60));
        List<Struct> all = values(topic, 12);
        assertThat(all.get(11).schema().fields()).extracting(f -> f.name())
                .containsExactly("id", "name", "score", "where");
        assertThat(all.get(10).get("id")).isEqualTo(11.0);
        assertThat(versions(topic + "-value")).isEqualTo(4);
    }

    @Test
    void aDeclaredSchemaRegistersOneVersionAndMisfitsAreDeadLettered() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String topic = "declared-" + suffix;
        PAGES.put("declared-" + suffix, List.of(
                "{\"id\":1,\"name\":\"a\"}",
                "{\"id\":2,\"name\":\"b\",\"extra\":true}",
                "{\"id\":\"x\"},{\"id\":3}"));
        Map<String, String> config = connector(topic, "declared-" + suffix);
        config.put("output.schema", "id:int64, name:string?");
        cluster.rest().configure("declared-" + suffix, config);
        cluster.rest().awaitRunning("declared-" + suffix, 1, Duration.ofSeconds(60));
        List<Struct> values = values(topic, 3);
        assertThat(values).extracting(v -> v.get("id")).containsExactly(1L, 2L, 3L);
        assertThat(versions(topic + "-value")).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                topic + "-dlq", 1, Duration.ofSeconds(60));
        assertThat(dead).hasSize(1);
        assertThat(new String(dead.get(0).headers().lastHeader(ErrorHeaders.ERROR_MESSAGE).value(),
                StandardCharsets.UTF_8)).contains("field 'id'");
    }
}
