package io.tributary.processor.config;

import io.tributary.connect.common.auth.AuthRequest;
import io.tributary.connect.common.auth.AuthResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpsSecurityTest {

    private static final String JOBS = """
            jobs:
              - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h}
            """;
    private static final String SASL = "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"processor\" password=\"sasl-pass-4711\";";

    @TempDir
    Path dir;

    @Test
    void withoutAuthKeysTheEndpointIsOpenAndPlain() {
        ProcessorConfig config = parse("");
        assertThat(config.opsSecurity().authenticator()).isNull();
        assertThat(config.opsSecurity().tls()).isFalse();
        assertThat(config.opsSecurity().metricsNeedAuth()).isFalse();
    }

    @Test
    void apiKeysFromTheConfigFileCheckRequests() {
        ProcessorConfig config = parse("""
                http.auth.type: api-key
                http.auth.api.keys: [first-key-0001, second-key-0002]
                """);
        var auth = config.opsSecurity().authenticator();
        assertThat(auth.authenticate(request(Map.of("X-API-Key", "second-key-0002"))))
                .isEqualTo(AuthResult.ok("api-key#2"));
        assertThat(auth.authenticate(request(Map.of("X-API-Key", "nope"))).failure())
                .isEqualTo(AuthResult.Failure.UNKNOWN_KEY);
        assertThat(auth.authenticate(request(Map.of())).failure()).isEqualTo(AuthResult.Failure.MISSING);
    }

    @Test
    void secretsResolveThroughTheKafkaSettingsConfigProviders() throws IOException {
        Path secrets = Files.writeString(dir.resolve("ops.properties"), "keys=from-a-file-0003\n");
        ProcessorConfig config = parse("""
                http.auth.type: api-key
                http.auth.api.keys: ${file:%s:keys}
                streams:
                  config.providers: file
                  config.providers.file.class: org.apache.kafka.common.config.provider.FileConfigProvider
                """.formatted(secrets));
        assertThat(config.opsSecurity().authenticator().authenticate(request(Map.of("X-API-Key", "from-a-file-0003")))
                .ok()).isTrue();
    }

    @Test
    void hmacIsRefusedAsTheEndpointHasNoBodiesToSign() {
        assertThatThrownBy(() -> parse("http.auth.type: hmac\n")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("http.auth.type").hasMessageContaining("use api-key or jwt");
        assertThatThrownBy(() -> parse("http.auth.hmac.secret: x\n")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("http.auth.hmac.secret: unknown key");
    }

    @Test
    void missingCredentialsAreNamedWithTheConfigFilesKey() {
        assertThatThrownBy(() -> parse("http.auth.type: jwt\n")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("http.auth.jwt.");
        assertThatThrownBy(() -> parse("http.auth.type: api-key\n")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("http.auth.api.keys");
        assertThatThrownBy(() -> parse("http.tls.client.auth: required\n")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("http.tls.keystore.path");
        assertThatThrownBy(() -> parse("http.tls.keystore.path: " + dir.resolve("none.p12") + "\n"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("Cannot set up TLS from http.tls.keystore.path");
    }

    @Test
    void printingTheConfigShowsNoSecret() {
        ProcessorConfig config = parse("""
                http.auth.type: [api-key, jwt]
                http.auth.api.keys: ops-key-secret-0004
                http.auth.jwt.secret: a-jwt-secret-of-at-least-32-bytes-0005
                streams:
                  security.protocol: SASL_SSL
                  sasl.mechanism: SCRAM-SHA-512
                  sasl.jaas.config: '%s'
                  ssl.truststore.password: truststore-pass-0006
                """.formatted(SASL));
        assertThat(config.streams()).containsEntry("sasl.jaas.config", SASL)
                .containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.toString()).contains("api-key,jwt").doesNotContain("ops-key-secret-0004",
                "a-jwt-secret-of-at-least-32-bytes-0005", "sasl-pass-4711", "truststore-pass-0006");
    }

    private ProcessorConfig parse(String keys) {
        return ProcessorConfig.parse("""
                application.id: test
                bootstrap.servers: 127.0.0.1:9092
                """ + keys + JOBS, "f.yaml");
    }

    private static AuthRequest request(Map<String, String> headers) {
        return new AuthRequest() {
            @Override
            public String header(String name) {
                return headers.get(name);
            }

            @Override
            public String queryParameter(String name) {
                return null;
            }

            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String path() {
                return "/jobs/d/windows";
            }

            @Override
            public byte[] body() {
                return null;
            }
        };
    }
}
