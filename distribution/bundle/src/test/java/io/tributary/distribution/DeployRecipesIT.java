package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ThreadDump;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.tributary.distribution.DeployRecipes.DEPLOY;
import static io.tributary.distribution.DeployRecipes.ROOT;
import static io.tributary.distribution.DeployRecipes.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Connect image without Docker: its files laid out under a folder as deploy/connect/Dockerfile's COPY lines put
 * them (the bundle ZIP unpacked as its unpack stage does), its ENV lines as the environment (paths moved under that
 * folder), and its entrypoint.sh run as the image runs it, with Kafka's connect-distributed.sh replaced by one that
 * starts ConnectDistributed with this test's classpath (Kafka 4.3.1's runtime, none of Tributary's classes) and the
 * same KAFKA_OPTS. So the worker runs with exactly the properties, plugin path, agent and files the image gives it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployRecipesIT {

    private static final Path ZIP = Path.of(System.getProperty("tributary.bundle.zip"));
    private static final Path AGENT = Path.of(System.getProperty("tributary.jmx.agent"));

    private static ConnectCluster kafka;
    private static Path work;
    private static Path image;
    private static Map<String, String> environment;
    private static Process worker;
    private static ConnectRest rest;
    private static int metricsPort;

    @BeforeAll
    static void layOutTheImageAndRunItsEntrypoint() throws IOException {
        kafka = ConnectCluster.builder("deploy").workers(0).start();
        work = Files.createTempDirectory("tributary-deploy");
        image = work.resolve("image");
        DeployDockerfile dockerfile = DeployDockerfile.read(DEPLOY.resolve("connect/Dockerfile"));
        for (DeployDockerfile.Copy copy : dockerfile.image().copies()) {
            install(copy, dockerfile);
        }
        Path kafkaBin = Files.createDirectories(inImage("/opt/kafka/bin"));
        Path stub = kafkaBin.resolve("connect-distributed.sh");
        Files.writeString(stub, String.join("\n",
                "#!/bin/sh",
                "# Stands in for Kafka's bin/connect-distributed.sh: the same JVM option variables, this test's classpath.",
                "exec \"$TEST_JAVA\" ${KAFKA_HEAP_OPTS:--Xmx512m} $KAFKA_OPTS -XX:+UseSerialGC "
                        + "-Dlog4j2.configurationFile=\"$TEST_LOG4J\" -cp \"$TEST_CLASSPATH\" "
                        + "org.apache.kafka.connect.cli.ConnectDistributed \"$@\"",
                ""));
        assertThat(stub.toFile().setExecutable(true)).isTrue();
        Path log4j = work.resolve("log4j2.xml");
        Files.writeString(log4j, String.join("\n",
                "<Configuration status=\"warn\">",
                "  <Appenders><File name=\"file\" fileName=\"" + work.resolve("worker.log") + "\">"
                        + "<PatternLayout pattern=\"%d %-5p [%t] %c{1}: %m%n\"/></File></Appenders>",
                "  <Loggers>",
                "    <Logger name=\"org.apache.kafka.connect.runtime.Connect\" level=\"info\"/>",
                "    <Root level=\"warn\"><AppenderRef ref=\"file\"/></Root>",
                "  </Loggers>",
                "</Configuration>"));

        int restPort = freePort();
        metricsPort = freePort();
        environment = new TreeMap<>();
        // What the image sets, its paths moved under the image folder.
        dockerfile.image().env().forEach((k, v) -> environment.put(k, v.startsWith("/") ? inImage(v).toString() : v));
        Files.createDirectories(Path.of(environment.get("TRIBUTARY_CONNECT_CONFIG")).getParent());
        // What a deployment sets (docs/operations/deploy.md): the cluster, this group's topics on one broker, and
        // loopback addresses instead of the image's 0.0.0.0.
        environment.put("CONNECT_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("CONNECT_GROUP_ID", "deploy-it");
        environment.put("CONNECT_CONFIG_STORAGE_TOPIC", "deploy-it-configs");
        environment.put("CONNECT_OFFSET_STORAGE_TOPIC", "deploy-it-offsets");
        environment.put("CONNECT_STATUS_STORAGE_TOPIC", "deploy-it-status");
        environment.put("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR", "1");
        environment.put("CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR", "1");
        environment.put("CONNECT_STATUS_STORAGE_REPLICATION_FACTOR", "1");
        environment.put("CONNECT_LISTENERS", "http://127.0.0.1:" + restPort);
        environment.put("CONNECT_REST_ADVERTISED_HOST_NAME", "127.0.0.1");
        environment.put("TRIBUTARY_METRICS_LISTEN", "127.0.0.1:" + metricsPort);
        environment.put("KAFKA_HOME", inImage("/opt/kafka").toString());

        ProcessBuilder builder = new ProcessBuilder(inImage(dockerfile.image().arguments("ENTRYPOINT").get(0)
                .replaceAll("^\\[\"|\"]$", "")).toString());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(environment);
        builder.environment().put("TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("TEST_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("TEST_LOG4J", log4j.toString());
        worker = builder.redirectErrorStream(true)
                .redirectOutput(work.resolve("worker.out").toFile()).start();
        rest = new ConnectRest(URI.create("http://127.0.0.1:" + restPort + "/"));
        Await.until(Duration.ofSeconds(120), "the image's worker to answer (" + work.resolve("worker.out") + ")", () -> {
            if (!worker.isAlive()) {
                throw new AssertionError("the worker exited with " + worker.exitValue() + "; see "
                        + work.resolve("worker.out") + " and " + work.resolve("worker.log"));
            }
            return rest.isUp();
        });
    }

    @AfterAll
    static void stop() {
        if (worker != null && worker.isAlive()) {
            worker.destroyForcibly();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void theWorkerRunsTheShippedConfigWithTheDeploymentsOverrides() throws IOException {
        Properties written = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(environment.get("TRIBUTARY_CONNECT_CONFIG")))) {
            written.load(in);
        }
        Map<String, String> expected = new TreeMap<>(DeployRecipes.workerConfig());
        environment.forEach((k, v) -> {
            if (k.startsWith("CONNECT_")) {
                expected.put(k.substring("CONNECT_".length()).toLowerCase().replace('_', '.'), v);
            }
        });
        Map<String, String> actual = new TreeMap<>();
        written.stringPropertyNames().forEach(k -> actual.put(k, written.getProperty(k)));
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.get("plugin.path")).isEqualTo(inImage("/opt/tributary/plugins").toString());
        assertThat(actual).containsEntry("exactly.once.source.support", "enabled");
    }

    @Test
    @Order(2)
    void theWorkerFindsEveryPluginOfTheManifestInTheImagesPluginPath() {
        Map<String, String> versions = new HashMap<>();
        for (JsonNode plugin : rest.plugins(false)) {
            versions.put(plugin.path("class").asText(), plugin.path("version").asText());
        }
        List<String> manifest = BundleZip.manifestPluginClasses(ROOT);
        assertThat(manifest).isNotEmpty();
        for (String plugin : manifest) {
            assertThat(versions).as("plugins the image's worker found").containsEntry(plugin, VERSION);
        }
    }

    @Test
    @Order(3)
    void theDemoFilePipelineFromTheKafkaConnectorResourcesRuns() throws IOException {
        Path home = Path.of(environment.get("TRIBUTARY_HOME"));
        // What the operator provides on the data volume (the file source refuses a missing folder).
        Path input = Files.createDirectories(home.resolve("demo/input"));
        List<String> ids = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        new EventGenerator(GeneratorSettings.clean(3_000, 15), Instant.now()).forEachRemaining((GeneratedEvent e) -> {
            ids.add(e.eventId());
            lines.append(new String(e.bytes(), StandardCharsets.UTF_8)).append('\n');
        });
        Files.writeString(input.resolve("events.jsonl.tmp"), lines);
        Files.move(input.resolve("events.jsonl.tmp"), input.resolve("events.jsonl"), StandardCopyOption.ATOMIC_MOVE);

        for (String file : List.of("10-file-source.yaml", "20-file-sink.yaml")) {
            JsonNode connector = DeployRecipes.only(DEPLOY.resolve("strimzi/connectors").resolve(file), "KafkaConnector");
            String name = connector.path("metadata").path("name").asText();
            rest.configure(name, DeployRecipes.restConfig(connector));
            rest.awaitRunning(name, connector.path("spec").path("tasksMax").asInt(), Duration.ofSeconds(90));
        }

        Path output = home.resolve("demo/output");
        List<String> written = new ArrayList<>();
        Await.until(Duration.ofSeconds(180), "3,000 events in the demo sink's files", () -> {
            written.clear();
            if (Files.isDirectory(output)) {
                written.addAll(BundleZip.committedLines(output));
            }
            return written.size() >= ids.size();
        }, () -> written.size() + " lines");
        List<String> writtenIds = written.stream()
                .map(line -> line.replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1")).toList();
        assertThat(writtenIds).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(home.resolve("demo/finished/events.jsonl")).isRegularFile();
    }

    @Test
    @Order(4)
    void theAgentServesTheWorkersAndThePluginsMetrics() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("kafka_connect_worker_").contains("jvm_memory_used_bytes")
                .contains("connector=\"demo-file-source\"").contains("tributary_");
    }

    @Test
    @Order(5)
    void sigtermReachesTheWorkerItselfWhichStopsCleanly() throws Exception {
        // entrypoint.sh and connect-distributed.sh exec: the process started is the JVM, as PID 1 is in a container.
        assertThat(worker.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("java"));
        Path log = work.resolve("worker.log");
        worker.destroy();
        // SIGTERM reached the JVM: Connect's shutdown hook runs.
        Await.until(Duration.ofSeconds(60), "Connect's shutdown hook to start (" + log + ")",
                () -> readQuietly(log).contains("Kafka Connect stopping"));
        if (worker.waitFor(60, TimeUnit.SECONDS)) {
            assertThat(Files.readString(log)).contains("Kafka Connect stopped");
            return;
        }
        // Not exited a minute after SIGTERM. One hang is Connect's and Jetty's own, documented in
        // docs/operations/deploy.md ("A Connect worker can hang on SIGTERM"): Connect 4.3.1 registers Jetty's
        // shutdown thread (setStopAtShutdown) beside its own hook, and the two race in RestServer.stop(). Accepted
        // only when the threads show exactly that: Connect's hook inside RestServer.stop(). Any other hang fails.
        Path dumpFile = work.resolve("worker-threads.txt");
        String dump = ThreadDump.write(worker.pid(), dumpFile);
        worker.destroyForcibly();
        assertThat(dump).as("the threads of a worker that had not exited 60 s after SIGTERM (" + dumpFile + ")")
                .isNotNull();
        String hook = Arrays.stream(dump.split("\\R\\R"))
                .filter(thread -> thread.contains("Connect$ShutdownHook.run")).findFirst().orElse("");
        assertThat(hook).as("Connect's shutdown hook of a worker that had not exited 60 s after SIGTERM:"
                + " only the documented Jetty race in RestServer.stop() is Connect's own; threads in " + dumpFile
                + "; log tail:\n" + tail(log)).contains("RestServer.stop");
        System.err.println("DeployRecipesIT: the worker hung in Connect's RestServer.stop() after SIGTERM (the"
                + " documented Connect 4.3.1/Jetty shutdown race) and was killed; its threads: " + dumpFile);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** One COPY of the image's last stage, into the image folder. */
    private static void install(DeployDockerfile.Copy copy, DeployDockerfile dockerfile) throws IOException {
        Path target = inImage(copy.destination());
        if (copy.from() != null) {
            // The unpack stage: its one COPY is the ZIP, its RUN unzips it into the folder copied from here.
            DeployDockerfile.Stage unpack = dockerfile.stage(copy.from());
            String zipInStage = unpack.copies().get(0).destination();
            assertThat(unpack.arguments("RUN")).anySatisfy(run ->
                    assertThat(run).contains("unzip -q " + zipInStage + " -d " + copy.sources().get(0).replaceAll("/$", "")));
            Files.createDirectories(target);
            BundleZip.unzip(ZIP, target);
            return;
        }
        assertThat(copy.sources()).hasSize(1);
        String source = copy.sources().get(0);
        Path from = source.contains("/target/") ? buildOutput(source) : ROOT.resolve(source);
        if (Files.isDirectory(from)) {
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.filter(Files::isRegularFile).toList()) {
                    Path to = target.resolve(from.relativize(p).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                }
            }
        } else {
            Files.createDirectories(target.getParent());
            Files.copy(from, target);
        }
        if (copy.flags().getOrDefault("chmod", "").equals("755")) {
            assertThat(target.toFile().setExecutable(true, false)).isTrue();
        }
    }

    /** What ./tributary build makes, from this build (the launcher module is built after this one). */
    private static Path buildOutput(String source) {
        String name = Path.of(source).getFileName().toString();
        if (name.equals("jmx_prometheus_javaagent.jar")) {
            return AGENT;
        }
        throw new AssertionError("no build output known for " + source);
    }

    private static Path inImage(String absolute) {
        return image.resolve(absolute.replaceAll("^/+", ""));
    }

    private static int freePort() throws IOException {
        // Below the ephemeral range: a ServerSocket(0) port may be given to an outgoing connection before use.
        return io.tributary.testsupport.LoopbackPorts.free();
    }
}
