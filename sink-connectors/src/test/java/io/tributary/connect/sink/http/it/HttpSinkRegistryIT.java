package io.tributary.connect.sink.http.it;

import com.sun.net.httpserver.HttpServer;
import io.tributary.connect.sink.file.it.RegistryReadings;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.tributary.connect.sink.file.it.RegistryReadings.V1;
import static io.tributary.connect.sink.file.it.RegistryReadings.V2;
import static io.tributary.connect.sink.file.it.RegistryReadings.V3;
import static io.tributary.connect.sink.file.it.RegistryReadings.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP sink behind Apicurio's AvroConverter in a real worker, against the real registry: Structs of three
 * registered versions (decimal, timestamp, date, bytes, nested record, array, map, optional nulls) and a tombstone
 * arrive at a JDK HttpServer on 127.0.0.1 as JSON, once with the default formats and once with decimals as strings
 * and times as epoch milliseconds.
 */
class HttpSinkRegistryIT {

    private static ConnectCluster cluster;
    private static ConnectRest rest;
    private static HttpServer server;
    /** Each path's records, in arrival order (one partition, one request at a time: offset order). */
    private static final Map<String, List<String>> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                var batch = ConnectRest.JSON.readTree(exchange.getRequestBody().readAllBytes());
                List<String> list = received.computeIfAbsent(exchange.getRequestURI().getPath(),
                        p -> new CopyOnWriteArrayList<>());
                batch.forEach(record -> list.add(record.toString()));
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        server.start();
        cluster = ConnectCluster.builder("http-sink-registry-it").start();
        rest = cluster.rest();
    }

    @AfterAll
    static void stop() {
        cluster.close();
        server.stop(0);
    }

    private static List<GenericRecord> sent() {
        List<GenericRecord> values = new ArrayList<>();
        values.add(reading(V1, 0));
        values.add(reading(V1, 1));
        values.add(reading(V2, 2));
        values.add(null);
        values.add(reading(V2, 4));
        values.add(reading(V3, 5));
        return values;
    }

    /** What reading n of {@code schema} should look like as JSON, from the same formulas it was built with. */
    private static String expected(Schema schema, int n, boolean stringsAndEpoch) {
        long id = schema == V3 ? 3_000_000_000L + n : n;
        String amount = RegistryReadings.amount(n).toPlainString();
        long at = RegistryReadings.at(n);
        long dayMs = (19_844L + n) * 86_400_000L;
        String json = "{\"id\":" + id + ",\"sensor\":\"s-" + n + "\""
                + ",\"amount\":" + (stringsAndEpoch ? "\"" + amount + "\"" : amount)
                + ",\"at\":" + (stringsAndEpoch ? String.valueOf(at) : "\"" + Instant.ofEpochMilli(at) + "\"")
                + ",\"day\":" + (stringsAndEpoch ? String.valueOf(dayMs)
                        : "\"" + Instant.ofEpochMilli(dayMs).toString().substring(0, 10) + "\"")
                + ",\"blob\":\"" + Base64.getEncoder().encodeToString(("b" + n).getBytes()) + "\""
                + ",\"location\":{\"city\":\"city-" + n + "\",\"zip\":" + (n % 2 == 0 ? "null" : "\"0" + n + "\"") + "}"
                + ",\"tags\":[\"t" + n + "\",\"all\"]"
                + ",\"counts\":{\"a\":" + n + ",\"b\":" + n * 10 + "}";
        if (schema != V1) {
            json += ",\"unit\":" + (n % 3 == 0 ? "null" : "\"C\"");
        }
        return json + "}";
    }

    private Map<String, String> connector(String topic, String path) {
        Map<String, String> config = new HashMap<>(RegistryReadings.avroConverter());
        config.put("connector.class", "io.tributary.connect.sink.http.HttpSinkConnector");
        config.put("topics", topic);
        config.put("http.url", "http://127.0.0.1:" + server.getAddress().getPort() + path);
        config.put("batch.linger.ms", "0");
        return config;
    }

    @Test
    void registryConvertedStructsArriveAsJsonInEitherFormat() {
        String topic = "readings-http-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.createTopic(topic, 1);
        RegistryReadings.produce(cluster.bootstrapServers(), topic, sent());
        rest.configure(topic + "-default", connector(topic, "/" + topic + "/default"));
        Map<String, String> configured = connector(topic, "/" + topic + "/configured");
        configured.put("http.json.decimal.format", "string");
        configured.put("http.json.timestamp.format", "epoch-millis");
        rest.configure(topic + "-configured", configured);

        for (String variant : List.of("default", "configured")) {
            String path = "/" + topic + "/" + variant;
            Await.until(Duration.ofSeconds(60), "six records at " + path,
                    () -> received.getOrDefault(path, List.of()).size() >= 6, () -> String.valueOf(received.get(path)));
            boolean other = variant.equals("configured");
            assertThat(received.get(path)).containsExactly(expected(V1, 0, other), expected(V1, 1, other),
                    expected(V2, 2, other), "null", expected(V2, 4, other), expected(V3, 5, other));
        }
        // An exact look at one, so the formulas above cannot hide a wrong format.
        assertThat(received.get("/" + topic + "/configured").get(0)).isEqualTo("{\"id\":0,\"sensor\":\"s-0\","
                + "\"amount\":\"0.05\",\"at\":1714564800250,\"day\":1714521600000,\"blob\":\"YjA=\","
                + "\"location\":{\"city\":\"city-0\",\"zip\":null},\"tags\":[\"t0\",\"all\"],\"counts\":{\"a\":0,\"b\":0}}");
        assertThat(received.get("/" + topic + "/default").get(5)).isEqualTo("{\"id\":3000000005,\"sensor\":\"s-5\","
                + "\"amount\":50.05,\"at\":\"2024-05-01T12:00:05.250Z\",\"day\":\"2024-05-06\",\"blob\":\"YjU=\","
                + "\"location\":{\"city\":\"city-5\",\"zip\":\"05\"},\"tags\":[\"t5\",\"all\"],\"counts\":{\"a\":5,"
                + "\"b\":50},\"unit\":\"C\"}");
    }
}
