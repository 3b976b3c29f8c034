package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snowflake's own connector, installed as a plugin folder beside the Tributary bundle, in a real worker, with
 * Snowflake's cloud replaced by an unreachable account: a port on 127.0.0.1 that closes every connection before TLS.
 * What it shows: both plugins load, each from its own folder; our Snowflake configs pass every check but the
 * connection to the account; and an unreachable account fails loudly without consuming a record. The data path
 * (rows arriving in Snowflake) needs Snowflake's cloud and is not tested here.
 *
 * <p>Why not a closed port: Snowflake's JDBC driver retries a refused login with backoff for 40 s to 5 minutes
 * (measured with 2.5.0), longer than Connect's 90 s REST timeout; a failed TLS handshake it does not retry, so the
 * same failure is reported within seconds.
 */
class SnowflakeUnreachableAccountIT {

    private static final String VERSION = System.getProperty("tributary.version");
    private static final String SNOWFLAKE_VERSION = System.getProperty("tributary.snowflake.version");
    private static final Path ZIP = Path.of(System.getProperty("tributary.bundle.zip"));
    private static final Path ROOT = Path.of(System.getProperty("tributary.root"));
    private static final Path SNOWFLAKE_PLUGINS = Path.of(System.getProperty("tributary.snowflake.plugin.dir"));
    private static final String SNOWFLAKE_CONNECTOR = "com.snowflake.kafka.connector.SnowflakeSinkConnector";
    private static final String CONFIGS = "connector-configs/snowflake/";
    private static final List<String> CONNECTION_KEYS =
            List.of("snowflake.url.name", "snowflake.private.key", "snowflake.user.name");
    private static final int PAYMENTS = 50;
    private static final Map<String, String> PROXY_PROPERTIES = new LinkedHashMap<>();

    private static Path work;
    private static Path secrets;
    private static String unreachableAccount;
    private static ServerSocket account;
    private static ConnectCluster cluster;
    private static ConnectRest rest;

    @BeforeAll
    static void installBothPluginsAndStartAWorker() throws Exception {
        work = Files.createTempDirectory("tributary-snowflake");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        BundleZip.unzip(ZIP, plugins);
        writeSnowflakeServiceManifest();
        secrets = writeSecrets(work.resolve("secrets.properties"));
        account = closingEveryConnection();
        unreachableAccount = "https://127.0.0.1:" + account.getLocalPort();
        int closedPort = closedLoopbackPort();

        // On start, the connector asks Maven Central for its latest version (Utils.checkConnectorVersion, through
        // java.net.URL, with no setting to turn it off). Through a proxy on the closed loopback port that request
        // fails at once and never leaves the machine; 127.* is in the default http.nonProxyHosts, so nothing else
        // goes through the proxy. The JDBC driver's OCSP checks never start: no TLS handshake reaches a closed port.
        for (String scheme : List.of("http", "https")) {
            PROXY_PROPERTIES.put(scheme + ".proxyHost", "127.0.0.1");
            PROXY_PROPERTIES.put(scheme + ".proxyPort", String.valueOf(closedPort));
        }
        PROXY_PROPERTIES.forEach(System::setProperty);

        cluster = ConnectCluster.builder("snowflake")
                .workerProp("plugin.path", plugins + "," + SNOWFLAKE_PLUGINS)
                .workerProp("config.providers", "file")
                .workerProp("config.providers.file.class", FileConfigProvider.class.getName())
                .start();
        rest = cluster.rest();
        cluster.createTopic("events-payments", 1);
        produce("events-payments", PAYMENTS);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        PROXY_PROPERTIES.keySet().forEach(System::clearProperty);
        if (account != null) {
            try {
                account.close();
            } catch (IOException ignored) {
                // The test is over.
            }
        }
    }

    @Test
    void theWorkerListsSnowflakesConnectorAndOursEachFromItsOwnPluginFolder() {
        Map<String, String> versions = new HashMap<>();
        for (JsonNode plugin : rest.plugins(false)) {
            versions.put(plugin.path("class").asText(), plugin.path("version").asText());
        }
        assertThat(versions)
                .containsEntry(SNOWFLAKE_CONNECTOR, SNOWFLAKE_VERSION)
                .containsEntry("io.tributary.connect.sink.file.FileSinkConnector", VERSION)
                .containsEntry("io.tributary.connect.transforms.protect.ProtectFields$Value", VERSION)
                .containsEntry("io.tributary.connect.transforms.protect.ProtectFields$Key", VERSION);
        assertThat(SNOWFLAKE_PLUGINS.resolve("snowflake-kafka-connector/snowflake-kafka-connector-"
                + SNOWFLAKE_VERSION + ".jar")).isRegularFile();
    }

    @Test
    void eachSnowflakeConfigPassesEveryCheckButTheConnectionToTheAccount() throws IOException {
        for (String file : List.of("snowflake-events.json", "snowflake-aggregates.json")) {
            JsonNode result = rest.validate(SNOWFLAKE_CONNECTOR, testConfig(file));

            Map<String, List<String>> errors = errorsByKey(result);
            assertThat(errors).as(file + ": keys with errors").containsOnlyKeys(CONNECTION_KEYS);
            errors.forEach((key, messages) -> assertThat(messages).as(file + ": " + key)
                    .singleElement().asString().endsWith(": Cannot connect to Snowflake"));
            assertThat(result.path("error_count").asInt()).as(file).isEqualTo(3);
            // Our transforms were found in the bundle and their keys checked (a missing class is an error above).
            assertThat(definedKeys(result)).as(file)
                    .contains("transforms.protect.hash.fields", "transforms.protectKey.hash.key",
                            "transforms.flatten.delimiter", "transforms.keyToField.field");
        }
    }

    @Test
    void creatingAConnectorForAnUnreachableAccountIsRefusedAndConsumesNothing() throws Exception {
        ConnectRest.Response response = rest.put("connectors/snowflake-events/config",
                testConfig("snowflake-events.json"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("message").asText())
                .contains("Connector configuration is invalid and contains the following 3 error(s)")
                .contains("Cannot connect to Snowflake");
        assertThat(rest.get("connectors/snowflake-events").status()).isEqualTo(404);
        assertThat(committedOffsets("connect-snowflake-events")).isEmpty();
        assertThat(endOffset("events-payments")).isEqualTo(PAYMENTS);
    }

    @Test
    void aStoredConnectorWhoseAccountIsUnreachableFailsWithTheConnectionErrorAndCommitsNoOffset() throws Exception {
        // A connector accepted while its account answered, started again (a worker restart, a rebalance) once the
        // account is unreachable: the config is in the config topic as the herder stores an accepted one, and the
        // worker starts it from there. (Validation before storing is what the previous test shows.)
        storeConnectorConfig("stored-snowflake-events", testConfig("snowflake-events.json"));

        JsonNode[] status = new JsonNode[1];
        Await.until(Duration.ofSeconds(90), "stored-snowflake-events to fail", () -> {
            ConnectRest.Response response = rest.get("connectors/stored-snowflake-events/status");
            status[0] = response.status() == 200 ? response.json() : null;
            return status[0] != null && "FAILED".equals(status[0].path("connector").path("state").asText());
        }, () -> String.valueOf(status[0]));

        String trace = status[0].path("connector").path("trace").asText();
        assertThat(trace).contains("SnowflakeKafkaConnectorException").contains("Failed to connect to Snowflake");
        assertThat(status[0].path("tasks")).isEmpty();
        assertThat(committedOffsets("connect-stored-snowflake-events")).isEmpty();
        assertThat(endOffset("events-payments")).isEqualTo(PAYMENTS);
    }

    /**
     * One of our configs as a user posts it (its name inside the config, as {@code PUT .../config} takes it), with the
     * secrets file and the account replaced for this test.
     */
    private static Map<String, String> testConfig(String file) throws IOException {
        JsonNode connector = ConnectRest.JSON.readTree(ROOT.resolve(CONFIGS + file).toFile());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("name", connector.path("name").asText());
        connector.path("config").properties().forEach(e -> props.put(e.getKey(),
                e.getValue().asText().replace("/etc/tributary/secrets.properties", secrets.toString())));
        assertThat(props.get("snowflake.private.key")).startsWith("${file:" + secrets + ":");
        props.put("snowflake.url.name", unreachableAccount);
        return props;
    }

    private static Map<String, List<String>> errorsByKey(JsonNode validation) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode config : validation.path("configs")) {
            JsonNode value = config.path("value");
            if (!value.path("errors").isEmpty()) {
                errors.put(value.path("name").asText(),
                        ConnectRest.JSON.convertValue(value.path("errors"), ConnectRest.JSON.getTypeFactory()
                                .constructCollectionType(List.class, String.class)));
            }
        }
        return errors;
    }

    private static List<String> definedKeys(JsonNode validation) {
        return validation.path("configs").findValues("definition").stream()
                .map(d -> d.path("name").asText()).toList();
    }

    /** The record {@code KafkaConfigBackingStore.putConnectorConfig} writes: key connector-NAME, value {properties}. */
    private static void storeConnectorConfig(String name, Map<String, String> config) throws Exception {
        Map<String, String> props = new LinkedHashMap<>(config);
        props.put("name", name);
        String value = ConnectRest.JSON.writeValueAsString(Map.of("properties", props));
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("connect-configs-" + cluster.name(), "connector-" + name, value)).get();
        }
    }

    private static void produce(String topic, int count) throws ExecutionException, InterruptedException {
        try (KafkaProducer<String, String> producer = producer()) {
            for (int i = 0; i < count; i++) {
                String user = String.format("u-%06d", i);
                producer.send(new ProducerRecord<>(topic, user, "{\"event_id\":\"e-" + i + "\",\"event_type\":"
                        + "\"payment\",\"ts\":\"2026-01-01T00:00:00Z\",\"user_id\":\"" + user + "\",\"amount\":"
                        + i + ".5,\"card_last4\":\"1234\"}"));
            }
            producer.flush();
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        }
    }

    private static long endOffset(String topic) throws Exception {
        try (Admin admin = admin()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** The same script ./tributary plugins install snowflake runs; the build's snowflake-plugin execution fetched the jar. */
    private static void writeSnowflakeServiceManifest() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash",
                ROOT.resolve("distribution/scripts/snowflake-plugin.sh").toString(), "--manifest-only",
                SNOWFLAKE_PLUGINS.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("snowflake-plugin.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process script = builder.start();
        assertThat(script.waitFor()).as("snowflake-plugin.sh, see " + work.resolve("snowflake-plugin.log")).isZero();
    }

    /** A fresh RSA key (PKCS#8, base64 on one line, as Snowflake takes it) and a pseudonym key, as the file provider reads them. */
    private static Path writeSecrets(Path file) throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Properties props = new Properties();
        props.put("snowflake.private.key",
                Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded()));
        props.put("pseudonym_key", "a-test-pseudonym-key-of-32-bytes!");
        try (var out = Files.newBufferedWriter(file)) {
            props.store(out, "test secrets");
        }
        return file;
    }

    /** The account's address: accepts on 127.0.0.1 and closes at once, so no TLS handshake ever completes. */
    private static ServerSocket closingEveryConnection() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread closer = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    server.accept().close();
                } catch (IOException closed) {
                    // The server socket was closed: the test is over.
                }
            }
        }, "unreachable-snowflake-account");
        closer.setDaemon(true);
        closer.start();
        return server;
    }

    private static int closedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
