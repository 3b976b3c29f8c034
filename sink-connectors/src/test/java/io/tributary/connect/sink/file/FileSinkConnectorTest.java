package io.tributary.connect.sink.file;

import io.tributary.connect.sink.file.config.FileSinkConfig;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FileSinkConnectorTest {

    @TempDir
    Path dir;

    private Map<String, List<String>> errors(Map<String, String> props) {
        return new FileSinkConnector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void everyKeyIsDocumentedGroupedAndNamedByConvention() {
        ConfigDefAssertions.assertFullyDocumented(FileSinkConfig.CONFIG_DEF);
    }

    @Test
    void aDirectoryThatDoesNotExistYetIsFineWhenItCanBeCreated() {
        assertThat(errors(Map.of("topics", "t", "file.path", dir.resolve("a/b").toString()))).isEmpty();
    }

    @Test
    void aPathUnderAFileIsRefusedOnFilePath() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Map<String, List<String>> errors = errors(Map.of("topics", "t", "file.path", file.resolve("out").toString()));
        assertThat(errors).containsOnlyKeys("file.path");
        assertThat(errors.get("file.path").get(0)).contains("cannot be created or written");
    }

    @Test
    void badPatternsAndZonesAreReportedWithTheirKeys() {
        Map<String, List<String>> errors = errors(Map.of("topics", "t", "file.path", dir.toString(),
                "path.time.pattern", "yyyy/{{MM", "path.time.zone", "Mars/Olympus", "format", "orc"));
        assertThat(errors).containsOnlyKeys("path.time.pattern", "path.time.zone", "format");
    }
}
