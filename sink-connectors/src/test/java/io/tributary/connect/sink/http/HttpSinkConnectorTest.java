package io.tributary.connect.sink.http;

import io.tributary.connect.sink.http.config.HttpSinkConfig;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class HttpSinkConnectorTest {

    private Map<String, List<String>> errors(String... config) {
        Map<String, String> props = new HashMap<>();
        props.put("topics", "t");
        props.put("http.url", "http://127.0.0.1:8080/in");
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        return new HttpSinkConnector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void everyKeyIsDocumentedGroupedAndNamedByConvention() {
        ConfigDefAssertions.assertFullyDocumented(HttpSinkConfig.CONFIG_DEF);
    }

    @Test
    void secretsArePasswords() {
        for (String key : List.of("auth.basic.password", "auth.bearer.token", "auth.api.key.value",
                "auth.oauth2.client.secret")) {
            assertThat(HttpSinkConfig.CONFIG_DEF.configKeys().get(key).type).as(key).isEqualTo(ConfigDef.Type.PASSWORD);
        }
    }

    @Test
    void aValidConfigurationHasNoErrors() {
        assertThat(errors("http.url", "http://127.0.0.1:8080/users/{{key}}", "http.headers", "X-Topic: {{topic}}",
                "http.body.template", "{\"v\": {{value}}}")).isEmpty();
    }

    @Test
    void theExampleConfigIsValid() throws Exception {
        com.fasterxml.jackson.databind.JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.nio.file.Path.of(System.getProperty("tributary.root", "..")).resolve(
                        "connector-configs/http-sink.json").toFile());
        List<String> config = new java.util.ArrayList<>();
        file.path("config").fields().forEachRemaining(e -> {
            config.add(e.getKey());
            config.add(e.getValue().asText());
        });
        assertThat(errors(config.toArray(String[]::new))).isEmpty();
    }

    @Test
    void rawValuesAndABodyTemplateExcludeEachOther() {
        assertThat(errors("http.body.raw.enabled", "true", "http.body.template", "{\"v\": {{value}}}"))
                .containsOnlyKeys("http.body.raw.enabled", "http.body.template");
    }

    @Test
    void aUrlThatIsNotHttpIsReportedOnHttpUrl() {
        assertThat(errors("http.url", "ftp://127.0.0.1/in")).containsOnlyKeys("http.url");
        assertThat(errors("http.url", "{{value.target}}").get("http.url").get(0)).contains("not an http or https URL");
    }

    @Test
    void malformedTemplatesAreReportedOnTheirKeysWithThePosition() {
        Map<String, List<String>> errors = errors("http.url", "http://127.0.0.1/{{value.id", "http.headers",
                "X-A {{topic}}", "http.body.template", "{\"a\": {{nope}}}");
        assertThat(errors).containsOnlyKeys("http.url", "http.headers", "http.body.template");
        assertThat(errors.get("http.url").get(0)).contains("position 17");
        assertThat(errors.get("http.body.template").get(0)).contains("position 6").contains("unknown placeholder");
        assertThat(errors.get("http.headers").get(0)).contains("'X-A {{topic}}'");
    }

    @Test
    void missingCredentialsAreReportedOnTheKeyThatLacksThem() {
        assertThat(errors("auth.type", "basic", "auth.basic.user", "ann")).containsOnlyKeys("auth.basic.password");
        assertThat(errors("auth.type", "bearer")).containsOnlyKeys("auth.bearer.token");
        assertThat(errors("auth.type", "api-key")).containsOnlyKeys("auth.api.key.value");
        assertThat(errors("auth.type", "oauth2", "auth.oauth2.client.id", "app"))
                .containsOnlyKeys("auth.oauth2.client.secret", "auth.oauth2.token.url");
    }

    @Test
    void aStatusInTwoListsIsReportedOnBoth() {
        Map<String, List<String>> errors = errors("fail.statuses", "401,403,400");
        assertThat(errors).containsOnlyKeys("fail.statuses", "dead.letter.statuses");
        assertThat(errors.get("fail.statuses").get(0)).contains("[400]");
        assertThat(errors("retry.statuses", "500,abc")).containsOnlyKeys("retry.statuses");
    }

    @Test
    void responseCaptureNeedsBootstrapServers() {
        assertThat(errors("response.topic", "responses")).containsOnlyKeys("response.bootstrap.servers");
    }
}
