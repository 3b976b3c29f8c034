package io.tributary.connect.source.file.config;

import io.tributary.connect.source.file.TestConfigs;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where an inferred schema starts: the registry and subject keys, and their defaults from the value converter. */
class FileSourceRegistryKeysTest {

    @TempDir
    Path dir;

    @Test
    void withoutARegistryKeyOrConverterURLThereIsNone() {
        assertThat(TestConfigs.config(dir).schemaRegistryUrl()).isNull();
        assertThat(TestConfigs.config(dir).schemaSubject()).isEqualTo("events-value");
    }

    @Test
    void theConvertersURLIsUsedWhenTheKeyIsEmptyAndTheKeyWins() {
        assertThat(TestConfigs.config(dir, "value.converter.apicurio.registry.url",
                "http://127.0.0.1:8081/apis/registry/v2").schemaRegistryUrl())
                .isEqualTo("http://127.0.0.1:8081/apis/registry/v2");
        assertThat(TestConfigs.config(dir, "value.converter.schema.registry.url", "http://127.0.0.1:8081/apis/ccompat/v7")
                .schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081/apis/ccompat/v7");
        assertThat(TestConfigs.config(dir, "value.converter.apicurio.registry.url", "http://127.0.0.1:1/a",
                "output.schema.registry.url", "http://127.0.0.1:2/b", "output.schema.subject", "s").schemaRegistryUrl())
                .isEqualTo("http://127.0.0.1:2/b");
        // A Confluent converter's list of URLs is not one URL: none.
        assertThat(TestConfigs.config(dir, "value.converter.schema.registry.url",
                "http://127.0.0.1:1,http://127.0.0.1:2").schemaRegistryUrl()).isNull();
    }

    @Test
    void aRegistryKeyThatIsNotAnHttpUrlIsRefusedNamingIt() {
        assertThatThrownBy(() -> TestConfigs.config(dir, "output.schema.registry.url", "ftp://registry"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("output.schema.registry.url")
                .hasMessageContaining("is not an http or https URL");
    }
}
