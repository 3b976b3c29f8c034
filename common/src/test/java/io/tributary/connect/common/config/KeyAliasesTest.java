package io.tributary.connect.common.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyAliasesTest {

    private final List<String> warnings = new ArrayList<>();
    private final KeyAliases aliases = KeyAliases.deprecated("format.output", "output")
            .warningTo(warnings::add, new HashSet<>());
    private final ConfigDef def = define(aliases);

    private static ConfigDef define(KeyAliases aliases) {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        b.group("Format")
                .key("format").defaultValue("json").validator(ConfigDef.ValidString.in("json", "csv"))
                .doc("Input format.").display("Format").add()
                .key("output").defaultValue("auto").validator(ConfigDef.ValidString.in("auto", "map", "struct"))
                .doc("Record values.").display("Value output").aliases(aliases).add()
                .key("after").defaultValue("").doc("A key after output.").display("After").add();
        return b.build();
    }

    private String output(Map<String, String> props) {
        return new AbstractConfig(def, aliases.apply(props)).getString("output");
    }

    /** The ConfigDef's validation plus a cross-key rule that, like the connectors', reports on the key it knows. */
    private Map<String, ConfigValue> validate(Map<String, String> props) {
        Config config = aliases.validate(props, renamed -> {
            Config validated = new Config(def.validate(renamed));
            CrossFieldValidation v = new CrossFieldValidation(validated);
            if (v.valid("format", "output") && "csv".equals(v.string("format")) && "map".equals(v.string("output"))) {
                v.error("csv cannot be maps", "format", "output");
            }
            return validated;
        });
        return config.configValues().stream().collect(Collectors.toMap(ConfigValue::name, value -> value));
    }

    private static Map<String, List<String>> errors(Map<String, ConfigValue> values) {
        return values.values().stream().filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void theOldNameAloneIsReadAsTheNewOneWithAWarningNamingBoth() {
        assertThat(output(Map.of("name", "files", "format.output", "map"))).isEqualTo("map");
        assertThat(warnings).singleElement().asString()
                .contains("'files'", "format.output", "deprecated name of output");
    }

    @Test
    void theNewNameAloneIsReadWithoutAWarning() {
        assertThat(output(Map.of("output", "struct"))).isEqualTo("struct");
        assertThat(warnings).isEmpty();
    }

    @Test
    void bothNamesWithTheSameValueAreAccepted() {
        assertThat(output(Map.of("output", "map", "format.output", "map"))).isEqualTo("map");
        assertThat(warnings).hasSize(1);
    }

    @Test
    void bothNamesWithDifferentValuesAreAnErrorNamingBothKeysButNeitherValue() {
        assertThatThrownBy(() -> output(Map.of("output", "map", "format.output", "struct")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("format.output is a deprecated name of output")
                .hasMessageNotContaining("struct").hasMessageNotContaining("'map'");
    }

    @Test
    void validationReadsTheOldNameAndReportsItsProblemsOnIt() {
        Map<String, ConfigValue> bad = validate(Map.of("format.output", "list"));
        assertThat(errors(bad)).containsOnlyKeys("format.output");
        assertThat(bad.get("format.output").value()).isEqualTo("list");

        Map<String, ConfigValue> crossKey = validate(Map.of("format", "csv", "format.output", "map"));
        assertThat(errors(crossKey)).containsOnlyKeys("format", "format.output");
        assertThat(errors(crossKey).get("format.output")).containsExactly("csv cannot be maps");
    }

    @Test
    void validationOfTheNewNameOrOfBothAlikeReportsOnTheNewName() {
        assertThat(errors(validate(Map.of("output", "list")))).containsOnlyKeys("output");
        assertThat(errors(validate(Map.of("format", "csv", "output", "map")))).containsOnlyKeys("format", "output");
        assertThat(errors(validate(Map.of("output", "map", "format.output", "map")))).isEmpty();
        assertThat(errors(validate(Map.of("format.output", "struct")))).isEmpty();
    }

    @Test
    void validationOfBothWithDifferentValuesIsAnErrorOnBoth() {
        Map<String, List<String>> errors = errors(validate(Map.of("output", "map", "format.output", "struct")));
        assertThat(errors).containsOnlyKeys("output", "format.output");
        assertThat(errors.get("format.output")).singleElement().asString().contains("different values");
    }

    @Test
    void theAliasIsDefinedRightAfterItsKeyAsDeprecated() {
        ConfigDef.ConfigKey alias = def.configKeys().get("format.output");
        assertThat(alias.documentation).startsWith("Deprecated: alias of `output`");
        assertThat(alias.group).isEqualTo("Format");
        assertThat(alias.orderInGroup).isEqualTo(def.configKeys().get("output").orderInGroup + 1);
        assertThat(alias.displayName).isEqualTo("Value output (deprecated name)");
        assertThat(alias.type).isEqualTo(Type.STRING);
        assertThat(ConfigDocs.markdown("T", def)).contains("| `format.output` | string | null |  | low | Deprecated");
    }

    @Test
    void theWarningComesOncePerConnectorAndAlias() {
        KeyAliases two = KeyAliases.deprecated("format.output", "output").and("format.schema", "schema")
                .warningTo(warnings::add, new HashSet<>());
        two.apply(Map.of("name", "a", "format.output", "map"));
        two.apply(Map.of("name", "a", "format.output", "map"));   // a task of connector a parses the same config
        assertThat(warnings).hasSize(1);
        two.apply(Map.of("name", "a", "format.output", "map", "format.schema", "id:int64"));
        two.apply(Map.of("name", "b", "format.output", "map"));
        assertThat(warnings).hasSize(3).anyMatch(w -> w.contains("format.schema")).anyMatch(w -> w.contains("'b'"));
    }
}
