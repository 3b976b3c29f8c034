package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The built ZIP, unpacked into the plugin path of a real distributed worker, with none of Tributary's classes on
 * this test's classpath: what a user gets from {@code confluent-hub install} or an unzip into plugin.path.
 */
class PackagingIT {

    private static final String VERSION = System.getProperty("tributary.version");
    private static final Path ZIP = Path.of(System.getProperty("tributary.bundle.zip"));
    private static final Path ROOT = Path.of(System.getProperty("tributary.root"));

    private static Path work;
    private static Path component;
    private static ConnectCluster cluster;
    private static ConnectRest rest;

    @BeforeAll
    static void installAndStartAWorker() throws IOException {
        work = Files.createTempDirectory("tributary-packaging");
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        BundleZip.unzip(ZIP, plugins);
        component = plugins.resolve(System.getProperty("tributary.bundle.name"));
        cluster = ConnectCluster.builder("packaging").exactlyOnce()
                .workerProp("plugin.path", plugins.toString())
                .start();
        rest = cluster.rest();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void noTributaryClassIsOnTheTestClasspath() {
        assertThatThrownBy(() -> Class.forName("io.tributary.connect.source.file.FileSourceConnector"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("io.tributary.connect.common.Version"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theZipHasTheComponentLayoutAndBundlesNoKafkaJar() throws IOException {
        assertThat(component.resolve("manifest.json")).isRegularFile();
        assertThat(component.resolve("lib")).isDirectory();
        assertThat(component.resolve("etc/worker/connect-distributed.properties")).isRegularFile();
        assertThat(component.resolve("etc/file-source.json")).isRegularFile();
        assertThat(component.resolve("doc/README.md")).isRegularFile();
        assertThat(component.resolve("doc/LICENSE")).isRegularFile();
        assertThat(component.resolve("doc/licenses/THIRD-PARTY.txt")).isRegularFile();
        assertThat(component.resolve("doc/config")).isDirectory();
        try (Stream<Path> jars = Files.list(component.resolve("lib"))) {
            List<String> names = jars.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("tributary-source-connectors-" + VERSION));
            assertThat(names).anyMatch(n -> n.startsWith("tributary-sink-connectors-" + VERSION));
            assertThat(names).noneMatch(n -> n.startsWith("kafka") || n.startsWith("connect-")
                    || n.startsWith("slf4j") || n.startsWith("log4j"));
        }
    }

    @Test
    void everyPluginInTheManifestIsListedInAServiceFileOfABundledJar() throws IOException {
        Set<String> declared = new HashSet<>();
        try (Stream<Path> jars = Files.list(component.resolve("lib"))) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("tributary-")).toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (JarEntry entry : java.util.Collections.list(file.entries())) {
                        if (entry.getName().startsWith("META-INF/services/org.apache.kafka.connect.")) {
                            try (InputStream in = file.getInputStream(entry)) {
                                String services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                                services.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                                        .forEach(declared::add);
                            }
                        }
                    }
                }
            }
        }
        List<String> expected = new ArrayList<>(manifestPluginClasses());
        // Not a plugin of ours (so not in manifest.json), but listed by the bundle on purpose: Apicurio's converter
        // jar ships no service manifest, and service-loader discovery would not find it (kafka-compat's resources).
        expected.add("io.apicurio.registry.utils.converter.AvroConverter");
        assertThat(declared).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theWorkerListsEveryPluginWithTheProjectVersion() {
        JsonNode plugins = rest.plugins(false);
        Map<String, String> versions = new HashMap<>();
        for (JsonNode plugin : plugins) {
            versions.put(plugin.path("class").asText(), plugin.path("version").asText());
        }
        for (String plugin : manifestPluginClasses()) {
            assertThat(versions).as("plugins the worker found").containsEntry(plugin, VERSION);
        }
    }

    @Test
    void theFilePipelineRunsThroughTheInstalledBundle() throws IOException {
        Path input = Files.createDirectories(work.resolve("in"));
        Path output = Files.createDirectories(work.resolve("out"));
        List<String> ids = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        new EventGenerator(GeneratorSettings.clean(2_000, 11), Instant.now()).forEachRemaining((GeneratedEvent e) -> {
            ids.add(e.eventId());
            lines.append(new String(e.bytes(), StandardCharsets.UTF_8)).append('\n');
        });
        Files.writeString(input.resolve("events.jsonl"), lines);

        rest.configure("packaged-source", Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "topic", "packaged-events", "file.path", input.toString(), "file.min.age.ms", "0",
                "file.scan.interval.ms", "200", "exactly.once.support", "required",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));
        rest.configure("packaged-sink", Map.of(
                "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                "topics", "packaged-events", "file.path", output.toString(), "rotate.records", "500",
                "rotate.interval.ms", "1000",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));
        rest.awaitRunning("packaged-source", 1, Duration.ofSeconds(60));
        rest.awaitRunning("packaged-sink", 1, Duration.ofSeconds(60));

        List<String> written = new ArrayList<>();
        Await.until(Duration.ofSeconds(90), "2,000 events in the sink's files", () -> {
            written.clear();
            written.addAll(BundleZip.committedLines(output));
            return written.size() >= ids.size();
        }, () -> written.size() + " lines");
        List<String> writtenIds = written.stream()
                .map(line -> line.replaceAll(".*\"event_id\":\"([^\"]+)\".*", "$1")).toList();
        assertThat(writtenIds).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(input.resolve("finished/events.jsonl")).isRegularFile();
    }

    /**
     * Arrow from the installed bundle, in the plugin's own class loader, in a worker without --add-opens: Arrow's
     * allocator, vectors and IPC writer, and the zstd buffer codec, load from lib/ and write complete files (the
     * values are checked by the sink module's ArrowRoundTripIT).
     */
    @Test
    void theArrowSinkWritesCompleteFilesThroughTheInstalledBundle() throws IOException {
        Path output = Files.createDirectories(work.resolve("arrow-out"));
        cluster.createTopic("packaged-structs", 1);
        String schema = "{\"type\":\"struct\",\"name\":\"Reading\",\"optional\":false,\"fields\":["
                + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
                + "{\"field\":\"sensor\",\"type\":\"string\",\"optional\":true}]}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int id = 0; id < 1_000; id++) {
                producer.send(new ProducerRecord<>("packaged-structs", "{\"schema\":" + schema
                        + ",\"payload\":{\"id\":" + id + ",\"sensor\":\"s" + id % 7 + "\"}}"));
            }
        }
        rest.configure("packaged-arrow-sink", Map.of(
                "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                "topics", "packaged-structs", "file.path", output.toString(), "format", "arrow",
                "format.arrow.compression", "zstd", "format.arrow.batch.rows", "128", "rotate.records", "500",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "true"));
        rest.awaitRunning("packaged-arrow-sink", 1, Duration.ofSeconds(60));
        Await.until(Duration.ofSeconds(90), "the sink's offset at the topic's end",
                () -> Long.valueOf(1_000).equals(rest.sinkOffsets("packaged-arrow-sink")
                        .get(new org.apache.kafka.common.TopicPartition("packaged-structs", 0))));
        rest.awaitRunning("packaged-arrow-sink", 1, Duration.ofSeconds(10));
        Path dir = output.resolve("packaged-structs/partition=0");
        assertThat(dir.resolve("packaged-structs+0+00000000000000000000.arrow")).isRegularFile();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertThat(file.getFileName().toString()).matches("packaged-structs\\+0\\+\\d{20}\\.arrow");
                byte[] bytes = Files.readAllBytes(file);
                String magic = "ARROW1";
                assertThat(new String(bytes, 0, 6, StandardCharsets.US_ASCII)).as(file + " starts").isEqualTo(magic);
                assertThat(new String(bytes, bytes.length - 6, 6, StandardCharsets.US_ASCII)).as(file + " ends")
                        .isEqualTo(magic);
            }
        }
    }

    private static List<String> manifestPluginClasses() {
        List<String> classes = BundleZip.manifestPluginClasses(ROOT);
        assertThat(classes).isNotEmpty();
        return classes;
    }
}
