package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrySettingsTest {

    private static void configure(Object... config) {
        Map<String, Object> props = map(config);
        props.putIfAbsent("schema.registry.url", "http://127.0.0.1:1");
        props.putIfAbsent("schema.registry.subject", "s");
        new ValidateSchema.Value<SourceRecord>().configure(props);
    }

    @Test
    void twoKindsOfCredentialsAreRefusedNamingTheKeys() {
        assertThatThrownBy(() -> configure("schema.registry.basic.auth.user.info", "u:p",
                "schema.registry.bearer.auth.token", "t"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.bearer.auth.token")
                .hasMessageNotContaining("u:p");
    }

    @Test
    void oauth2NeedsItsClient() {
        assertThatThrownBy(() -> configure("schema.registry.oauth2.token.url", "https://127.0.0.1:1/token"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.oauth2.client.id");
        assertThat(ValidateSchema.CONFIG_DEF.validate(Map.of("schema.registry.oauth2.token.url", "ftp://x")).stream()
                .filter(v -> v.name().equals("schema.registry.oauth2.token.url")).findFirst().orElseThrow()
                .errorMessages()).isNotEmpty();
    }

    @Test
    void aMissingTrustStoreIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> configure("schema.registry.ssl.truststore.location", "/nonexistent/trust.p12"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.ssl.truststore.location");
    }

    @Test
    void theShippedExampleValidates() throws Exception {
        JsonNode example = JsonData.MAPPER.readTree(Files.readString(Path.of(System.getProperty("tributary.root", ".."),
                "connector-configs/transforms/validate-schema.json"))).get("config");
        Map<String, String> props = new HashMap<>();
        example.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("transforms.validate.") && !e.getKey().endsWith(".type")) {
                props.put(e.getKey().substring("transforms.validate.".length()), e.getValue().asText());
            }
        });
        assertThat(props).containsKeys("schema.registry.oauth2.token.url", "schema.registry.ssl.truststore.location");
        for (ConfigValue value : ValidateSchema.CONFIG_DEF.validate(props)) {
            assertThat(value.errorMessages()).as(value.name()).isEmpty();
        }
    }
}
