package io.tributary.processor.config;

import io.tributary.connect.common.config.ConfigDocs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusSettingsTest {

    private static final String BASE = """
            application.id: app
            bootstrap.servers: 127.0.0.1:9092
            jobs: [{name: d, kind: dedup, input: a, output: b, id: id, retention: 1h}]
            """;

    @Test
    void withoutStatusKeysTheEndpointsShowTheJobsOnly() {
        ProcessorConfig config = ProcessorConfig.parse(BASE, "test.yaml");
        assertThat(config.status().connectUrls()).isEmpty();
        assertThat(config.status().sampleInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void readsConnectUrlsMetricsAndCredentials() {
        ProcessorConfig config = ProcessorConfig.parse(BASE + """
                status.connect.url: [http://127.0.0.1:8083/, http://127.0.0.1:8084]
                status.connect.other.urls: http://127.0.0.1:8085/
                status.connect.metrics.url: http://127.0.0.1:9404/metrics
                status.connect.auth.username: ops
                status.connect.auth.password: s3cret
                status.sample.interval.ms: 5000
                """, "test.yaml");
        StatusSettings status = config.status();
        assertThat(status.connectUrls()).containsExactly("http://127.0.0.1:8083", "http://127.0.0.1:8084");
        assertThat(status.otherConnectUrls()).containsExactly("http://127.0.0.1:8085");
        assertThat(status.metricsUrls()).containsExactly("http://127.0.0.1:9404/metrics");
        assertThat(status.username()).isEqualTo("ops");
        assertThat(status.password()).isEqualTo("s3cret");
        assertThat(status.sampleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(status.toString()).doesNotContain("s3cret");
    }

    @Test
    void theEnvironmentSetsThem() {
        EnvironmentOverrides env = EnvironmentOverrides.from(Map.of(
                "TRIBUTARY_PROCESSOR_STATUS_CONNECT_URL", "http://127.0.0.1:18083",
                "TRIBUTARY_PROCESSOR_STATUS_CONNECT_AUTH_PASSWORD", "pw",
                "TRIBUTARY_PROCESSOR_STATUS_CONNECT_AUTH_USERNAME", "u"));
        assertThat(env.ignored()).isEmpty();
        StatusSettings status = ProcessorConfig.parse(BASE, "test.yaml", env).status();
        assertThat(status.connectUrls()).containsExactly("http://127.0.0.1:18083");
        assertThat(status.username()).isEqualTo("u");
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> ProcessorConfig.parse(BASE + "status.connect.url: 127.0.0.1:8083\n", "test.yaml"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("status.connect.url")
                .hasMessageContaining("not an http:// or https:// URL");
        assertThatThrownBy(() -> ProcessorConfig.parse(BASE + "status.connect.auth.username: u\n"
                + "status.connect.url: http://127.0.0.1:8083\n", "test.yaml"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("needs both status.connect.auth.username and "
                        + "status.connect.auth.password");
        assertThatThrownBy(() -> ProcessorConfig.parse(BASE + "status.connect.metrics.url: http://127.0.0.1:9404/metrics\n",
                "test.yaml")).isInstanceOf(ConfigError.class).hasMessageContaining("set it too");
        assertThatThrownBy(() -> ProcessorConfig.parse(BASE + "status.connect.other.urls: http://127.0.0.1:8084\n",
                "test.yaml")).isInstanceOf(ConfigError.class).hasMessageContaining("status.connect.other.urls")
                .hasMessageContaining("set it too");
        assertThatThrownBy(() -> ProcessorConfig.parse(BASE + "status.connect.url: http://127.0.0.1:8083\n"
                + "status.connect.other.urls: 127.0.0.1:8084\n", "test.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("not an http:// or https:// URL");
        assertThatThrownBy(() -> ProcessorConfig.parse(BASE + "status.sample.interval.ms: 10\n"
                + "status.connect.url: http://127.0.0.1:8083\n", "test.yaml"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("status.sample.interval.ms");
        assertThatThrownBy(() -> ProcessorConfig.parse(BASE + "status.connect.urls: http://x\n", "test.yaml"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("status.connect.urls");
    }

    /**
     * docs/config/ProcessorStatus.md is generated from the keys' definitions; {@code ./tributary docs} (this test
     * with -Dtributary.docs.write=true) rewrites it.
     */
    @Test
    void theConfigReferencePageIsCurrent() throws IOException {
        Path page = Path.of(System.getProperty("tributary.root", ".."), "docs", "config", "ProcessorStatus.md");
        String expected = ConfigDocs.markdown("Stateful processor: status.* (/pipeline/status, /events/stats)",
                StatusSettings.definition());
        if (Boolean.getBoolean("tributary.docs.write")) {
            Files.writeString(page, expected);
        }
        assertThat(Files.exists(page) ? Files.readString(page) : "").as(page + ": run ./tributary docs")
                .isEqualTo(expected);
        assertThat(StatusSettings.definition().names()).allMatch(n -> n.startsWith(StatusSettings.PREFIX));
        assertThat(List.copyOf(StatusSettings.NAMES)).hasSameSizeAs(StatusSettings.definition().names());
    }
}
