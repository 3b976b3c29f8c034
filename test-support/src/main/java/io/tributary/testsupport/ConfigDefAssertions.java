package io.tributary.testsupport;

import org.apache.kafka.common.config.ConfigDef;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks every public key of a ConfigDef is documented the way the generated reference needs it. */
public final class ConfigDefAssertions {

    private ConfigDefAssertions() {
    }

    public static void assertFullyDocumented(ConfigDef def) {
        List<String> problems = new ArrayList<>();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            if (key.internalConfig) {
                continue;
            }
            if (key.documentation == null || key.documentation.isBlank()) {
                problems.add(key.name + ": no documentation");
            }
            if (key.displayName == null || key.displayName.isBlank() || key.displayName.equals(key.name)) {
                problems.add(key.name + ": no display name");
            }
            if (key.group == null) {
                problems.add(key.name + ": no group");
            }
            if (!key.name.equals(key.name.toLowerCase(java.util.Locale.ROOT))) {
                problems.add(key.name + ": keys are lower case");
            }
            if (key.type == ConfigDef.Type.BOOLEAN && !key.name.endsWith(".enabled")) {
                problems.add(key.name + ": boolean keys end in .enabled");
            }
        }
        assertThat(problems).as("config keys that break the conventions").isEmpty();
    }
}
