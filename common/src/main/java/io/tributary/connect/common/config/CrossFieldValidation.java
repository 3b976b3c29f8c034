package io.tributary.connect.common.config;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Cross-field rules for {@code Connector.validate()}: a rule that involves several keys attaches its message to
 * every one of them, so a form (or {@code PUT .../config/validate}) shows the problem next to each field involved.
 */
public final class CrossFieldValidation {

    private final Map<String, ConfigValue> values;

    public CrossFieldValidation(Config config) {
        this.values = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity(), (a, b) -> a));
    }

    /** True when the single-key validators found nothing wrong with any of these keys. */
    public boolean valid(String... keys) {
        for (String key : keys) {
            ConfigValue value = values.get(key);
            if (value == null || !value.errorMessages().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    public Object value(String key) {
        ConfigValue value = values.get(key);
        return value == null ? null : value.value();
    }

    public String string(String key) {
        Object value = value(key);
        return value == null ? null : value.toString();
    }

    /** Attaches {@code message} to each of {@code keys}. */
    public void error(String message, String... keys) {
        for (String key : keys) {
            ConfigValue value = values.get(key);
            if (value != null) {
                value.addErrorMessage(message);
            }
        }
    }
}
