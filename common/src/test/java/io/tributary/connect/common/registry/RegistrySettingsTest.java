package io.tributary.connect.common.registry;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrySettingsTest {

    private static final ConfigDef DEF = definition();

    private static ConfigDef definition() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        RegistrySettings.defineUrl(b, "Test use.");
        return RegistrySettings.defineAccess(b).build();
    }

    private static Map<String, String> props(String... pairs) {
        Map<String, String> props = new HashMap<>();
        props.put(RegistrySettings.URL_CONFIG, "http://127.0.0.1:1/apis/ccompat/v7");
        for (int i = 0; i < pairs.length; i += 2) {
            props.put(pairs[i], pairs[i + 1]);
        }
        return props;
    }

    /** The errors {@link RegistrySettings#validate} attaches, by key. */
    private static Map<String, List<String>> validate(Map<String, String> props) {
        Config config = new Config(DEF.validate(props));
        RegistrySettings.validate(new CrossFieldValidation(config));
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    @Test
    void twoKindsOfCredentialsAreAnErrorOnEveryKeyInvolvedWithoutTheSecrets() {
        Map<String, List<String>> errors = validate(props(RegistrySettings.BASIC_AUTH_CONFIG, "u:secret-p",
                RegistrySettings.BEARER_TOKEN_CONFIG, "secret-t"));
        assertThat(errors).containsOnlyKeys(RegistrySettings.BASIC_AUTH_CONFIG, RegistrySettings.BEARER_TOKEN_CONFIG);
        assertThat(errors.get(RegistrySettings.BEARER_TOKEN_CONFIG).toString())
                .contains("give at most one of").doesNotContain("secret-");
    }

    @Test
    void basicCredentialsMustBeUserColonPassword() {
        assertThat(validate(props(RegistrySettings.BASIC_AUTH_CONFIG, "no-colon")))
                .containsOnlyKeys(RegistrySettings.BASIC_AUTH_CONFIG);
        assertThatThrownBy(() -> RegistrySettings.client(new AbstractConfig(DEF,
                props(RegistrySettings.BASIC_AUTH_CONFIG, "no-colon"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RegistrySettings.BASIC_AUTH_CONFIG)
                .hasMessageNotContaining("no-colon");
    }

    @Test
    void oauth2NeedsClientIdAndSecret() {
        Map<String, List<String>> errors = validate(props(RegistrySettings.OAUTH2_TOKEN_URL_CONFIG,
                "https://127.0.0.1:1/token", RegistrySettings.OAUTH2_CLIENT_ID_CONFIG, "c"));
        assertThat(errors).containsOnlyKeys(RegistrySettings.OAUTH2_CLIENT_ID_CONFIG,
                RegistrySettings.OAUTH2_CLIENT_SECRET_CONFIG);
        assertThat(validate(props(RegistrySettings.OAUTH2_TOKEN_URL_CONFIG, "https://127.0.0.1:1/token",
                RegistrySettings.OAUTH2_CLIENT_ID_CONFIG, "c", RegistrySettings.OAUTH2_CLIENT_SECRET_CONFIG, "s")))
                .isEmpty();
    }

    @Test
    void theUrlMustBeHttpOrHttps() {
        assertThat(validate(props(RegistrySettings.URL_CONFIG, "ftp://127.0.0.1/x")))
                .containsOnlyKeys(RegistrySettings.URL_CONFIG);
        assertThat(validate(props())).isEmpty();
    }

    @Test
    void aUrlOnApicuriosV2PathSpeaksApicuriosOwnApiAndAnyOtherTheConfluentOne() {
        assertThat(RegistrySettings.client(new AbstractConfig(DEF, props(RegistrySettings.URL_CONFIG,
                "http://127.0.0.1:1/apis/registry/v2/"))).apicurioV2()).isTrue();
        assertThat(RegistrySettings.client(new AbstractConfig(DEF, props())).apicurioV2()).isFalse();
        assertThat(RegistrySettings.client(new AbstractConfig(DEF, props(RegistrySettings.URL_CONFIG,
                "https://registry.example/"))).apicurioV2()).isFalse();
    }

    @Test
    void aMissingTrustStoreIsAConfigErrorNamingTheKey() {
        assertThatThrownBy(() -> RegistrySettings.client(new AbstractConfig(DEF,
                props(RegistrySettings.TRUSTSTORE_CONFIG, "/nonexistent/trust.p12"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RegistrySettings.TRUSTSTORE_CONFIG);
    }
}
