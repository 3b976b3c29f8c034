package io.tributary.distribution;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.sink.clickhouse.ClickHouseSinkConnector;
import io.tributary.connect.sink.file.FileSinkConnector;
import io.tributary.connect.sink.http.HttpSinkConnector;
import io.tributary.connect.sink.http.config.HttpSinkConfig;
import io.tributary.connect.source.file.FileSourceConnector;
import io.tributary.connect.source.http.HttpSourceConnector;
import io.tributary.connect.source.http.config.HttpSourceConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every connector example under connector-configs/ is one a worker accepts (issue 18). For each JSON file that is a
 * connector config (all but monitoring/, rules/ and schemas/, which hold no connector configs):
 * <ul>
 *   <li>an io.tributary connector's {@code validate()} reports no error on any key, and every key is the
 *   connector's own (and not a deprecated alias), a key of Connect's connector config
 *   ({@link SinkConnectorConfig}/{@link SourceConnectorConfig}: name, tasks.max, topics, errors.*, ...) or under one
 *   of Connect's prefixes (converters', client overrides, topic.creation.* for sources) — Connect's own
 *   {@code validate()} does not reject a key it does not know, so a misspelt key would otherwise pass;</li>
 *   <li>the keys of Connect's connector config that the example sets validate with Connect's ConfigDef;</li>
 *   <li>every transform and predicate named has a loadable class, its keys validate with that class's
 *   {@code config()}, and there is no {@code transforms.X.*} or {@code predicates.X.*} key for an alias not listed;
 *   </li>
 *   <li>converters' classes load, and the keys of an io.tributary converter validate with its {@code config()}.</li>
 * </ul>
 * Snowflake's connector is installed separately ({@code ./tributary plugins install snowflake}) and is not on this
 * classpath: its examples are checked for everything above except the connector's own keys.
 *
 * <p>What a worker resolves at run time is replaced as documented in {@link #resolve} and {@link #placeholderFor}:
 * config provider references by a value of the same kind, and — only for the keys whose validation checks that a
 * path exists on the worker — paths outside this repository by a placeholder created here.
 */
@DisabledIfSystemProperty(named = "tributary.bundle.zip", matches = ".+", disabledReason = "under Failsafe, whose "
        + "classpath leaves the plugin modules out for the packaging ITs; Surefire runs this test")
class ConnectorExamplesTest {

    private static final Path ROOT = Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
    private static final Path EXAMPLES = ROOT.resolve("connector-configs");
    /** The directories of connector-configs/ whose JSON files are not connector configs. */
    private static final Set<String> NOT_CONNECTOR_CONFIGS = Set.of("monitoring", "rules", "schemas");
    /** Not in the build (docs/connectors/snowflake-sink.md): its transforms, predicates, converters are checked. */
    private static final String SNOWFLAKE_CONNECTOR = "com.snowflake.kafka.connector.SnowflakeSinkConnector";
    /**
     * Its {@code validate()} asks the ClickHouse server (URL, credentials, tables): this test opens no connection,
     * so for it only the ConfigDef's validation runs (what {@code Connector.validate()} does by default).
     */
    private static final String CLICKHOUSE_CONNECTOR = ClickHouseSinkConnector.class.getName();
    /** Kafka's ConfigTransformer pattern: ${provider:[path:]key}. Templates such as ${user_id} have no ':'. */
    private static final Pattern PROVIDER_REFERENCE = Pattern.compile("\\$\\{([^}]*?):(([^}]*?):)?([^}]*?)}");
    /** The prefixes Connect passes on to the converters and clients, not to the connector. */
    private static final List<String> CONNECT_PREFIXES = List.of("key.converter.", "value.converter.",
            "header.converter.", "consumer.override.", "producer.override.", "admin.override.");
    /** A key given twice would be read as its last value, silently: refused. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @TempDir
    static Path placeholders;

    private static Path placeholderDirectory;
    private static Path placeholderLookupFile;

    @BeforeAll
    static void createPlaceholders() throws IOException {
        placeholderDirectory = Files.createDirectories(placeholders.resolve("directory"));
        placeholderLookupFile = Files.writeString(placeholders.resolve("lookup.json"), "{}");
    }

    static Stream<String> examples() throws IOException {
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .map(f -> EXAMPLES.relativize(f).toString())
                    .filter(f -> !f.contains("/") || !NOT_CONNECTOR_CONFIGS.contains(f.substring(0, f.indexOf('/'))))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @Test
    void examplesIncludeTheTopLevelOnesAndThePipelines() throws IOException {
        assertThat(examples().toList()).contains("file-sink.json", "file-sink-parquet.json", "file-sink-arrow.json",
                "file-source-parquet.json", "pipelines/demo/20-file-sink.json",
                "pipelines/demo-avro/with-clickhouse/30-clickhouse-sink.json",
                "transforms/rules.json", "snowflake/snowflake-events.json",
                "pipelines/cart-events/10-http-listener.json",
                "pipelines/cart-events/with-clickhouse/32-clickhouse-errors.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleIsAcceptedByItsConnectorTransformsAndConverters(String example) throws Exception {
        Map<String, String> config = read(EXAMPLES.resolve(example));
        String connectorClass = config.get("connector.class");
        assertThat(connectorClass).as(example + ": connector.class").isNotBlank();
        List<String> problems = new ArrayList<>();
        Map<String, String> resolved = resolve(config, problems);
        Connector connector = connectorClass.equals(SNOWFLAKE_CONNECTOR) ? null : connector(connectorClass);
        if (connector != null) {
            checkConnector(connector, resolved, problems);
        }
        checkConnectKeys(connector == null || connector instanceof SinkConnector, resolved, problems);
        checkPlugins("transforms", Transformation.class, Set.of("type", "predicate", "negate"), resolved, problems);
        checkPlugins("predicates", Predicate.class, Set.of("type"), resolved, problems);
        for (String converter : List.of("key.converter", "value.converter", "header.converter")) {
            checkConverter(converter, resolved, problems);
        }
        assertThat(problems).as(example + " is not accepted as it is").isEmpty();
    }

    /** The example's config, from {"name": ..., "config": {...}} (name added, as Connect's REST API does) or flat. */
    private static Map<String, String> read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode config = root.has("config") ? root.get("config") : root;
        Map<String, String> props = new LinkedHashMap<>();
        if (root.has("config")) {
            assertThat(root.path("name").isTextual()).as(file + ": a name beside the config").isTrue();
            props.put("name", root.get("name").asText());
        }
        config.fields().forEachRemaining(field -> {
            assertThat(field.getValue().isTextual()).as(file + ": " + field.getKey() + " is a JSON string").isTrue();
            props.put(field.getKey(), field.getValue().asText());
        });
        return props;
    }

    /**
     * The config as a worker would validate it once its config providers (connector-configs/worker/*.properties
     * define env and file) have been applied: ${env:TRIBUTARY_ROOT} is this repository (so the schema and rules files
     * it names are checked for real), ${env:TRIBUTARY_REGISTRY_URL} the demo's registry, ${env:TRIBUTARY_HOME} a
     * directory that is not on this machine, any other variable and every ${file:...} secret a placeholder string.
     * Then each key that must name an existing path is replaced by {@link #placeholderFor}, when outside the
     * repository.
     */
    private static Map<String, String> resolve(Map<String, String> config, List<String> problems) {
        Map<String, String> resolved = new LinkedHashMap<>();
        config.forEach((key, value) -> {
            Matcher m = PROVIDER_REFERENCE.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String replacement = switch (m.group(1)) {
                    case "env" -> switch (m.group(4)) {
                        case "TRIBUTARY_ROOT" -> ROOT.toString();
                        case "TRIBUTARY_REGISTRY_URL" -> "http://127.0.0.1:8081";
                        case "TRIBUTARY_HOME" -> "/nonexistent/tributary-home";
                        default -> secretPlaceholder(key, m.group(4), config);
                    };
                    case "file" -> secretPlaceholder(key, m.group(4), config);
                    default -> {
                        problems.add(key + ": config provider '" + m.group(1) + "' is not one the workers define");
                        yield m.group();
                    }
                };
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            resolved.put(key, out.toString());
        });
        resolved.replaceAll((key, value) -> {
            Path placeholder = placeholderFor(config.get("connector.class"), key, resolved);
            return placeholder == null || Path.of(value).toAbsolutePath().normalize().startsWith(ROOT) ? value
                    : placeholder.toString();
        });
        return resolved;
    }

    /**
     * A stand-in for a secret a config provider supplies, of the form its key's validator expects: ProtectFields'
     * encryption.keys is id:base64-key entries (one 256-bit key of zeros under the id encryption.key.id names); any
     * other secret is free text.
     */
    private static String secretPlaceholder(String key, String secretName, Map<String, String> config) {
        if (key.endsWith(".encryption.keys")) {
            String keyId = config.getOrDefault(key.substring(0, key.length() - "keys".length()) + "key.id", "default");
            return keyId + ":" + Base64.getEncoder().encodeToString(new byte[32]);
        }
        return "placeholder-" + secretName;
    }

    /**
     * The keys whose validation checks that the path exists on the worker (a deployment's directory or file, not on
     * this machine): the file connectors' file.path (the source's must be a readable directory, the sink's must be
     * creatable and writable), EnrichFromFile's lookup.file (readable), Rules' rules.file (read and parsed: the
     * placeholder is this repository's rules/event-routing.json, the file the examples name) and ValidateSchema's
     * schema.file (readable: the placeholder is this repository's schemas/event.schema.json). Null for other keys.
     */
    private static Path placeholderFor(String connectorClass, String key, Map<String, String> config) {
        if (key.equals("file.path") && (connectorClass.equals(FileSourceConnector.class.getName())
                || connectorClass.equals(FileSinkConnector.class.getName()))) {
            return placeholderDirectory;
        }
        String transformType = transformTypeOf(key, config);
        if (transformType == null) {
            return null;
        }
        String own = key.substring(key.indexOf('.', "transforms.".length()) + 1);
        return switch (transformType.replaceAll("\\$.*", "") + " " + own) {
            case "io.tributary.connect.transforms.enrich.EnrichFromFile lookup.file" -> placeholderLookupFile;
            case "io.tributary.connect.transforms.rules.Rules rules.file" ->
                    EXAMPLES.resolve("rules/event-routing.json");
            case "io.tributary.connect.transforms.validate.ValidateSchema schema.file" ->
                    EXAMPLES.resolve("schemas/event.schema.json");
            default -> null;
        };
    }

    private static String transformTypeOf(String key, Map<String, String> config) {
        if (!key.startsWith("transforms.") || key.indexOf('.', "transforms.".length()) < 0) {
            return null;
        }
        String alias = key.substring("transforms.".length(), key.indexOf('.', "transforms.".length()));
        return config.get("transforms." + alias + ".type");
    }

    private static Connector connector(String connectorClass) throws ReflectiveOperationException {
        assertThat(connectorClass).as("a connector of this project (or Snowflake's, named above)")
                .startsWith("io.tributary.");
        return (Connector) Class.forName(connectorClass).getDeclaredConstructor().newInstance();
    }

    private static void checkConnector(Connector connector, Map<String, String> config, List<String> problems) {
        ConfigDef own = connector.config();
        Config result = connector.getClass().getName().equals(CLICKHOUSE_CONNECTOR)
                ? new Config(own.validate(config)) : connector.validate(config);
        errors("", result.configValues(), problems);
        ConfigDef connect = connector instanceof SinkConnector ? SinkConnectorConfig.configDef()
                : SourceConnectorConfig.configDef();
        for (String key : config.keySet()) {
            if (own.configKeys().containsKey(key)) {
                if (deprecated(own, key)) {
                    problems.add(key + ": a deprecated name (" + own.configKeys().get(key).documentation + ")");
                }
            } else if (!readUnderPrefix(connector, key, config)
                    && !isConnectKey(key, connect, connector instanceof SinkConnector)) {
                problems.add(key + ": not a key of " + connector.getClass().getSimpleName() + " nor of Connect");
            }
        }
    }

    /**
     * The keys a connector reads under a prefix of its own, beyond its ConfigDef: the HTTP source's
     * {@code http.header.<name>} and {@code endpoints.<listed endpoint>.<its key>} (HttpSourceConfig), the HTTP sink's
     * {@code response.producer.<producer setting>} (HttpSinkConfig).
     */
    private static boolean readUnderPrefix(Connector connector, String key, Map<String, String> config) {
        if (connector instanceof HttpSourceConnector) {
            if (key.startsWith(HttpSourceConfig.HEADER_PREFIX)) {
                return true;
            }
            for (String endpoint : HttpSourceConfig.endpointNames(config)) {
                String prefix = HttpSourceConfig.ENDPOINT_PREFIX + endpoint + ".";
                if (key.startsWith(prefix)) {
                    String endpointKey = key.substring(prefix.length());
                    return !endpointKey.equals(HttpSourceConfig.ENDPOINTS_CONFIG)
                            && (connector.config().names().contains(endpointKey)
                            || endpointKey.startsWith(HttpSourceConfig.HEADER_PREFIX));
                }
            }
        }
        String producerPrefix = HttpSinkConfig.RESPONSE_PRODUCER_PREFIX;
        return connector instanceof HttpSinkConnector && key.startsWith(producerPrefix)
                && ProducerConfig.configNames().contains(key.substring(producerPrefix.length()));
    }

    /**
     * A key Connect reads, not the connector: its connector config's, the transforms' and predicates' (checked in
     * {@link #checkPlugins}), or under a prefix it hands on (converters, client overrides, topic creation of sources).
     */
    private static boolean isConnectKey(String key, ConfigDef connect, boolean sink) {
        return connect.names().contains(key) || key.startsWith("transforms.") || key.startsWith("predicates.")
                || CONNECT_PREFIXES.stream().anyMatch(key::startsWith) || (!sink && key.startsWith("topic.creation."));
    }

    /** The keys of Connect's own connector config that the example sets: their values must validate too. */
    private static void checkConnectKeys(boolean sink, Map<String, String> config, List<String> problems) {
        ConfigDef connect = sink ? SinkConnectorConfig.configDef() : SourceConnectorConfig.configDef();
        List<ConfigValue> values = connect.validate(config).stream().filter(v -> config.containsKey(v.name())).toList();
        errors("", values, problems);
    }

    /** transforms or predicates: each alias listed has a loadable type whose config() accepts its keys. */
    private static void checkPlugins(String kind, Class<?> pluginType, Set<String> connectKeys,
                                     Map<String, String> config, List<String> problems) throws Exception {
        List<String> aliases = Arrays.stream(config.getOrDefault(kind, "").split(","))
                .map(String::trim).filter(a -> !a.isEmpty()).toList();
        for (String key : config.keySet()) {
            if (key.startsWith(kind + ".") && aliases.stream().noneMatch(a -> key.startsWith(kind + "." + a + "."))) {
                problems.add(key + ": no " + kind + " alias of that name is listed in '" + kind + "'");
            }
        }
        for (String alias : aliases) {
            String prefix = kind + "." + alias + ".";
            String type = config.get(prefix + "type");
            if (type == null) {
                problems.add(prefix + "type: missing");
                continue;
            }
            Class<?> cls;
            try {
                cls = Class.forName(type);
            } catch (ClassNotFoundException e) {
                problems.add(prefix + "type: class " + type + " not found");
                continue;
            }
            if (!pluginType.isAssignableFrom(cls)) {
                problems.add(prefix + "type: " + type + " is not a " + pluginType.getSimpleName());
                continue;
            }
            ConfigDef def = configOf(cls.getDeclaredConstructor().newInstance());
            Map<String, String> own = new HashMap<>();
            config.forEach((key, value) -> {
                if (key.startsWith(prefix) && !connectKeys.contains(key.substring(prefix.length()))) {
                    own.put(key.substring(prefix.length()), value);
                }
            });
            for (String key : own.keySet()) {
                if (!def.names().contains(key)) {
                    problems.add(prefix + key + ": not a key of " + cls.getSimpleName());
                } else if (deprecated(def, key)) {
                    problems.add(prefix + key + ": a deprecated name");
                }
            }
            errors(prefix, def.validate(own), problems);
            String predicate = config.get(prefix + "predicate");
            List<String> predicates = Arrays.asList(config.getOrDefault("predicates", "").split("\\s*,\\s*"));
            if (predicate != null && !predicates.contains(predicate)) {
                problems.add(prefix + "predicate: '" + predicate + "' is not listed in 'predicates'");
            }
        }
    }

    private static ConfigDef configOf(Object plugin) {
        if (plugin instanceof Transformation<?> t) {
            return t.config();
        }
        return ((Predicate<?>) plugin).config();
    }

    /** The converter's class loads; an io.tributary converter's keys are its own and validate with its config(). */
    private static void checkConverter(String key, Map<String, String> config, List<String> problems) throws Exception {
        String type = config.get(key);
        if (type == null) {
            return;
        }
        Class<?> cls;
        try {
            cls = Class.forName(type);
        } catch (ClassNotFoundException e) {
            problems.add(key + ": class " + type + " not found");
            return;
        }
        if (!type.startsWith("io.tributary.") || !Converter.class.isAssignableFrom(cls)) {
            return;
        }
        ConfigDef def = ((Converter) cls.getDeclaredConstructor().newInstance()).config();
        Map<String, String> own = new HashMap<>();
        config.forEach((k, value) -> {
            if (k.startsWith(key + ".")) {
                own.put(k.substring(key.length() + 1), value);
            }
        });
        for (String k : own.keySet()) {
            if (!def.names().contains(k)) {
                problems.add(key + "." + k + ": not a key of " + cls.getSimpleName());
            }
        }
        own.put("converter.type", key.substring(0, key.indexOf('.')));
        errors(key + ".", def.validate(own), problems);
    }

    /** An alias kept for old configs (KeyAliases: its doc starts "Deprecated:"): examples use the current name. */
    private static boolean deprecated(ConfigDef def, String key) {
        String doc = def.configKeys().get(key).documentation;
        return doc != null && doc.startsWith("Deprecated:");
    }

    private static void errors(String prefix, List<ConfigValue> values, List<String> problems) {
        for (ConfigValue value : values) {
            for (String message : value.errorMessages()) {
                problems.add(prefix + value.name() + ": " + message);
            }
        }
    }
}
