package io.tributary.processor.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place in the config file, read with errors that name where it is ({@code job 'per-type': window.size: ...}).
 * Unknown keys are errors, so a misspelt key is reported instead of silently ignored.
 */
final class Node {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);

    private final JsonNode node;
    private final String where;
    private final String prefix;

    Node(JsonNode node, String where, String prefix) {
        this.node = node;
        this.where = where;
        this.prefix = prefix;
    }

    ConfigError error(String key, String problem) {
        return new ConfigError(where + ": " + prefix + key + ": " + problem);
    }

    /** An error whose message already starts with the key at fault (relative to this node). */
    ConfigError problem(String message) {
        return new ConfigError(where + ": " + prefix + message);
    }

    void allowOnly(Set<String> keys) {
        allowOnly(keys, null);
    }

    /** As {@link #allowOnly(Set)}, with every key under {@code prefix} allowed too (checked by its own reader). */
    void allowOnly(Set<String> keys, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!keys.contains(name) && (prefix == null || !name.startsWith(prefix))) {
                throw error(name, "unknown key (known: " + String.join(", ", keys.stream().sorted().toList()) + ")");
            }
        }
    }

    boolean has(String key) {
        return node.hasNonNull(key);
    }

    String text(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw error(key, "is required");
        }
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw error(key, "must be a non-empty text");
        }
        return v.asText();
    }

    String text(String key, String otherwise) {
        return has(key) ? text(key) : otherwise;
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E otherwise) {
        if (!has(key)) {
            if (otherwise == null) {
                throw error(key, "is required");
            }
            return otherwise;
        }
        String value = text(key).trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw error(key, "'" + text(key) + "' is not one of " + String.join(", ", known));
    }

    /** Durations as {@code 500ms}, {@code 10s}, {@code 1m}, {@code 2h}, {@code 1d}, or a number of milliseconds. */
    Duration duration(String key, Duration otherwise) {
        if (!has(key)) {
            if (otherwise == null) {
                throw error(key, "is required");
            }
            return otherwise;
        }
        JsonNode v = node.get(key);
        if (v.isIntegralNumber()) {
            return positive(key, Duration.ofMillis(v.asLong()));
        }
        Matcher m = DURATION.matcher(v.asText().trim());
        if (!m.matches()) {
            throw error(key, "'" + v.asText() + "' is not a duration (e.g. 500ms, 10s, 1m, 2h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return positive(key, d);
    }

    private Duration positive(String key, Duration d) {
        if (d.isNegative()) {
            throw error(key, "must not be negative");
        }
        return d;
    }

    /** Sizes as {@code 512KB}, {@code 64MB}, {@code 1GB} (powers of 1,024), or a number of bytes. */
    long bytes(String key, long otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        Matcher m = BYTES.matcher(node.get(key).asText().trim());
        if (!m.matches()) {
            throw error(key, "'" + node.get(key).asText() + "' is not a size (e.g. 64MB, 1GB)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long bytes = switch (unit) {
            case "KB" -> n << 10;
            case "MB" -> n << 20;
            case "GB" -> n << 30;
            default -> n;
        };
        if (bytes < (1 << 20)) {
            throw error(key, "must be at least 1MB");
        }
        return bytes;
    }

    /** A list of texts; a single text counts as a list of one. */
    List<String> texts(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw error(key, "is required");
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.asText().isBlank()) {
                    throw error(key, "must list non-empty texts");
                }
                out.add(e.asText());
            }
        } else if (v.isValueNode() && !v.asText().isBlank()) {
            out.add(v.asText());
        }
        if (out.isEmpty()) {
            throw error(key, "must name at least one");
        }
        return out;
    }

    List<Double> numbers(String key, List<Double> otherwise) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        List<Double> out = new ArrayList<>();
        for (JsonNode e : v.isArray() ? v : List.of(v)) {
            if (!e.isNumber()) {
                throw error(key, "must be a number or a list of numbers");
            }
            out.add(e.asDouble());
        }
        return out;
    }

    Node child(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isObject()) {
            throw error(key, "is required and must be a mapping");
        }
        return new Node(v, where, prefix + key + ".");
    }

    List<Node> list(String key) {
        JsonNode v = node.get(key);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw error(key, "is required and must be a non-empty list");
        }
        List<Node> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v) {
            if (!e.isObject()) {
                throw error(key + "[" + i + "]", "must be a mapping");
            }
            out.add(new Node(e, where, prefix + key + "[" + i++ + "]."));
        }
        return out;
    }

    JsonNode raw() {
        return node;
    }
}
