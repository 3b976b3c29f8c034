package io.tributary.connect.common.config;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Old key names kept as deprecated aliases of the names that replaced them, so a config written for an earlier
 * release still works. A config class renames the aliases before parsing ({@link #apply}), {@code validate()} goes
 * through {@link #validate} (Connect validates the raw map, which holds the name the user set), and each alias is
 * defined in the ConfigDef beside its key ({@link ConfigDefBuilder.Key#aliases}) so the reference lists it as
 * deprecated. An alias set alone is read as its key, with a warning once per connector and alias; set together
 * with its key to the same value it is accepted; to a different value it is an error, since neither can be
 * assumed to be the one meant.
 */
public final class KeyAliases {

    private static final Logger log = LoggerFactory.getLogger(KeyAliases.class);

    /** Connector name and alias pairs already warned about in this JVM: a connector and each task parse the config. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private final Map<String, String> keyOfAlias;
    private final Consumer<String> warning;
    private final Set<String> warned;

    private KeyAliases(Map<String, String> keyOfAlias, Consumer<String> warning, Set<String> warned) {
        this.keyOfAlias = Collections.unmodifiableMap(keyOfAlias);
        this.warning = warning;
        this.warned = warned;
    }

    /** {@code alias} is a deprecated name of {@code key}. */
    public static KeyAliases deprecated(String alias, String key) {
        return new KeyAliases(new LinkedHashMap<>(), log::warn, WARNED).and(alias, key);
    }

    /** These aliases, and {@code alias} for {@code key}. */
    public KeyAliases and(String alias, String key) {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(key, "key");
        if (alias.equals(key) || keyOfAlias.containsKey(alias) || keyOfAlias.containsKey(key)) {
            throw new IllegalArgumentException("alias " + alias + " of " + key + " clashes with " + keyOfAlias);
        }
        Map<String, String> more = new LinkedHashMap<>(keyOfAlias);
        more.put(alias, key);
        return new KeyAliases(more, warning, warned);
    }

    /** The same aliases, warning through {@code warning} instead of the log, once per message in {@code warned}. */
    KeyAliases warningTo(Consumer<String> warning, Set<String> warned) {
        return new KeyAliases(new LinkedHashMap<>(keyOfAlias), warning, warned);
    }

    /** Alias to key, in the order defined. */
    public Map<String, String> keyOfAlias() {
        return keyOfAlias;
    }

    /** The text the config reference shows for an alias of {@code key}. */
    public static String doc(String key) {
        return "Deprecated: alias of `" + key + "`, its former name. Set " + key + " instead; setting both to "
                + "different values is an error.";
    }

    /**
     * {@code props} with every alias that is set moved to its key, for the config class to parse. Throws naming
     * both keys when an alias and its key are set to different values.
     */
    public Map<String, String> apply(Map<String, String> props) {
        for (Map.Entry<String, String> alias : keyOfAlias.entrySet()) {
            String conflict = conflict(props, alias.getKey(), alias.getValue());
            if (conflict != null) {
                // Not ConfigException(name, value, message): that quotes the value, and an alias may name a secret.
                throw new ConfigException(conflict);
            }
        }
        return renamed(props);
    }

    /**
     * A connector's {@code validate()}: runs {@code validation} (the ConfigDef's and the cross-key rules) on the
     * props with the aliases renamed, then reports on each alias the user set what was found about its key (its
     * value and errors), so a form shows the problem next to the field that holds it. An alias and its key set to
     * different values is an error on both.
     */
    public Config validate(Map<String, String> props, Function<Map<String, String>, Config> validation) {
        Config config = validation.apply(renamed(props));
        Map<String, ConfigValue> values = new HashMap<>();
        config.configValues().forEach(value -> values.putIfAbsent(value.name(), value));
        for (Map.Entry<String, String> entry : keyOfAlias.entrySet()) {
            String alias = entry.getKey();
            String key = entry.getValue();
            ConfigValue aliasValue = values.get(alias);
            ConfigValue keyValue = values.get(key);
            if (!props.containsKey(alias) || aliasValue == null || keyValue == null) {
                continue;
            }
            aliasValue.value(props.get(alias));
            String conflict = conflict(props, alias, key);
            if (conflict != null) {
                aliasValue.addErrorMessage(conflict);
                keyValue.addErrorMessage(conflict);
            } else if (!props.containsKey(key)) {
                new ArrayList<>(keyValue.errorMessages()).forEach(aliasValue::addErrorMessage);
                keyValue.errorMessages().clear();
            }
        }
        return config;
    }

    private Map<String, String> renamed(Map<String, String> props) {
        Map<String, String> renamed = null;
        for (Map.Entry<String, String> alias : keyOfAlias.entrySet()) {
            if (!props.containsKey(alias.getKey())) {
                continue;
            }
            if (renamed == null) {
                renamed = new HashMap<>(props);
            }
            String value = renamed.remove(alias.getKey());
            renamed.putIfAbsent(alias.getValue(), value);
            String message = "Connector '" + props.getOrDefault("name", "") + "' sets " + alias.getKey()
                    + ", a deprecated name of " + alias.getValue() + ": rename it to " + alias.getValue()
                    + " (the old name will be removed in a later release)";
            if (warned.add(message)) {
                warning.accept(message);
            }
        }
        return renamed == null ? props : renamed;
    }

    private static String conflict(Map<String, String> props, String alias, String key) {
        if (props.containsKey(alias) && props.containsKey(key) && !Objects.equals(props.get(alias), props.get(key))) {
            // The values are not quoted: this class does not know which keys hold secrets (keys, passwords).
            return alias + " is a deprecated name of " + key + ", and both are set, to different values: keep only "
                    + key;
        }
        return null;
    }
}
