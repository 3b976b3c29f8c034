package io.tributary.processor.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentOverridesTest {

    private static final String FILE = """
            application.id: from-file
            bootstrap.servers: 127.0.0.1:9092
            state.dir: /var/lib/file
            http.listen: 127.0.0.1:8090
            streams:
              num.stream.threads: 1
              security.protocol: PLAINTEXT
            jobs:
              - {name: dedup, kind: dedup, input: raw, output: unique, id: event_id, retention: 1h}
            """;

    private static ProcessorConfig parse(Map<String, String> environment) {
        return ProcessorConfig.parse(FILE, "f.yaml", EnvironmentOverrides.from(environment));
    }

    @Test
    void topLevelVariablesReplaceTheFilesKeys() {
        ProcessorConfig config = parse(Map.of(
                "TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092",
                "TRIBUTARY_PROCESSOR_APPLICATION_ID", "from-env",
                "TRIBUTARY_PROCESSOR_STATE_DIR", "/data/state",
                "TRIBUTARY_PROCESSOR_HTTP_LISTEN", "0.0.0.0:9000",
                "TRIBUTARY_PROCESSOR_SHUTDOWN_TIMEOUT", "5s"));
        assertThat(config.streams()).containsEntry("bootstrap.servers", "broker-1:9092,broker-2:9092")
                .containsEntry("application.id", "from-env").containsEntry("state.dir", "/data/state");
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void streamsVariablesSetAnyKafkaSettingLowerCasedWithDots() {
        ProcessorConfig config = parse(Map.of(
                "TRIBUTARY_PROCESSOR_STREAMS_SECURITY_PROTOCOL", "SASL_SSL",
                "TRIBUTARY_PROCESSOR_STREAMS_SASL_JAAS_CONFIG", "secret-jaas",
                "TRIBUTARY_PROCESSOR_STREAMS_NUM_STANDBY_REPLICAS", "1"));
        assertThat(config.streams()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "secret-jaas").containsEntry("num.standby.replicas", "1")
                .containsEntry("num.stream.threads", "1");
    }

    @Test
    void streamsVariablesWorkWhenTheFileHasNoStreamsSection() {
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: a
                jobs:
                  - {name: dedup, kind: dedup, input: raw, output: unique, id: event_id, retention: 1h}
                """, "f.yaml", EnvironmentOverrides.from(Map.of(
                "TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS", "b:9092",
                "TRIBUTARY_PROCESSOR_STREAMS_COMMIT_INTERVAL_MS", "250")));
        assertThat(config.streams()).containsEntry("bootstrap.servers", "b:9092")
                .containsEntry("commit.interval.ms", "250");
    }

    @Test
    void offFromTheEnvironmentTurnsTheEndpointOff() {
        assertThat(parse(Map.of("TRIBUTARY_PROCESSOR_HTTP_LISTEN", "off")).httpHost()).isNull();
    }

    @Test
    void createTopicsFalseFromTheEnvironmentIsABoolean() {
        assertThat(parse(Map.of("TRIBUTARY_PROCESSOR_CREATE_TOPICS", "false")).createTopics()).isFalse();
        assertThat(parse(Map.of()).createTopics()).isTrue();
    }

    @Test
    void otherPrefixedVariablesAreIgnoredAndNamedNotRefused() {
        // What Kubernetes injects for a service named tributary-processor, and the launcher's heap variable.
        EnvironmentOverrides overrides = EnvironmentOverrides.from(Map.of(
                "TRIBUTARY_PROCESSOR_SERVICE_HOST", "10.0.0.1",
                "TRIBUTARY_PROCESSOR_PORT", "tcp://10.0.0.1:8090",
                "TRIBUTARY_PROCESSOR_HEAP", "1g",
                "TRIBUTARY_PROCESSOR_JOBS", "[]",
                "PATH", "/usr/bin"));
        assertThat(overrides.isEmpty()).isTrue();
        assertThat(overrides.ignored()).containsExactly("TRIBUTARY_PROCESSOR_JOBS", "TRIBUTARY_PROCESSOR_PORT",
                "TRIBUTARY_PROCESSOR_SERVICE_HOST");
        assertThat(ProcessorConfig.parse(FILE, "f.yaml", overrides).streams()).containsEntry("application.id",
                "from-file");
    }

    @Test
    void theDescriptionNamesKeysAndVariablesNeverValues() {
        EnvironmentOverrides overrides = EnvironmentOverrides.from(Map.of(
                "TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS", "secret-host:9092",
                "TRIBUTARY_PROCESSOR_HTTP_AUTH_TYPE", "api-key",
                "TRIBUTARY_PROCESSOR_STREAMS_SSL_KEYSTORE_PASSWORD", "hunter2"));
        assertThat(overrides.describe()).isEqualTo("bootstrap.servers (TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS), "
                + "http.auth.type (TRIBUTARY_PROCESSOR_HTTP_AUTH_TYPE), "
                + "streams.ssl.keystore.password (TRIBUTARY_PROCESSOR_STREAMS_SSL_KEYSTORE_PASSWORD)");
        assertThat(overrides.toString()).doesNotContain("secret-host", "api-key", "hunter2");
    }

    @Test
    void aBadValueFromTheEnvironmentIsAConfigErrorNamingTheVariable() {
        assertThatThrownBy(() -> parse(Map.of("TRIBUTARY_PROCESSOR_HTTP_LISTEN", "nowhere")))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("http.listen (TRIBUTARY_PROCESSOR_HTTP_LISTEN)")
                .hasMessageContaining("is not host:port");
    }

    @Test
    void everyTopLevelKeyButJobsStreamsAndRegistryHasAVariable() {
        for (String key : ProcessorConfig.TOP_LEVEL_KEYS) {
            if (key.equals("jobs") || key.equals("streams") || key.equals("registry")) {
                continue;
            }
            String variable = EnvironmentOverrides.variableFor(key);
            assertThat(EnvironmentOverrides.from(Map.of(variable, "x")).top()).as(variable).containsOnlyKeys(key);
        }
        assertThat(EnvironmentOverrides.variableFor("http.tls.keystore.path"))
                .isEqualTo("TRIBUTARY_PROCESSOR_HTTP_TLS_KEYSTORE_PATH");
    }

    @Test
    void registryVariablesSetTheRegistryBlockEvenWithoutOneInTheFile() {
        String avro = FILE.replace("retention: 1h}", "retention: 1h, input.format: avro}");
        assertThatThrownBy(() -> ProcessorConfig.parse(avro, "f.yaml", EnvironmentOverrides.none()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("input.format: avro needs the schema registry");
        ProcessorConfig config = ProcessorConfig.parse(avro, "f.yaml", EnvironmentOverrides.from(Map.of(
                "TRIBUTARY_PROCESSOR_REGISTRY_URL", "https://registry.example:8443/apis/registry/v2",
                "TRIBUTARY_PROCESSOR_REGISTRY_AUTH_TYPE", "basic",
                "TRIBUTARY_PROCESSOR_REGISTRY_AUTH_USERNAME", "processor",
                "TRIBUTARY_PROCESSOR_REGISTRY_AUTH_PASSWORD", "s3cret")));
        RegistrySettings registry = config.jobs().get(0).formats().registry();
        assertThat(registry.url()).isEqualTo("https://registry.example:8443/apis/registry/v2");
        assertThat(registry.username()).isEqualTo("processor");
        assertThat(registry.password()).isEqualTo("s3cret");
        assertThat(registry.toString()).doesNotContain("s3cret");
        assertThat(EnvironmentOverrides.from(Map.of("TRIBUTARY_PROCESSOR_REGISTRY_TLS_TRUSTSTORE_LOCATION", "/x"))
                .registry()).containsEntry("tls.truststore.location", "/x");
    }
}
