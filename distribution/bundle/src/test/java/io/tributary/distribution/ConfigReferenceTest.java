package io.tributary.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/config/ is generated from the plugins' ConfigDefs; this test fails when a page is missing or stale.
 * {@code ./tributary docs} (this test with -Dtributary.docs.write=true) rewrites the pages.
 */
@DisabledIfSystemProperty(named = "tributary.bundle.zip", matches = ".+", disabledReason = "under Failsafe, whose "
        + "classpath leaves the plugin modules out for the packaging ITs (it runs unit tests too when -Dit.test only "
        + "excludes); Surefire runs this test")
class ConfigReferenceTest {

    private static final Path DOCS = Path.of(System.getProperty("tributary.root"), "docs", "config");

    @Test
    void everyPluginsConfigReferenceIsCurrent() throws IOException {
        boolean write = Boolean.getBoolean("tributary.docs.write");
        List<String> stale = new ArrayList<>();
        List<ConfigReference.Plugin> plugins = ConfigReference.plugins();
        assertThat(plugins).isNotEmpty();
        for (ConfigReference.Plugin plugin : plugins) {
            Path page = DOCS.resolve(plugin.fileName());
            String expected = plugin.markdown();
            if (write) {
                Files.createDirectories(DOCS);
                Files.writeString(page, expected);
            } else if (!Files.exists(page) || !Files.readString(page).equals(expected)) {
                stale.add(page.getFileName().toString());
            }
        }
        assertThat(stale).as("config reference pages that differ from the ConfigDefs: run ./tributary docs").isEmpty();
    }
}
