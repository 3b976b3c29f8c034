package io.tributary.processor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings from the environment, for containers, where a config file is baked into the image and what differs per
 * deployment (brokers, credentials, ports) comes as variables. One rule:
 *
 * <ul>
 *   <li>{@code TRIBUTARY_PROCESSOR_<KEY>} sets the top-level key {@code <key>}: upper case, {@code _} for {@code .}
 *   ({@code TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS}, {@code _STATE_DIR}, {@code _HTTP_LISTEN},
 *   {@code _HTTP_AUTH_TYPE}, ...); every top-level key but {@code jobs} and {@code streams}.</li>
 *   <li>{@code TRIBUTARY_PROCESSOR_STREAMS_<KEY>} sets {@code streams.<key>}, any Kafka Streams or client setting:
 *   lower-cased, {@code _} becomes {@code .} ({@code TRIBUTARY_PROCESSOR_STREAMS_SECURITY_PROTOCOL} is
 *   {@code security.protocol}). Kafka's keys have no {@code _} of their own, so the mapping is exact.</li>
 *   <li>{@code TRIBUTARY_PROCESSOR_REGISTRY_<KEY>} sets {@code registry.<key>} the same way
 *   ({@code TRIBUTARY_PROCESSOR_REGISTRY_URL}, {@code _REGISTRY_AUTH_PASSWORD},
 *   {@code _REGISTRY_TLS_TRUSTSTORE_LOCATION}); the file's {@code registry:} block is made if missing.</li>
 * </ul>
 *
 * The environment wins over the file. Other variables with the prefix are ignored with a warning naming them, not
 * refused: Kubernetes gives every pod {@code <SERVICE>_SERVICE_HOST}/{@code _PORT} variables for each service, and a
 * service named tributary-processor would otherwise stop the processor from starting. The launcher's own
 * {@link #LAUNCHER_VARIABLES} are not settings.
 */
public record EnvironmentOverrides(Map<String, String> top, Map<String, String> streams, Map<String, String> registry,
                                   Map<String, String> sources, List<String> ignored) {

    public static final String PREFIX = "TRIBUTARY_PROCESSOR_";
    public static final String STREAMS_PREFIX = PREFIX + "STREAMS_";
    public static final String REGISTRY_PREFIX = PREFIX + "REGISTRY_";
    /** Read by bin/tributary-processor, not by the processor. */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of(PREFIX + "HEAP");
    private static final Set<String> NOT_FROM_ENVIRONMENT = Set.of("jobs", "streams", "registry");

    private static final EnvironmentOverrides NONE = new EnvironmentOverrides(Map.of(), Map.of(), Map.of(), Map.of(),
            List.of());

    public static EnvironmentOverrides none() {
        return NONE;
    }

    /** The variable that sets a top-level key: {@code http.auth.type} → {@code TRIBUTARY_PROCESSOR_HTTP_AUTH_TYPE}. */
    public static String variableFor(String key) {
        return PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The overrides in an environment ({@code System.getenv()}); variables without the prefix are not looked at. */
    public static EnvironmentOverrides from(Map<String, String> environment) {
        Map<String, String> byVariable = new LinkedHashMap<>();
        for (String key : ProcessorConfig.TOP_LEVEL_KEYS) {
            if (!NOT_FROM_ENVIRONMENT.contains(key)) {
                byVariable.put(variableFor(key), key);
            }
        }
        Map<String, String> top = new TreeMap<>();
        Map<String, String> streams = new TreeMap<>();
        Map<String, String> registry = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(environment).entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(PREFIX) || LAUNCHER_VARIABLES.contains(variable)) {
                continue;
            }
            String key = byVariable.get(variable);
            if (key != null) {
                top.put(key, e.getValue());
                sources.put(key, variable);
            } else if (variable.startsWith(STREAMS_PREFIX) && variable.length() > STREAMS_PREFIX.length()) {
                String streamsKey = variable.substring(STREAMS_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                streams.put(streamsKey, e.getValue());
                sources.put("streams." + streamsKey, variable);
            } else if (variable.startsWith(REGISTRY_PREFIX) && variable.length() > REGISTRY_PREFIX.length()) {
                String registryKey = variable.substring(REGISTRY_PREFIX.length()).toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                registry.put(registryKey, e.getValue());
                sources.put("registry." + registryKey, variable);
            } else {
                ignored.add(variable);
            }
        }
        return new EnvironmentOverrides(Map.copyOf(top), Map.copyOf(streams), Map.copyOf(registry),
                Map.copyOf(sources), List.copyOf(ignored));
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** The config file's tree with these settings put in (a copy; the file's {@code streams:} made if missing). */
    JsonNode applyTo(JsonNode root) {
        if (isEmpty() || root == null || !root.isObject()) {
            return root;
        }
        ObjectNode copy = ((ObjectNode) root).deepCopy();
        top.forEach(copy::put);
        if (!streams.isEmpty()) {
            JsonNode existing = copy.get("streams");
            ObjectNode target = existing instanceof ObjectNode o ? o : copy.putObject("streams");
            streams.forEach(target::put);
        }
        if (!registry.isEmpty()) {
            JsonNode existing = copy.get("registry");
            ObjectNode target = existing instanceof ObjectNode o ? o : copy.putObject("registry");
            registry.forEach(target::put);
        }
        return copy;
    }

    /**
     * For the log: each key set from the environment with its variable, never the value (credentials come this way).
     */
    public String describe() {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(sources).forEach((key, variable) -> parts.add(key + " (" + variable + ")"));
        return String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "EnvironmentOverrides[" + describe() + (ignored.isEmpty() ? "" : "; ignored " + ignored) + "]";
    }
}
