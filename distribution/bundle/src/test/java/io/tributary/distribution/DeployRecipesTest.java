package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.tributary.distribution.DeployRecipes.DEPLOY;
import static io.tributary.distribution.DeployRecipes.ROOT;
import static io.tributary.distribution.DeployRecipes.VERSION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy/ recipes, checked without Docker or Kubernetes (neither runs here): the generated parts are current,
 * every file a recipe names exists, what the recipes copy of the repository's files equals them, the Strimzi
 * resources mirror the shipped worker config and the demo pipeline's JSON, and every image is pinned to the
 * versions the build uses. DeployRecipesIT starts a worker as the Connect image does.
 */
class DeployRecipesTest {

    private static final DeployDockerfile CONNECT = DeployDockerfile.read(DEPLOY.resolve("connect/Dockerfile"));
    private static final DeployDockerfile PROCESSOR = DeployDockerfile.read(DEPLOY.resolve("processor/Dockerfile"));
    private static final Path KAFKA_CONNECT = DEPLOY.resolve("strimzi/kafka-connect.yaml");
    private static final Path PROCESSOR_K8S = DEPLOY.resolve("kubernetes/processor.yaml");

    @Test
    void everyGeneratedRecipeIsCurrent() throws IOException {
        boolean write = Boolean.getBoolean("tributary.deploy.write");
        List<String> stale = new ArrayList<>();
        for (DeployRecipes.Generated file : DeployRecipes.generated()) {
            if (write) {
                Files.createDirectories(file.path().getParent());
                Files.writeString(file.path(), file.text());
            } else if (!Files.exists(file.path()) || !Files.readString(file.path()).equals(file.text())) {
                stale.add(ROOT.relativize(file.path()).toString());
            }
        }
        assertThat(stale).as("generated recipes that differ from their sources: run this test with "
                + "-Dtributary.deploy.write=true").isEmpty();
    }

    @Test
    void everyYamlFileParsesAndEachDocumentIsAKubernetesResource() {
        List<Path> files = DeployRecipes.yamlFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path file : files) {
            List<JsonNode> documents = DeployRecipes.readYaml(file);
            assertThat(documents).as(file.toString()).isNotEmpty();
            for (JsonNode doc : documents) {
                assertThat(doc.path("apiVersion").asText()).as("apiVersion in " + file).isNotEmpty();
                assertThat(doc.path("kind").asText()).as("kind in " + file).isNotEmpty();
                assertThat(doc.path("metadata").path("name").asText()).as("metadata.name in " + file)
                        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
            }
        }
    }

    @Test
    void eachKafkaConnectorCarriesItsJsonConfigExactly() {
        List<Path> jsonFiles = DeployRecipes.pipelineJson();
        assertThat(jsonFiles).hasSize(5);
        Set<String> names = new java.util.TreeSet<>();
        for (Path json : jsonFiles) {
            JsonNode rest = DeployRecipes.read(json);
            String relative = ROOT.resolve(DeployRecipes.PIPELINE).relativize(json).toString()
                    .replaceAll("\\.json$", ".yaml");
            JsonNode connector = DeployRecipes.only(DEPLOY.resolve("strimzi/connectors").resolve(relative),
                    "KafkaConnector");
            assertThat(connector.path("metadata").path("name").asText()).isEqualTo(rest.path("name").asText());
            assertThat(connector.path("metadata").path("labels").path("strimzi.io/cluster").asText())
                    .isEqualTo(DeployRecipes.CONNECT_CLUSTER);
            Map<String, String> expected = new TreeMap<>();
            rest.path("config").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
            assertThat(new TreeMap<>(DeployRecipes.restConfig(connector))).as(relative).isEqualTo(expected);
            assertThat(connector.path("spec").path("config").has("connector.class")).isFalse();
            assertThat(connector.path("spec").path("config").has("tasks.max")).isFalse();
            names.add(relative);
        }
        try (Stream<Path> walk = Files.walk(DEPLOY.resolve("strimzi/connectors"))) {
            assertThat(walk.filter(Files::isRegularFile)
                    .map(p -> DEPLOY.resolve("strimzi/connectors").relativize(p).toString()).sorted().toList())
                    .as("a KafkaConnector for each pipeline JSON and nothing else").containsExactlyElementsOf(names);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void configMapsHoldTheRepositoryFilesExactly() {
        Map<String, String> expected = Map.of(
                "tributary-connect-metrics/jmx-exporter.yaml", "connector-configs/monitoring/jmx-exporter.yaml",
                "tributary-schemas/event.schema.json", "connector-configs/schemas/event.schema.json",
                "tributary-rules/event-routing.json", "connector-configs/rules/event-routing.json");
        Map<String, String> found = new TreeMap<>();
        for (JsonNode map : DeployRecipes.readYaml(DEPLOY.resolve("strimzi/configmaps.yaml"))) {
            map.path("data").fields().forEachRemaining(e ->
                    found.put(map.path("metadata").path("name").asText() + "/" + e.getKey(), e.getValue().asText()));
        }
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, file) ->
                assertThat(found.get(key)).as(key).isEqualTo(DeployRecipes.text(ROOT.resolve(file))));

        JsonNode processorConfig = DeployRecipes.only(DEPLOY.resolve("kubernetes/processor-config.yaml"), "ConfigMap");
        assertThat(processorConfig.path("data").path("processor.yaml").asText())
                .isEqualTo(DeployRecipes.text(ROOT.resolve("connector-configs/processor/demo.yaml")));
    }

    @Test
    void strimziMountsTheConfigMapsAndPointsTheConnectorsAtThem() {
        JsonNode connect = DeployRecipes.only(KAFKA_CONNECT, "KafkaConnect");
        assertThat(connect.path("metadata").path("name").asText()).isEqualTo(DeployRecipes.CONNECT_CLUSTER);
        assertThat(connect.path("metadata").path("annotations").path("strimzi.io/use-connector-resources").asText())
                .isEqualTo("true");
        assertThat(connect.path("spec").path("metricsConfig").path("type").asText()).isEqualTo("jmxPrometheusExporter");
        JsonNode ref = connect.path("spec").path("metricsConfig").path("valueFrom").path("configMapKeyRef");
        assertThat(ref.path("name").asText() + "/" + ref.path("key").asText())
                .isEqualTo("tributary-connect-metrics/jmx-exporter.yaml");

        Map<String, String> env = new LinkedHashMap<>();
        connect.path("spec").path("template").path("connectContainer").path("env")
                .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        Map<String, String> configMapOfVolume = new LinkedHashMap<>();
        connect.path("spec").path("template").path("pod").path("volumes").forEach(v ->
                configMapOfVolume.put(v.path("name").asText(), v.path("configMap").path("name").asText(null)));
        Map<String, String> mountedAt = new LinkedHashMap<>();
        connect.path("spec").path("template").path("connectContainer").path("volumeMounts").forEach(m -> {
            assertThat(m.path("mountPath").asText()).as("Strimzi mounts additional volumes under /mnt only")
                    .startsWith("/mnt/");
            mountedAt.put(m.path("mountPath").asText(), m.path("name").asText());
        });
        // The connectors read ${env:TRIBUTARY_ROOT}/connector-configs/schemas/event.schema.json and .../rules/...:
        // the ConfigMap holding that file is mounted at that folder.
        String root = env.get("TRIBUTARY_ROOT");
        assertThat(configMapOfVolume.get(mountedAt.get(root + "/connector-configs/schemas"))).isEqualTo("tributary-schemas");
        assertThat(configMapOfVolume.get(mountedAt.get(root + "/connector-configs/rules"))).isEqualTo("tributary-rules");
        assertThat(mountedAt).containsKey(env.get("TRIBUTARY_HOME"));
    }

    @Test
    void strimziConfigMirrorsTheShippedWorkerConfig() {
        JsonNode spec = DeployRecipes.only(KAFKA_CONNECT, "KafkaConnect").path("spec");
        Map<String, String> asWorker = new TreeMap<>();
        spec.path("config").fields().forEachRemaining(e -> asWorker.put(e.getKey(), e.getValue().asText()));
        // The v1 API's spec fields for what the worker config has as properties.
        asWorker.put("group.id", spec.path("groupId").asText());
        asWorker.put("config.storage.topic", spec.path("configStorageTopic").asText());
        asWorker.put("offset.storage.topic", spec.path("offsetStorageTopic").asText());
        asWorker.put("status.storage.topic", spec.path("statusStorageTopic").asText());

        Map<String, String> shipped = new TreeMap<>(DeployRecipes.workerConfig());
        // Strimzi sets these itself and refuses them in spec.config.
        shipped.keySet().removeAll(Set.of("bootstrap.servers", "listeners", "plugin.path"));
        assertThat(asWorker).isEqualTo(shipped);
    }

    @Test
    void theStrimziBuildFetchesTheReleasedZipOfThisVersion() {
        JsonNode build = DeployRecipes.only(KAFKA_CONNECT, "KafkaConnect").path("spec").path("build");
        assertThat(build.path("output").path("type").asText()).isEqualTo("docker");
        assertThat(build.path("output").path("image").asText()).endsWith(":" + VERSION);
        assertThat(build.path("plugins")).hasSize(1);
        JsonNode plugin = build.path("plugins").get(0);
        assertThat(plugin.path("name").asText()).isEqualTo("tributary");
        assertThat(plugin.path("artifacts")).hasSize(1);
        JsonNode artifact = plugin.path("artifacts").get(0);
        assertThat(artifact.path("type").asText()).isEqualTo("zip");
        assertThat(artifact.path("url").asText()).startsWith("https://").endsWith("/" + DeployRecipes.bundleZipName());
        assertThat(artifact.path("sha512sum").asText()).isNotEmpty();
    }

    @Test
    void imagesArePinnedToTheVersionsTheBuildUses() {
        String kafka = DeployRecipes.pomProperty("pom.xml", "kafka.version");
        String java = DeployRecipes.pomProperty("pom.xml", "maven.compiler.release");
        for (DeployDockerfile.Stage stage : CONNECT.stages()) {
            assertThat(stage.image()).isEqualTo("apache/kafka:" + kafka);
        }
        for (DeployDockerfile.Stage stage : PROCESSOR.stages()) {
            assertThat(stage.image()).isEqualTo("eclipse-temurin:" + java + "-jre");
        }
        for (DeployDockerfile file : List.of(CONNECT, PROCESSOR)) {
            for (DeployDockerfile.Stage stage : file.stages()) {
                assertThat(stage.arguments("ARG")).contains("TRIBUTARY_VERSION=" + VERSION);
            }
        }
        assertThat(DeployRecipes.only(KAFKA_CONNECT, "KafkaConnect").path("spec").path("version").asText())
                .isEqualTo(kafka);
        JsonNode container = processorContainer();
        assertThat(container.path("image").asText()).endsWith("/tributary-processor:" + VERSION);
    }

    @Test
    void theConnectImageCopiesOnlyWhatTheRepositoryOrTheBuildHas() {
        DeployDockerfile.Stage unpack = CONNECT.stage("unpack");
        assertThat(unpack.copies()).singleElement().satisfies(c -> assertThat(c.sources())
                .containsExactly("distribution/bundle/target/" + DeployRecipes.bundleZipName()));
        for (DeployDockerfile.Copy copy : CONNECT.image().copies()) {
            if (copy.from() != null) {
                assertThat(copy.from()).isEqualTo("unpack");
                continue;
            }
            for (String source : copy.sources()) {
                if (source.equals("distribution/launcher/target/jmx_prometheus_javaagent.jar")) {
                    // Made by ./tributary build: the launcher copies the agent under this name.
                    assertThat(DeployRecipes.text(ROOT.resolve("distribution/launcher/pom.xml")))
                            .contains("<destFileName>jmx_prometheus_javaagent.jar</destFileName>");
                    // DeployRecipesIT runs the worker with the bundle module's copy: the same version.
                    assertThat(DeployRecipes.pomProperty("distribution/bundle/pom.xml", "jmx-exporter.version"))
                            .isEqualTo(DeployRecipes.pomProperty("distribution/launcher/pom.xml", "jmx-exporter.version"));
                } else {
                    assertThat(ROOT.resolve(source)).as("COPY source " + source).exists();
                }
            }
        }
        Map<String, String> env = CONNECT.image().env();
        assertThat(env).containsKeys("TRIBUTARY_ROOT", "TRIBUTARY_HOME", "CONNECT_PLUGIN_PATH", "CONNECT_LISTENERS");
        assertThat(CONNECT.image().arguments("USER")).last().isEqualTo("appuser");
        assertThat(CONNECT.image().arguments("STOPSIGNAL")).containsExactly("SIGTERM");
        assertThat(CONNECT.image().arguments("ENTRYPOINT")).containsExactly("[\"/opt/tributary/bin/entrypoint.sh\"]");
    }

    @Test
    void theProcessorImageUnpacksTheTarballAndRunsAsANumericNonRootUser() {
        DeployDockerfile.Copy tarball = PROCESSOR.stage("unpack").copies().get(0);
        assertThat(tarball.keyword()).isEqualTo("ADD");
        assertThat(tarball.sources()).containsExactly("stateful-processor/target/tributary-processor-" + VERSION + ".tar.gz");
        assertThat(PROCESSOR.image().arguments("USER")).last().asString().matches("[1-9][0-9]*");
        assertThat(PROCESSOR.image().arguments("STOPSIGNAL")).containsExactly("SIGTERM");
        Map<String, String> env = PROCESSOR.image().env();
        assertThat(PROCESSOR.image().arguments("VOLUME")).containsExactly(env.get("TRIBUTARY_PROCESSOR_STATE_DIR"));
    }

    @Test
    void theProcessorStatefulSetGivesEachInstanceItsStateVolumeAndOutwaitsItsStop() {
        JsonNode set = DeployRecipes.only(PROCESSOR_K8S, "StatefulSet");
        JsonNode pod = set.path("spec").path("template").path("spec");
        JsonNode container = processorContainer();
        assertThat(set.path("spec").path("replicas").asInt()).isEqualTo(2);

        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
        DeployRecipes.only(PROCESSOR_K8S, "ConfigMap").path("data").fields()
                .forEachRemaining(e -> env.putIfAbsent(e.getKey(), e.getValue().asText()));
        String stateDir = env.get("TRIBUTARY_PROCESSOR_STATE_DIR");
        assertThat(set.path("spec").path("volumeClaimTemplates")).singleElement().satisfies(claim -> {
            String name = claim.path("metadata").path("name").asText();
            List<String> mounts = new ArrayList<>();
            container.path("volumeMounts").forEach(m -> {
                if (m.path("name").asText().equals(name)) {
                    mounts.add(m.path("mountPath").asText());
                }
            });
            assertThat(mounts).containsExactly(stateDir);
        });

        Duration stop = Duration.parse("PT" + env.get("TRIBUTARY_PROCESSOR_SHUTDOWN_TIMEOUT").toUpperCase());
        assertThat(Duration.ofSeconds(pod.path("terminationGracePeriodSeconds").asLong())).isGreaterThan(stop);

        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/ready");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health");
        assertThat(env.get("TRIBUTARY_PROCESSOR_HTTP_LISTEN")).endsWith(":8090");
        assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(8090);
        JsonNode configVolume = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("configMap").path("name").asText().equals("tributary-processor-config")) {
                configVolume = v;
            }
        }
        assertThat(configVolume).as("the processor-config.yaml ConfigMap as a volume").isNotNull();
        assertThat(pod.path("securityContext").path("runAsUser").asText())
                .isEqualTo(PROCESSOR.image().arguments("USER").get(PROCESSOR.image().arguments("USER").size() - 1));
    }

    private static JsonNode processorContainer() {
        JsonNode containers = DeployRecipes.only(PROCESSOR_K8S, "StatefulSet").path("spec").path("template")
                .path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }
}
