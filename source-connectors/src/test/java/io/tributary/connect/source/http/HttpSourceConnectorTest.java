package io.tributary.connect.source.http;

import io.tributary.connect.source.http.config.EndpointSpec;
import io.tributary.connect.source.http.config.HttpSourceConfig;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class HttpSourceConnectorTest {

    private final HttpSourceConnector connector = new HttpSourceConnector();

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("name", "api", "topic", "items",
                "http.url", "http://127.0.0.1:8080/items"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private Map<String, List<String>> errors(Map<String, String> props) {
        Config config = connector.validate(props);
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void everyKeyIsDocumentedGroupedAndNamedByConvention() {
        ConfigDefAssertions.assertFullyDocumented(HttpSourceConfig.CONFIG_DEF);
    }

    @Test
    void aValidConfigHasNoErrors() {
        assertThat(errors(props())).isEmpty();
        assertThat(errors(props("pagination.type", "cursor", "pagination.cursor.pointer", "/next",
                "pagination.param", "cursor", "auth.type", "oauth2", "auth.oauth2.token.url",
                "http://127.0.0.1:8080/token", "auth.oauth2.client.id", "app", "auth.oauth2.client.secret", "pw")))
                .isEmpty();
    }

    @Test
    void theExampleConfigsAreValid() throws Exception {
        for (String example : List.of("http-source.json", "http-source-incremental.json", "http-source-avro.json")) {
            com.fasterxml.jackson.databind.JsonNode file = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    java.nio.file.Path.of(System.getProperty("tributary.root", "..")).resolve("connector-configs")
                            .resolve(example).toFile());
            Map<String, String> config = new HashMap<>();
            file.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
            config.put("name", file.path("name").asText());
            assertThat(errors(config)).as(example).isEmpty();
        }
    }

    @Test
    void theSchemaRegistryComesFromTheKeyOrTheConvertersUrlAndTheSubjectDefaultsToTopicValue() {
        assertThat(errors(props("output.schema.registry.url", "not a url")).get("output.schema.registry.url"))
                .isNotEmpty();
        EndpointSpec own = EndpointSpec.parse(props("output.schema.registry.url", "http://127.0.0.1:1/apis/ccompat/v7",
                "value.converter.apicurio.registry.url", "http://127.0.0.1:2/apis/registry/v2"), "default");
        assertThat(own.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:1/apis/ccompat/v7");
        assertThat(own.schemaSubject()).isEqualTo("items-value");
        EndpointSpec fromConverter = EndpointSpec.parse(props(
                "value.converter.apicurio.registry.url", "http://127.0.0.1:2/apis/registry/v2",
                "output.schema.subject", "my-subject"), "default");
        assertThat(fromConverter.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:2/apis/registry/v2");
        assertThat(fromConverter.schemaSubject()).isEqualTo("my-subject");
        // A Confluent converter may list several URLs: then none is used, and the schema is inferred after a restart.
        assertThat(EndpointSpec.parse(props("value.converter.schema.registry.url", "http://a:1,http://b:2"), "default")
                .schemaRegistryUrl()).isNull();
        assertThat(EndpointSpec.parse(props(), "default").schemaRegistryUrl()).isNull();
    }

    @Test
    void badUrlsTemplatesAndPointersAreReportedOnTheirKeys() {
        assertThat(errors(props("http.url", "not a url")).get("http.url").get(0)).contains("not a URL");
        assertThat(errors(props("http.url", "ftp://127.0.0.1/x")).get("http.url").get(0))
                .contains("not an http or https URL");
        assertThat(errors(props("http.url", "http://127.0.0.1/x?since=${offset.timestamp")).get("http.url").get(0))
                .contains("unclosed '${'");
        assertThat(errors(props("http.url", "http://127.0.0.1/x?u=${user}")).get("http.url").get(0))
                .contains("unknown placeholder '${user}'");
        assertThat(errors(props("http.params", "since=${offset.timestamp}")).get("incremental.pointer").get(0))
                .contains("no incremental.pointer");
        assertThat(errors(props("http.headers", "Accept")).get("http.headers").get(0)).contains("'Name: value'");
        assertThat(errors(props("output.schema", "id:int64, amount:money")).get("output.schema").get(0))
                .contains("money");
        assertThat(errors(props("pagination.type", "cursor")).get("pagination.cursor.pointer").get(0))
                .contains("needs the pointer");
        assertThat(errors(props("pagination.type", "cursor", "pagination.cursor.pointer", "/next"))
                .get("pagination.param").get(0)).contains("${offset.cursor}");
        assertThat(errors(props("pagination.type", "sideways")).get("pagination.type").get(0)).contains("sideways");
    }

    @Test
    void missingCredentialsAreReportedOnTheKeyThatLacksThem() {
        assertThat(errors(props("auth.type", "basic", "auth.basic.user", "alice")))
                .containsOnlyKeys("auth.basic.password");
        assertThat(errors(props("auth.type", "bearer"))).containsOnlyKeys("auth.bearer.token");
        assertThat(errors(props("auth.type", "oauth2", "auth.oauth2.client.id", "app")))
                .containsOnlyKeys("auth.oauth2.client.secret", "auth.oauth2.token.url");
        assertThat(errors(props("tls.truststore.path", "/nonexistent/trust.p12")).get("tls.truststore.path").get(0))
                .contains("cannot read");
    }

    @Test
    void aBadUrlIsReportedBesideMissingCredentialsAndExactlyOnceSupportStillAnswers() {
        Map<String, String> props = props("http.url", "htp://127.0.0.1/x", "auth.type", "bearer",
                "pagination.type", "link");
        assertThat(errors(props)).containsOnlyKeys("http.url", "auth.bearer.token");
        assertThat(connector.exactlyOnceSupport(props)).isEqualTo(ExactlyOnceSupport.SUPPORTED);
    }

    @Test
    void anEndpointsMistakeNamesTheEndpoint() {
        Map<String, List<String>> errors = errors(props("endpoints", "a,b", "endpoints.b.http.url", "nope"));
        assertThat(errors.get("http.url").get(0)).startsWith("endpoint 'b': ");
    }

    @Test
    void endpointsAreDealtToTasksInTurn() {
        connector.start(props("endpoints", "a,b,c", "endpoints.c.topic", "other"));
        List<Map<String, String>> two = connector.taskConfigs(2);
        assertThat(two).extracting(c -> c.get(HttpSourceConfig.TASK_ENDPOINTS_CONFIG)).containsExactly("a,c", "b");
        assertThat(two).extracting(c -> c.get("tributary.task.index")).containsExactly("0", "1");
        assertThat(connector.taskConfigs(8)).hasSize(3);
    }

    @Test
    void exactlyOnceIsSupportedOnlyWhenEveryEndpointCanResume() {
        assertThat(connector.exactlyOnceSupport(props())).isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
        assertThat(connector.exactlyOnceSupport(props("pagination.type", "link")))
                .isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.exactlyOnceSupport(props("incremental.pointer", "/updated_at")))
                .isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.exactlyOnceSupport(props("endpoints", "a,b", "endpoints.a.pagination.type", "link")))
                .isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
    }
}
