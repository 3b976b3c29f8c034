package io.tributary.processor.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processor as shipped: the tarball Maven built, unpacked, started with {@code bin/tributary-processor
 * config/demo.yaml} as a child process, its broker, state directory and port given through the environment.
 * It deduplicates against the test broker, answers /ready, refuses a second instance on its state directory before
 * touching Kafka, and exits 0 on SIGTERM; a missing config file exits 2, an unreachable broker 1, each with the cause.
 */
class ProcessorDistributionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Generous bounds for a 2-core machine shared with other builds: only "it ended before this" is asserted. */
    private static final Duration EXIT_DEADLINE = Duration.ofSeconds(90);

    private static ConnectCluster kafka;
    private static Path home;

    @TempDir
    static Path unpacked;
    @TempDir
    Path dir;

    @BeforeAll
    static void unpackAndStartKafka() throws Exception {
        Path tarball = Path.of(System.getProperty("processor.tarball"));
        assertThat(tarball).as("built by mvn package").exists();
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString())
                .redirectErrorStream(true).start();
        assertThat(tar.waitFor()).as(new String(tar.getInputStream().readAllBytes())).isZero();
        home = unpacked.resolve("tributary-processor-" + System.getProperty("processor.version"));
        kafka = ConnectCluster.builder("processor-dist").workers(0).start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theTarballHasTheLayoutDeployRecipesRelyOn() throws IOException {
        assertThat(home.resolve("bin/tributary-processor")).isExecutable();
        assertThat(home.resolve("config/demo.yaml")).hasSameTextualContentAs(
                Path.of(System.getProperty("tributary.root"), "connector-configs/processor/demo.yaml"));
        assertThat(home.resolve("config/route-payments.yaml")).exists();
        assertThat(home.resolve("config/demo-avro.yaml")).hasSameTextualContentAs(
                Path.of(System.getProperty("tributary.root"), "connector-configs/processor/demo-avro.yaml"));
        assertThat(home.resolve("config/log4j2.xml")).exists();
        assertThat(home.resolve("README.md")).exists();
        List<String> jars;
        try (var files = Files.list(home.resolve("lib"))) {
            jars = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(jars).contains("tributary-processor-" + System.getProperty("processor.version") + ".jar")
                .anyMatch(j -> j.startsWith("kafka-streams-")).anyMatch(j -> j.startsWith("log4j-core-"))
                .anyMatch(j -> j.startsWith("avro-"))
                .noneMatch(j -> j.contains("test") || j.contains("junit") || j.contains("assertj"));
    }

    @Test
    void runsDemoYamlFromTheEnvironmentRefusesASecondInstanceAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        Map<String, String> env = environment(dir.resolve("state"), port);
        Process first = launch(List.of("config/demo.yaml"), env, dir.resolve("first.log"));
        try {
            Await.until(Duration.ofSeconds(120), "/ready to answer 200", () -> alive(first, dir.resolve("first.log"))
                    && status(port, "/ready") == 200);
            String log = Files.readString(dir.resolve("first.log"));
            assertThat(log).contains("Settings from the environment (values not shown): bootstrap.servers "
                    + "(TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS), http.listen (TRIBUTARY_PROCESSOR_HTTP_LISTEN), "
                    + "state.dir (TRIBUTARY_PROCESSOR_STATE_DIR), streams.commit.interval.ms "
                    + "(TRIBUTARY_PROCESSOR_STREAMS_COMMIT_INTERVAL_MS)")
                    .doesNotContain(kafka.bootstrapServers() + " (TRIBUTARY");

            // Five events, two of them sent twice: the dedup job lets each through once.
            long ts = System.currentTimeMillis();
            List<String> ids = List.of("d-1", "d-2", "d-3", "d-4", "d-5");
            try (KafkaProducer<String, String> producer = producer()) {
                for (String id : List.of("d-1", "d-2", "d-2", "d-3", "d-4", "d-4", "d-5")) {
                    producer.send(new ProducerRecord<>("events-payments", "u-1", "{\"event_id\": \"" + id
                            + "\", \"event_type\": \"payment\", \"user_id\": \"u-1\", \"amount\": 3, \"ts\": " + ts + "}"));
                }
            }
            List<String> unique = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), "events-unique", 5,
                    Duration.ofSeconds(60), Duration.ofSeconds(3), true)) {
                unique.add(JSON.readTree(r.value()).get("event_id").asText());
            }
            assertThat(unique).containsExactlyElementsOf(ids);

            // A second instance of the application on the same state directory, with a job whose topic exists
            // nowhere yet: refused with 3 before creating it, naming the first one's pid.
            Path second = Files.writeString(dir.resolve("second.yaml"), Files.readString(home.resolve(
                    "config/demo.yaml")).replace("input: [events-payments, events-clicks, events-iot]",
                    "input: [second-instance-input]"));
            Map<String, String> secondEnv = environment(dir.resolve("state"), freePort());
            Process refused = launch(List.of("--config", second.toString()), secondEnv, dir.resolve("second.log"));
            assertThat(refused.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("the second instance exited")
                    .isTrue();
            assertThat(refused.exitValue()).isEqualTo(3);
            assertThat(Files.readString(dir.resolve("second.log")))
                    .contains("another instance of application 'tributary-demo-processor' is running on this machine "
                            + "with state.dir " + dir.resolve("state") + " (pid " + first.pid() + ")");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("events-unique")
                        .doesNotContain("second-instance-input");
            }
            assertThat(alive(first, dir.resolve("first.log"))).isTrue();
            assertThat(status(port, "/ready")).isEqualTo(200);
        } finally {
            first.destroy();   // SIGTERM: the launcher exec'd the JVM, so it gets the signal itself
        }
        assertThat(first.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
        String log = Files.readString(dir.resolve("first.log"));
        assertThat(first.exitValue()).as(log).isZero();
        assertThat(log).contains("processor: stopping (signal): closing Kafka Streams, at most 30 s")
                .containsPattern("processor: stopped cleanly in [0-9.]+ s \\(exit 0\\)");
    }

    @Test
    void aMissingConfigFileExitsWithTwoNamingIt() throws Exception {
        Process p = launch(List.of("config/no-such.yaml"), environment(dir.resolve("state"), freePort()),
                dir.resolve("missing.log"));
        assertThat(p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("missing.log")))
                .contains("processor: cannot read the config file config/no-such.yaml: it does not exist");
    }

    @Test
    void anUnreachableBrokerEndsTheStartWithTheCauseInsteadOfWaiting() throws Exception {
        int closed = freePort();
        Map<String, String> env = environment(dir.resolve("state"), freePort());
        env.put("TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS", "127.0.0.1:" + closed);
        env.put("TRIBUTARY_PROCESSOR_STREAMS_DEFAULT_API_TIMEOUT_MS", "5000");
        env.put("TRIBUTARY_PROCESSOR_STREAMS_REQUEST_TIMEOUT_MS", "5000");
        Process p = launch(List.of("config/demo.yaml"), env, dir.resolve("unreachable.log"));
        assertThat(p.waitFor(EXIT_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as("exited instead of retrying").isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("unreachable.log")))
                .contains("processor: cannot start: the Kafka cluster at 127.0.0.1:" + closed + " did not answer")
                .contains("TimeoutException");
    }

    private static Map<String, String> environment(Path stateDir, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("TRIBUTARY_PROCESSOR_STATE_DIR", stateDir.toString());
        env.put("TRIBUTARY_PROCESSOR_HTTP_LISTEN", "127.0.0.1:" + port);
        env.put("TRIBUTARY_PROCESSOR_STREAMS_COMMIT_INTERVAL_MS", "200");
        env.put("TRIBUTARY_PROCESSOR_HEAP", "384m");
        env.put("JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true");
        return env;
    }

    /** bin/tributary-processor with these arguments, from the unpacked folder, with Java from JAVA_HOME. */
    private static Process launch(List<String> args, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/tributary-processor").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(k -> k.startsWith("TRIBUTARY_") || k.equals("JAVA_OPTS"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static boolean alive(Process process, Path log) {
        if (!process.isAlive()) {
            String printed;
            try {
                printed = Files.readString(log);
            } catch (IOException e) {
                printed = "(unreadable: " + e + ")";
            }
            throw new AssertionError("the processor exited with " + process.exitValue() + "; its log:\n" + printed);
        }
        return true;
    }

    private static int status(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static int freePort() throws IOException {
        // Below the ephemeral range: a ServerSocket(0) port may be given to an outgoing connection before use.
        return io.tributary.testsupport.LoopbackPorts.free();
    }
}
