package io.tributary.connect.common.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a {@link ConfigDef} as a Markdown reference, grouped and ordered as defined. The pages under
 * {@code docs/config/} are produced by this class and checked against it by a test, so they cannot drift.
 */
public final class ConfigDocs {

    private ConfigDocs() {
    }

    public static String markdown(String title, ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append(" — configuration reference\n\n");
        out.append("Generated from the plugin's `ConfigDef`; do not edit by hand (`./tributary docs` rewrites it).\n");
        Map<String, List<ConfigKey>> byGroup = new LinkedHashMap<>();
        def.configKeys().values().stream()
                .filter(key -> !key.internalConfig)
                .sorted(Comparator.comparingInt((ConfigKey key) -> groupIndex(def, key.group))
                        .thenComparingInt(key -> key.orderInGroup))
                .forEach(key -> byGroup.computeIfAbsent(key.group == null ? "Other" : key.group,
                        g -> new java.util.ArrayList<>()).add(key));
        for (Map.Entry<String, List<ConfigKey>> group : byGroup.entrySet()) {
            out.append("\n## ").append(group.getKey()).append("\n\n");
            out.append("| Key | Type | Default | Valid values | Importance | Description |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (ConfigKey key : group.getValue()) {
                out.append("| `").append(key.name).append("` | ")
                        .append(key.type.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(defaultOf(key)).append(" | ")
                        .append(key.validator == null ? "" : cell(key.validator.toString())).append(" | ")
                        .append(key.importance.name().toLowerCase(java.util.Locale.ROOT)).append(" | ")
                        .append(cell(key.documentation)).append(" |\n");
            }
        }
        return out.toString();
    }

    private static int groupIndex(ConfigDef def, String group) {
        int index = def.groups().indexOf(group);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "*required*";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return key.defaultValue == null ? "null" : "[hidden]";
        }
        String value = ConfigDef.convertToString(key.defaultValue, key.type);
        if (value == null) {
            return "null";
        }
        return value.isEmpty() ? "\"\"" : "`" + value.replace("|", "\\|") + "`";
    }

    private static String cell(String text) {
        return text.lines().map(String::strip).collect(Collectors.joining(" ")).replace("|", "\\|");
    }
}
