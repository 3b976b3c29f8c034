package io.tributary.launcher.dlq;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags of {@code tributary dlq inspect} and {@code dlq replay}. The generator's {@code Flags} refuses a flag given
 * twice; {@code --where} may be given several times (every filter must match), hence this small parser.
 */
final class DlqArgs {

    /** The local stack's broker, as {@code ./tributary up} prints it. */
    static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";

    private static final Set<String> SWITCHES = Set.of("dry-run");

    private final Map<String, String> values = new HashMap<>();
    private final List<HeaderFilter> where = new ArrayList<>();

    private DlqArgs() {
    }

    static DlqArgs parse(String[] args, int from, Set<String> known) {
        DlqArgs parsed = new DlqArgs();
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + " (known: --"
                        + String.join(", --", new TreeSet<>(known)) + ")");
            }
            if (SWITCHES.contains(name)) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (name.equals("where")) {
                parsed.where.add(HeaderFilter.parse(value));
            } else if (parsed.values.put(name, value) != null) {
                throw new IllegalArgumentException("flag --" + name + " given twice");
            }
        }
        return parsed;
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    int positive(String name, int fallback) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.replace("_", ""));
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("--" + name + " takes a whole number above 0, not '" + value + "'");
    }

    List<HeaderFilter> where() {
        return where;
    }

    /**
     * Client settings: {@code bootstrap.servers} from {@code --bootstrap} (else the file, else the local stack's), then
     * everything in {@code --command-config FILE} (security.protocol, sasl.*, ssl.* ...), as Kafka's own tools take it.
     */
    Map<String, Object> clientConfig() throws IOException {
        Map<String, Object> config = new LinkedHashMap<>();
        String file = values.get("command-config");
        if (file != null) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalArgumentException("--command-config " + file + ": no such readable file");
            }
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        }
        if (values.containsKey("bootstrap")) {
            config.put("bootstrap.servers", values.get("bootstrap"));
        }
        config.putIfAbsent("bootstrap.servers", DEFAULT_BOOTSTRAP);
        return config;
    }
}
