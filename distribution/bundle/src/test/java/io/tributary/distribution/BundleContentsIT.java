package io.tributary.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the built component archive promises a user who reads it rather than runs it: its name, its licenses list,
 * the links of its README, and a manifest that names every connector.
 */
class BundleContentsIT {

    private static final Path ZIP = Path.of(System.getProperty("tributary.bundle.zip"));
    private static final String VERSION = System.getProperty("tributary.version");

    /** "     (License) Name (group:artifact:version - url)", as the licenses list has each jar. */
    private static final Pattern LICENSE_LINE =
            Pattern.compile("^\\s+\\(.*\\(([^:()\\s]+):([^:()\\s]+):([^\\s()]+) - .*\\)\\s*$");
    /** A Markdown link's target: [text](target). */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Map<String, String> ENTRIES = new LinkedHashMap<>();
    private static String top;
    private static JsonNode manifest;

    @BeforeAll
    static void readTheArchive() throws IOException {
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                String text = entry.isDirectory() || entry.getName().endsWith(".jar") ? ""
                        : new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                ENTRIES.put(entry.getName(), text);
            }
        }
        top = ENTRIES.keySet().iterator().next().replaceFirst("/.*", "");
        manifest = new ObjectMapper().readTree(ENTRIES.get(top + "/manifest.json"));
    }

    @Test
    void theArchiveAndItsTopFolderAreNamedOwnerNameVersionFromTheManifest() {
        String expected = manifest.path("owner").path("username").asText() + "-" + manifest.path("name").asText()
                + "-" + VERSION;
        assertThat(ZIP.getFileName().toString()).isEqualTo(expected + ".zip");
        assertThat(ENTRIES.keySet()).allSatisfy(name -> assertThat(name).startsWith(expected + "/"));
    }

    @Test
    void theLicensesListNamesExactlyTheJarsInLibWithTheirVersions() {
        List<String> jars = ENTRIES.keySet().stream()
                .filter(name -> name.startsWith(top + "/lib/") && name.endsWith(".jar"))
                .map(name -> name.substring((top + "/lib/").length()))
                .toList();
        List<String> listed = new ArrayList<>();
        for (String line : ENTRIES.get(top + "/doc/licenses/THIRD-PARTY.txt").lines().toList()) {
            Matcher m = LICENSE_LINE.matcher(line);
            if (m.matches()) {
                listed.add(m.group(2) + "-" + m.group(3) + ".jar");
            }
        }
        assertThat(jars).isNotEmpty();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(jars);
    }

    @Test
    void everyLinkInTheReadmeResolvesInsideTheArchive() {
        String readme = ENTRIES.get(top + "/doc/README.md");
        List<String> targets = new ArrayList<>();
        Matcher m = LINK.matcher(readme);
        while (m.find()) {
            String target = m.group(1).replaceFirst("#.*", "");
            if (!target.isEmpty() && !target.matches("^[a-z]+:.*")) {
                targets.add(target);
            }
        }
        assertThat(targets).hasSizeGreaterThan(40);
        for (String target : targets) {
            String resolved = Path.of(top, "doc").resolve(target).normalize().toString().replace('\\', '/');
            assertThat(ENTRIES.containsKey(resolved) || ENTRIES.containsKey(resolved + "/"))
                    .as("README link %s (%s) is in the archive", target, resolved).isTrue();
        }
    }

    @Test
    void theManifestsDescriptionAndTagsNameEveryConnectorAndConverter() {
        String description = manifest.path("description").asText().toLowerCase();
        List<String> tags = new ArrayList<>();
        manifest.path("tags").forEach(tag -> tags.add(tag.asText()));
        // connector class suffix -> (words the description has, tag)
        Map<String, String[]> named = Map.of(
                "source.file.FileSourceConnector", new String[] {"file", "file"},
                "sink.file.FileSinkConnector", new String[] {"file", "file"},
                "source.http.HttpSourceConnector", new String[] {"polled http", "http"},
                "source.listener.HttpListenerSourceConnector", new String[] {"http listener", "webhook"},
                "source.websocket.server.WebSocketSourceConnector", new String[] {"websocket server", "websocket"},
                "source.websocket.client.WebSocketClientSourceConnector", new String[] {"websocket client", "websocket"},
                "sink.http.HttpSinkConnector", new String[] {"http sink", "http"},
                "sink.clickhouse.ClickHouseSinkConnector", new String[] {"clickhouse", "clickhouse"},
                "common.converter.StreamingJsonConverter", new String[] {"json converter", "json"});
        List<String> connectors = new ArrayList<>();
        for (JsonNode plugin : manifest.path("plugins")) {
            if (!plugin.path("type").asText().equals("transform")) {
                connectors.add(plugin.path("class").asText().replace("io.tributary.connect.", ""));
            }
        }
        assertThat(named.keySet()).containsExactlyInAnyOrderElementsOf(connectors);
        for (String connector : connectors) {
            assertThat(description).as("description names %s", connector).contains(named.get(connector)[0]);
            assertThat(tags).as("tags name %s", connector).contains(named.get(connector)[1]);
        }
        // Snowflake's own connector is not in the archive, but its configs are (etc/snowflake): the description says so.
        assertThat(description).contains("snowflake");
    }
}
