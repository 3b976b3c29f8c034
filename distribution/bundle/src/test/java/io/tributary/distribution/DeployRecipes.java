package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The deploy/ recipes as the tests read them, and the parts of them generated from the repository's files (so they
 * cannot drift): the KafkaConnector resources from the demo pipeline's JSON, and the ConfigMaps holding the metrics
 * rules, the schema, the routing rules and the processor's config. {@code DeployRecipesTest} fails when a generated
 * file differs; with {@code -Dtributary.deploy.write=true} it rewrites them.
 */
final class DeployRecipes {

    static final Path ROOT = Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final String VERSION = System.getProperty("tributary.version");

    /** The KafkaConnect resource the KafkaConnectors belong to (their strimzi.io/cluster label). */
    static final String CONNECT_CLUSTER = "tributary-connect";
    static final String PIPELINE = "connector-configs/pipelines/demo";

    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .build())
            .build();

    private DeployRecipes() {
    }

    /** A generated file: where it goes and what it must say. */
    record Generated(Path path, String text) {
    }

    /** Every generated recipe file. */
    static List<Generated> generated() {
        List<Generated> files = new ArrayList<>();
        for (Path json : pipelineJson()) {
            String relative = ROOT.resolve(PIPELINE).relativize(json).toString().replaceAll("\\.json$", ".yaml");
            files.add(new Generated(DEPLOY.resolve("strimzi/connectors").resolve(relative),
                    header(ROOT.relativize(json).toString()) + yaml(kafkaConnector(read(json)))));
        }
        files.add(new Generated(DEPLOY.resolve("strimzi/configmaps.yaml"),
                header("connector-configs/monitoring/jmx-exporter.yaml, connector-configs/schemas/, connector-configs/rules/")
                        + yaml(configMap("tributary-connect-metrics", "connector-configs/monitoring/jmx-exporter.yaml"))
                        + "---\n" + yaml(configMap("tributary-schemas", "connector-configs/schemas/event.schema.json"))
                        + "---\n" + yaml(configMap("tributary-rules", "connector-configs/rules/event-routing.json"))));
        files.add(new Generated(DEPLOY.resolve("kubernetes/processor-config.yaml"),
                header("connector-configs/processor/demo.yaml (the demo's jobs: put your own there)")
                        + yaml(configMap("tributary-processor-config", "connector-configs/processor/demo.yaml",
                        "processor.yaml"))));
        return files;
    }

    /** The demo pipeline's connector configs, the with-clickhouse one too (not the without-redis variants). */
    static List<Path> pipelineJson() {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of(PIPELINE, PIPELINE + "/with-clickhouse")) {
            try (Stream<Path> list = Files.list(ROOT.resolve(dir))) {
                list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /**
     * A connector's REST JSON ({@code name}, {@code config}) as a KafkaConnector: connector.class and tasks.max are
     * spec fields (class, tasksMax), everything else is spec.config as it is.
     */
    static ObjectNode kafkaConnector(JsonNode connectorJson) {
        ObjectNode resource = JSON.createObjectNode();
        resource.put("apiVersion", "kafka.strimzi.io/v1");
        resource.put("kind", "KafkaConnector");
        ObjectNode metadata = resource.putObject("metadata");
        metadata.put("name", connectorJson.path("name").asText());
        metadata.putObject("labels").put("strimzi.io/cluster", CONNECT_CLUSTER);
        ObjectNode spec = resource.putObject("spec");
        JsonNode config = connectorJson.path("config");
        spec.put("class", config.path("connector.class").asText());
        if (config.has("tasks.max")) {
            spec.put("tasksMax", Integer.parseInt(config.path("tasks.max").asText()));
        }
        ObjectNode specConfig = spec.putObject("config");
        config.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("connector.class") && !e.getKey().equals("tasks.max")) {
                specConfig.put(e.getKey(), e.getValue().asText());
            }
        });
        return resource;
    }

    /** A KafkaConnector back as the config the Connect REST API takes (PUT /connectors/NAME/config). */
    static Map<String, String> restConfig(JsonNode kafkaConnector) {
        Map<String, String> config = new LinkedHashMap<>();
        JsonNode spec = kafkaConnector.path("spec");
        config.put("connector.class", spec.path("class").asText());
        if (spec.has("tasksMax")) {
            config.put("tasks.max", spec.path("tasksMax").asText());
        }
        spec.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    static ObjectNode configMap(String name, String file) {
        return configMap(name, file, Path.of(file).getFileName().toString());
    }

    static ObjectNode configMap(String name, String file, String key) {
        ObjectNode map = JSON.createObjectNode();
        map.put("apiVersion", "v1");
        map.put("kind", "ConfigMap");
        map.putObject("metadata").put("name", name);
        map.putObject("data").put(key, text(ROOT.resolve(file)));
        return map;
    }

    private static String header(String source) {
        return "# Generated from " + source + " by DeployRecipesTest; edit the source and run\n"
                + "# mvn -pl distribution/bundle test -Dtest=DeployRecipesTest -Dtributary.deploy.write=true\n";
    }

    static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file (several when separated by ---). */
    static List<JsonNode> readYaml(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file);
             com.fasterxml.jackson.databind.MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(reader)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    documents.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
        return documents;
    }

    /** Every *.yaml under deploy/. */
    static List<Path> yamlFiles() {
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one document of kind {@code kind} among the documents of {@code file}. */
    static JsonNode only(Path file, String kind) {
        List<JsonNode> found = readYaml(file).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " in " + file + ", found " + found.size());
        }
        return found.get(0);
    }

    static JsonNode read(Path json) {
        try {
            return JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped worker config (connector-configs/worker/connect-distributed.properties), in file order. */
    static Map<String, String> workerConfig() {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("connector-configs/worker/connect-distributed.properties"))) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new LinkedHashMap<>();
        props.stringPropertyNames().stream().sorted().forEach(k -> config.put(k, props.getProperty(k)));
        return config;
    }

    /** A property of a pom (e.g. kafka.version in the parent pom). */
    static String pomProperty(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
                .matcher(text(ROOT.resolve(pom)));
        if (!m.find()) {
            throw new AssertionError(pom + " has no property " + name);
        }
        return m.group(1).trim();
    }

    /** The bundle ZIP's file name: <owner>-<name>-<version>.zip, owner and name from manifest.json. */
    static String bundleZipName() {
        JsonNode manifest = read(ROOT.resolve("manifest.json"));
        return manifest.path("owner").path("username").asText() + "-" + manifest.path("name").asText() + "-"
                + VERSION + ".zip";
    }
}
