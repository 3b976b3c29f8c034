package io.tributary.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class BundleTest {

    @Test
    void theInstallPrefixIsTheArchiveNameWithoutItsVersion() {
        assertThat(Bundle.installPrefix("tributary-tributary-connect-0.1.0-SNAPSHOT.zip"))
                .isEqualTo("tributary-tributary-connect-");
        assertThat(Bundle.installPrefix("tributary-tributary-connect-1.2.3.zip")).isEqualTo("tributary-tributary-connect-");
    }

    @Test
    void installingReplacesEarlierInstallsOfAnyVersionAndLeavesOtherPluginsAlone(@TempDir Path dir) throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.createDirectories(plugins.resolve("tributary-tributary-connect-0.0.9/lib"));
        Files.createDirectories(plugins.resolve("tributary-connect-0.0.8/lib"));
        Files.createDirectories(plugins.resolve("snowflake-kafka-connector"));
        Path zip = dir.resolve("tributary-tributary-connect-0.1.0.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("tributary-tributary-connect-0.1.0/manifest.json"));
            out.write("{}".getBytes());
            out.closeEntry();
        }

        Bundle.install(zip, plugins);

        try (var names = Files.list(plugins)) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tributary-tributary-connect-0.1.0", "snowflake-kafka-connector");
        }
        assertThat(plugins.resolve("tributary-tributary-connect-0.1.0/manifest.json")).hasContent("{}");
    }
}
