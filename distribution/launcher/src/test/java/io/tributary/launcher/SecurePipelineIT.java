package io.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.launcher.security.AclPlan;
import io.tributary.launcher.security.SecureKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./tributary up --secure} as the script runs it (its own JVM, the JMX exporter's agent when the build copied
 * it), then a pipeline over SASL_SSL whose connector authenticates as a user of its own through
 * {@code producer.override.sasl.jaas.config=${file:...}} and lacks the ACL to write its topic: the refusal is named in
 * the task's status and in the worker log, and once the ACL is granted and the task restarted every record arrives
 * exactly once. No password of the stack appears in the worker log, the connector config Connect returns, or the
 * metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurePipelineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "pipeline";
    private static final String CONNECTOR = "secure-file";
    private static final String TOPIC = "secure-events";
    private static final String DLQ = "secure-dlq";
    private static final int FILES = 3;
    private static final int LINES = 500;

    /** Under target/, kept after the run: the worker log and what up printed are there to read when a test fails. */
    private Path home;

    private Process up;
    private Path stdout;
    private Path log;
    private String bootstrap;
    private String mtls;
    private URI rest;
    private Integer workerMetricsPort;
    private int processorPort;
    private SecureKafka security;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startSecureStack() throws Exception {
        Path launcher = Path.of(System.getProperty("tributary.launcher.dir"));
        home = launcher.resolve("secure-pipeline-it");
        Bundle.deleteRecursively(home);
        Files.createDirectories(home);
        Path root = Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
        stdout = home.resolve("up.txt");
        log = home.resolve("up.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dtributary.log.file=" + log));
        Path agent = launcher.resolve("jmx_prometheus_javaagent.jar");
        Path rules = root.resolve("connector-configs/monitoring/jmx-exporter.yaml");
        if (Files.exists(agent) && Files.exists(rules)) {
            workerMetricsPort = Ports.anyFree();
            command.add("-javaagent:" + agent + "=127.0.0.1:" + workerMetricsPort + ":" + rules);
        }
        command.addAll(List.of("-cp", launcher.resolve("tributary-launcher.jar") + File.pathSeparator
                + launcher.resolve("lib") + "/*", "io.tributary.launcher.Main", "up", "--secure"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(stdout.toFile());
        builder.environment().put("TRIBUTARY_HOME", home.toString());
        builder.environment().put("TRIBUTARY_ROOT", root.toString());
        builder.environment().put("TRIBUTARY_BUNDLE", System.getProperty("tributary.bundle.zip"));
        up = builder.start();
        await("up --secure to be ready", Duration.ofMinutes(4), () -> printed().contains("Press Ctrl-C to stop.")
                || !up.isAlive());
        String printed = printed();
        assertThat(up.isAlive()).as("up --secure is running; it printed:%n%s", printed).isTrue();
        bootstrap = find(printed, "Kafka bootstrap servers +(\\S+) \\(SASL_SSL");
        mtls = find(printed, "Kafka mTLS listener +(\\S+)");
        rest = URI.create(find(printed, "Connect REST API +(\\S+)"));
        processorPort = Integer.parseInt(find(printed, "Stateful processor .*http://127\\.0\\.0\\.1:(\\d+)/metrics"));
        security = SecureKafka.prepare(home.resolve("secure"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (up != null) {
            up.destroy();
            if (!up.waitFor(90, TimeUnit.SECONDS)) {
                up.destroyForcibly();
            }
        }
    }

    @Test
    void aMissingAclFailsTheTaskVisiblyAndAfterTheGrantEveryRecordArrivesOnce() throws Exception {
        try (Admin admin = security.superUserAdmin(mtls)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1), new NewTopic(DLQ, 1, (short) 1))).all().get();
            security.createUsers(admin, List.of(USER), bootstrap);
            // Everything an exactly-once file source needs, except writing to its topic.
            AclPlan.grant(admin, AclPlan.empty()
                    .allow(USER, ResourceType.TRANSACTIONAL_ID, "tributary-connect-" + CONNECTOR, PatternType.PREFIXED,
                            AclOperation.WRITE, AclOperation.DESCRIBE)
                    .allow(USER, ResourceType.TOPIC, "tributary-connect-offsets", PatternType.LITERAL,
                            AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE)
                    .allow(USER, ResourceType.TOPIC, DLQ, PatternType.LITERAL, AclOperation.WRITE, AclOperation.DESCRIBE)
                    .bindings());

            Path input = Files.createDirectories(home.resolve("it/input"));
            for (int f = 0; f < FILES; f++) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < LINES; i++) {
                    lines.append("{\"id\":").append(f * LINES + i).append(",\"user_id\":\"u-").append(i % 17)
                            .append("\"}\n");
                }
                Path tmp = home.resolve("it/part-" + f + ".tmp");
                Files.writeString(tmp, lines);
                Files.move(tmp, input.resolve("part-" + f + ".jsonl"));
            }
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "io.tributary.connect.source.file.FileSourceConnector");
            config.put("tasks.max", "1");
            config.put("topic", TOPIC);
            config.put("dlq.topic", DLQ);
            config.put("file.path", input.toString());
            config.put("file.glob", "*.jsonl");
            config.put("file.min.age.ms", "0");
            config.put("file.scan.interval.ms", "200");
            config.put("spool.finished.path", home.resolve("it/finished").toString());
            config.put("spool.error.path", home.resolve("it/error").toString());
            config.put("format", "json");
            config.put("key.field", "user_id");
            // Connect commits a transaction per poll: the refused sends surface when it commits. Each refused send
            // waits for a metadata refresh first (about a second), so small polls make the failure come soon.
            config.put("batch.max.records", "10");
            config.put("exactly.once.support", "required");
            config.putAll(security.connectorOverrides(USER));
            ConnectClient connect = new ConnectClient(rest);
            connect.configure(CONNECTOR, config);

            await("the task to fail on the missing ACL", Duration.ofMinutes(2),
                    () -> taskTrace().contains("TopicAuthorizationException"));
            assertThat(taskTrace()).as("the task's trace names the refusal and the topic")
                    .contains("TopicAuthorizationException").contains(TOPIC);
            assertThat(Files.readString(log)).as("the worker log names the refusal")
                    .containsPattern("TopicAuthorizationException: Not authorized to access topics: \\[" + TOPIC + "\\]");

            AclPlan.grant(admin, List.of(AclPlan.binding(USER, ResourceType.TOPIC, TOPIC, PatternType.LITERAL,
                    AclOperation.WRITE), AclPlan.binding(USER, ResourceType.TOPIC, TOPIC, PatternType.LITERAL,
                    AclOperation.DESCRIBE)));
            HttpResponse<String> restart = http.send(HttpRequest.newBuilder(rest.resolve("connectors/" + CONNECTOR
                    + "/restart?includeTasks=true&onlyFailed=true")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(restart.statusCode()).as("restart: %s", restart.body()).isIn(200, 202, 204);

            Path finished = home.resolve("it/finished");
            await("every input file to be committed and moved to " + finished, Duration.ofMinutes(2),
                    () -> finishedFiles(finished) == FILES);
            assertThat(connect.taskStates(CONNECTOR)).isEqualTo("RUNNING");

            List<Long> ids = committedIds();
            assertThat(ids).as("records in %s", TOPIC).hasSize(FILES * LINES);
            assertThat(new HashSet<>(ids)).as("distinct ids").hasSize(FILES * LINES);
            assertThat(ids).allMatch(id -> id >= 0 && id < FILES * LINES);
        }
    }

    @Test
    void noSecretInTheWorkerLogTheReturnedConnectorConfigOrTheMetrics() throws Exception {
        ConnectClient connect = new ConnectClient(rest);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.tributary.connect.source.file.FileSourceConnector");
        config.put("tasks.max", "1");
        config.put("topic", "events-secrets");
        config.put("file.path", Files.createDirectories(home.resolve("secrets/input")).toString());
        config.put("format", "json");
        // The worker's own user, but through the connector's overrides: the placeholder is what Connect stores.
        config.putAll(security.connectorOverrides("connect"));
        connect.configure("secrets-check", config);
        connect.awaitRunning("secrets-check", Duration.ofSeconds(90));

        List<String> secrets = secrets();
        assertThat(secrets).as("passwords in credentials.properties").hasSizeGreaterThanOrEqualTo(5);
        String returned = get(rest.resolve("connectors/secrets-check/config"));
        assertThat(returned).contains("${file:" + security.credentialsFile() + ":connect.sasl.jaas.config}");
        assertNone(secrets, "GET /connectors/secrets-check/config", returned);
        assertNone(secrets, "the worker log", Files.readString(log));
        assertNone(secrets, "what up --secure printed", printed());
        assertNone(secrets, "the processor's /metrics", get(URI.create("http://127.0.0.1:" + processorPort + "/metrics")));
        if (workerMetricsPort != null) {
            String metrics = get(URI.create("http://127.0.0.1:" + workerMetricsPort + "/metrics"));
            assertThat(metrics).isNotBlank();
            assertNone(secrets, "the worker's /metrics", metrics);
        }
        // The files that hold them are the owner's alone.
        for (Path file : List.of(security.credentialsFile(), security.keystore("connect"),
                home.resolve("secure/readonly.properties"))) {
            assertThat(Files.getPosixFilePermissions(file)).as("%s", file)
                    .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static void assertNone(List<String> secrets, String where, String text) {
        for (String secret : secrets) {
            assertThat(text.contains(secret)).as("a password of the secure stack appears in %s", where).isFalse();
        }
    }

    /** Every password and the keystore password of the stack (the values of *.password keys). */
    private List<String> secrets() throws IOException {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(security.credentialsFile())) {
            values.load(in);
        }
        List<String> secrets = new ArrayList<>();
        for (String key : values.stringPropertyNames()) {
            if (key.endsWith("password")) {
                secrets.add(values.getProperty(key));
            }
        }
        return secrets;
    }

    /** The ids in the topic as a read_committed consumer sees them, read up to the end offsets. */
    private List<Long> committedIds() throws Exception {
        Map<String, Object> props = new HashMap<>(security.mtlsClient("broker"));
        props.put("bootstrap.servers", mtls);
        props.put("isolation.level", "read_committed");
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<Long> ids = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(JSON.readTree(record.value()).path("id").asLong(-1));
                }
                assertThat(System.nanoTime()).as("read %s to its end offsets %s within 60 s", TOPIC, end)
                        .isLessThan(deadline);
            }
            return ids;
        }
    }

    private String taskTrace() {
        try {
            JsonNode status = JSON.readTree(get(rest.resolve("connectors/" + CONNECTOR + "/status")));
            StringBuilder traces = new StringBuilder();
            for (JsonNode task : status.path("tasks")) {
                traces.append(task.path("state").asText()).append(": ").append(task.path("trace").asText()).append('\n');
            }
            return traces.toString();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static long finishedFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private String get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String printed() {
        try {
            return Files.readString(stdout);
        } catch (IOException e) {
            return "";
        }
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in what up --secure printed:%n%s", regex, text).isTrue();
        return m.group(1);
    }

    private void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; task status: " + taskTrace());
            }
            Thread.sleep(250);
        }
    }
}
