package io.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.launcher.security.AclPlan;
import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example worker configurations in connector-configs/worker/ work, not just parse: against the secure local
 * stack's broker (SASL_SSL with SCRAM-SHA-512, mTLS, the StandardAuthorizer with ACLs and nothing allowed without
 * one) plus an OAUTHBEARER listener, a Connect worker is started from each example file as written — only the
 * addresses, plugin.path and the directories its header says to set are replaced — and a pipeline runs through it: a
 * file source into a topic and a file sink out of it, so the worker's own clients and its producer., consumer. and
 * admin. settings are all used. Every record arrives, once.
 *
 * <p>For OAUTHBEARER the identity provider is {@link LocalOidcProvider}, a local stand-in for a managed Kafka
 * service's (Entra ID, Okta, ...): a real client-credentials token endpoint and JWKS on 127.0.0.1 issuing RS256 JWTs;
 * the broker validates them with Kafka's own OAuthBearerValidatorCallbackHandler.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureWorkerExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 300;
    private static final String AUDIENCE = "tributary-kafka";
    /** The OAuth client of the OAUTHBEARER example; the provider puts it in 'sub', so it is User:tributary-connect. */
    private static final String OAUTH_CLIENT = "tributary-connect";
    /** The principal of the per-connector credentials example (file-sink-own-credentials.json). */
    private static final String LEDGER_USER = "payments-sink";
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** The application.id of the processor examples (connector-configs/processor/secure-*.yaml). */
    private static final String PROCESSOR_APP = "tributary-secure-dedup";

    @TempDir
    static Path home;

    private final Path root = Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
    private final String oauthSecret = "s3cret-" + Long.toHexString(System.nanoTime());
    private SecureKafka security;
    private LocalOidcProvider idp;
    private SecureBrokerWithOAuth broker;
    private Path secrets;
    private Path plugins;

    @BeforeAll
    void startBrokerAndIdentityProvider() throws Exception {
        idp = LocalOidcProvider.start(AUDIENCE).client(OAUTH_CLIENT, oauthSecret);
        AclPlan acls = AclPlan.empty()
                .connectWorker(Principals.CONNECT, "tributary-", List.of("events-"))
                .connectWorker(OAUTH_CLIENT, "tributary-", List.of("events-"))
                // The ledger topics are the per-connector principal's alone: the worker's 'connect' may not read them.
                .topics(LEDGER_USER, List.of("ledger-"), AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
                        AclOperation.CREATE)
                .allow(LEDGER_USER, ResourceType.GROUP, "connect-payments-ledger-sink", PatternType.LITERAL,
                        AclOperation.READ, AclOperation.DESCRIBE)
                .streamsApplication(Principals.PROCESSOR, PROCESSOR_APP, List.of("events-"));
        security = SecureKafka.prepare(home.resolve("secure")).withAcls(acls);
        broker = SecureBrokerWithOAuth.start(home.resolve("kafka"), security, idp, AUDIENCE);
        try (Admin admin = security.superUserAdmin(broker.mtlsBootstrap())) {
            security.createUsers(admin, List.of(LEDGER_USER), broker.saslBootstrap());
        }
        // What an operator provisions where the examples say /etc/tributary/secrets: the credentials file
        // (FileConfigProvider) and a directory of one file per secret (DirectoryConfigProvider), owner-only.
        secrets = Files.createDirectories(home.resolve("secrets"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.copy(security.credentialsFile(), secrets.resolve("credentials.properties"));
        Path tls = Files.createDirectories(secrets.resolve("tls"));
        java.util.Properties credentials = new java.util.Properties();
        try (var in = Files.newBufferedReader(security.credentialsFile())) {
            credentials.load(in);
        }
        Files.writeString(tls.resolve("keystore.password"), credentials.getProperty("store.password"));
        plugins = home.resolve("plugins");
        Bundle.install(Path.of(System.getProperty("tributary.bundle.zip")), plugins);
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
        if (idp != null) {
            idp.close();
        }
        System.clearProperty(SecureBrokerWithOAuth.ALLOWED_URLS);
    }

    @Test
    void workerOverSaslScramRunsAPipeline() throws Exception {
        try (ExampleWorker worker = example("connect-distributed-sasl-scram.properties", broker.saslBootstrap())
                .start(home.resolve("worker-scram"))) {
            runsPipeline(worker.awaitUp(WAIT), "scram");
        }
    }

    @Test
    void workerOverMutualTlsRunsAPipeline() throws Exception {
        try (ExampleWorker worker = example("connect-distributed-mtls.properties", broker.mtlsBootstrap())
                .start(home.resolve("worker-mtls"))) {
            runsPipeline(worker.awaitUp(WAIT), "mtls");
        }
    }

    @Test
    void workerWithOAuthBearerTokensRunsAPipeline() throws Exception {
        String endpoint = idp.tokenEndpoint().toString();
        int issuedBefore = idp.tokensIssued();
        try (ExampleWorker worker = example("connect-distributed-oauthbearer.properties", broker.oauthBootstrap())
                .replace("https://login.example.com/oauth2/v2.0/token", endpoint)
                .env("TRIBUTARY_OAUTH_CLIENT_SECRET", oauthSecret)
                .jvmOption("-D" + SecureBrokerWithOAuth.ALLOWED_URLS + "=" + endpoint)
                .start(home.resolve("worker-oauth"))) {
            runsPipeline(worker.awaitUp(WAIT), "oauth");
        }
        // The OAUTH listener takes OAUTHBEARER only, so the pipeline ran on tokens; they came from the provider (a
        // JVM's clients with the same JAAS line share one login and its token, so there are few requests).
        assertThat(idp.tokensIssued() - issuedBefore).isPositive();
        assertThat(idp.refusals()).isZero();
        assertThat(Files.readString(home.resolve("worker-oauth/connect-distributed-oauthbearer.properties")))
                .doesNotContain(oauthSecret);
    }

    /**
     * file-sink-own-credentials.json on the SCRAM worker: the sink reads a topic only its own principal may read,
     * through consumer.override/producer.override/admin.override credentials from the worker's FileConfigProvider,
     * and the REST API returns the placeholder, never the password.
     */
    @Test
    void connectorWithItsOwnCredentialsReadsWhatOnlyItsPrincipalMay() throws Exception {
        String topic = "ledger-payments";
        try (Admin admin = security.superUserAdmin(broker.mtlsBootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Set<String> sent = new HashSet<>();
        Map<String, Object> producerProps = new HashMap<>(broker.superUserClient(security));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String id = "pay-" + i;
                sent.add(id);
                producer.send(new ProducerRecord<>(topic, id, "{\"id\":\"" + id + "\",\"amount\":" + i + "}"));
            }
        }
        Path output = home.resolve("ledger");
        JsonNode definition = JSON.readTree(Files.readString(root.resolve(
                "connector-configs/worker/file-sink-own-credentials.json"))
                .replace("/etc/tributary/secrets", secrets.toString())
                .replace("/var/lib/tributary/ledger", output.toString()));
        String name = definition.path("name").asText();
        Map<String, String> config = new TreeMap<>();
        definition.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));

        try (ExampleWorker worker = example("connect-distributed-sasl-scram.properties", broker.saslBootstrap())
                .start(home.resolve("worker-own-credentials"))) {
            worker.awaitUp(WAIT);
            ConnectClient connect = new ConnectClient(worker.rest());
            connect.configure(name, config);
            try {
                connect.awaitRunning(name, WAIT);
                assertThat(awaitCommittedIds(output, RECORDS, worker)).isEqualTo(sent);
                String returned = get(worker.rest().resolve("connectors/" + name + "/config"));
                assertThat(returned).contains("${file:" + secrets + "/credentials.properties:payments-sink.sasl.jaas.config}")
                        .doesNotContain(security.password(LEDGER_USER));
            } finally {
                connect.delete(name);
            }
        }
    }

    @Test
    void processorOverSaslScramDropsRepeats() throws Exception {
        processorDropsRepeats("secure-sasl-scram.yaml", broker.saslBootstrap(), "scram");
    }

    @Test
    void processorOverMutualTlsDropsRepeats() throws Exception {
        processorDropsRepeats("secure-mtls.yaml", broker.mtlsBootstrap(), "mtls");
    }

    /**
     * A processor example as written (its secrets and stores where the test keeps them, bootstrap.servers set) runs
     * its dedup job as User:processor: every event once in the output, its repeats dropped. Both examples share
     * the application.id and topics, so each run marks its events with its own prefix and counts only those.
     */
    private void processorDropsRepeats(String file, String bootstrap, String run) throws Exception {
        String yaml = Files.readString(root.resolve("connector-configs/processor/" + file))
                .replace("/etc/tributary/secrets", secrets.toString())
                .replace("/etc/tributary/tls", security.dir().toString());
        ProcessorConfig config = ProcessorConfig.parse(yaml, file).with(Map.of("bootstrap.servers", bootstrap,
                "state.dir", home.resolve("processor-state-" + run).toString()), "127.0.0.1", 0);
        JobSpec.Dedup job = (JobSpec.Dedup) config.jobs().get(0);
        String input = job.inputs().get(0);
        String output = job.output();
        // The examples leave topic creation to the operator (create.topics: false): the super user makes them.
        try (Admin admin = security.superUserAdmin(broker.mtlsBootstrap())) {
            Set<String> wanted = new HashSet<>(job.inputs());
            wanted.addAll(job.outputs());
            wanted.removeAll(admin.listTopics().names().get());
            admin.createTopics(wanted.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList()).all().get();
        }
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(broker.superUserClient(security),
                new StringSerializer(), new StringSerializer())) {
            long ts = System.currentTimeMillis();
            for (int i = 0; i < RECORDS; i++) {
                String id = run + "-" + i;
                ids.add(id);
                String event = "{\"event_id\":\"" + id + "\",\"ts\":" + (ts + i) + "}";
                producer.send(new ProducerRecord<>(input, id, event));
                if (i % 10 == 0) {
                    producer.send(new ProducerRecord<>(input, id, event)); // a repeat
                }
            }
        }
        try (ProcessorRuntime processor = ProcessorRuntime.start(config, null, null)) {
            assertThat(awaitIds(output, run + "-", RECORDS)).isEqualTo(ids);
        }
    }

    /** Reads {@code topic} from the start as the super user until {@code expected} ids with {@code prefix} came. */
    private Set<String> awaitIds(String topic, String prefix, int expected) throws Exception {
        Map<String, Object> props = new HashMap<>(broker.superUserClient(security));
        props.put("isolation.level", "read_committed");
        List<String> seen = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = JSON.readTree(record.value()).path("event_id").asText();
                    if (id.startsWith(prefix)) {
                        seen.add(id);
                    }
                }
            }
            // A repeat let through would arrive next to its first occurrence: read a little further.
            consumer.poll(Duration.ofSeconds(2)).forEach(r -> {
                try {
                    String id = JSON.readTree(r.value()).path("event_id").asText();
                    if (id.startsWith(prefix)) {
                        seen.add(id);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        assertThat(seen).as("ids with %s in %s", prefix, topic).hasSize(expected).doesNotHaveDuplicates();
        return new HashSet<>(seen);
    }

    private ExampleWorker.Builder example(String file, String bootstrap) throws IOException {
        return ExampleWorker.from(root.resolve("connector-configs/worker/" + file))
                .set("bootstrap.servers", bootstrap)
                .set("listeners", "http://127.0.0.1:" + Ports.anyFree())
                .set("plugin.path", plugins.toString())
                .replace("/etc/tributary/secrets", secrets.toString())
                .replace("/etc/tributary/tls", security.dir().toString());
    }

    /** A file source into events-example-NAME and a file sink out of it: every line arrives in the output once. */
    private void runsPipeline(ExampleWorker worker, String name) throws Exception {
        String topic = "events-example-" + name;
        try (Admin admin = security.superUserAdmin(broker.mtlsBootstrap())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Path input = Files.createDirectories(home.resolve("in-" + name));
        Path output = home.resolve("out-" + name);
        Set<String> ids = new HashSet<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            String id = name + "-" + i;
            ids.add(id);
            lines.add("{\"id\":\"" + id + "\",\"n\":" + i + "}");
        }
        Files.write(input.resolve("events.jsonl"), lines);

        ConnectClient connect = new ConnectClient(worker.rest());
        String source = "example-source-" + name;
        String sink = "example-sink-" + name;
        connect.configure(source, Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "file.path", input.toString(), "topic", topic, "format", "json", "file.min.age.ms", "0",
                "poll.interval.ms", "100", "exactly.once.support", "required",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));
        connect.configure(sink, Map.of(
                "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                "topics", topic, "file.path", output.toString(), "format", "json", "rotate.interval.ms", "500",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));
        try {
            connect.awaitRunning(source, WAIT);
            connect.awaitRunning(sink, WAIT);
            assertThat(awaitCommittedIds(output, RECORDS, worker)).isEqualTo(ids);
        } finally {
            connect.delete(source);
            connect.delete(sink);
        }
    }

    /**
     * Waits until the sink's committed files hold {@code expected} lines, then returns the ids in them; a duplicate
     * fails at once.
     */
    private static Set<String> awaitCommittedIds(Path output, int expected, ExampleWorker worker) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = committedLines(output);
            if (lines.size() >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(lines).as("committed lines in %s; worker log:%n%s", output, worker.tail()).hasSize(expected);
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            assertThat(ids.add(JSON.readTree(line).path("id").asText())).as("once: %s", line).isTrue();
        }
        return ids;
    }

    /** The lines of the file sink's committed files (hidden paths are its in-progress files and offset markers). */
    private static List<String> committedLines(Path output) throws IOException {
        List<String> all = new ArrayList<>();
        if (!Files.exists(output)) {
            return all;
        }
        try (Stream<Path> walk = Files.walk(output)) {
            Iterator<Path> files = walk.filter(Files::isRegularFile)
                    .filter(p -> !output.relativize(p).toString().startsWith(".")).sorted().iterator();
            while (files.hasNext()) {
                all.addAll(Files.readAllLines(files.next()));
            }
        }
        return all;
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", uri, response.body()).isEqualTo(200);
        return response.body();
    }
}
