package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** manifest.json is written by hand: it must name the built version and exactly the plugins the bundle has. */
@DisabledIfSystemProperty(named = "tributary.bundle.zip", matches = ".+", disabledReason = "under Failsafe, whose "
        + "classpath leaves the plugin modules out for the packaging ITs (it runs unit tests too when -Dit.test only "
        + "excludes); Surefire runs this test")
class ManifestTest {

    private static final Path ROOT = Path.of(System.getProperty("tributary.root"));

    private static JsonNode manifest() throws IOException {
        return new ObjectMapper().readTree(ROOT.resolve("manifest.json").toFile());
    }

    @Test
    void theManifestNamesTheBuiltVersion() throws IOException {
        assertThat(manifest().path("version").asText()).isEqualTo(System.getProperty("tributary.version"));
    }

    @Test
    void theManifestListsExactlyThePluginsTheBundleHasWithTypeGuaranteeAndDocs() throws IOException {
        List<String> listed = new ArrayList<>();
        for (JsonNode plugin : manifest().path("plugins")) {
            listed.add(plugin.path("class").asText());
            assertThat(plugin.path("type").asText()).isIn("source", "sink", "transform", "predicate", "converter");
            assertThat(plugin.path("delivery_guarantee").asText()).isNotBlank();
            assertThat(ROOT.resolve(plugin.path("documentation").asText().replaceFirst("^doc/", "docs/"))).isRegularFile();
        }
        List<String> found = ConfigReference.pluginClasses().stream().map(Class::getName).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(found);
        assertThat(manifest().path("component_types")).extracting(JsonNode::asText)
                .isSubsetOf(Set.of("source", "sink", "transform", "converter"));
    }
}
