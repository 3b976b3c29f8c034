package io.tributary.connect.source.file;

import io.tributary.connect.common.Version;
import io.tributary.connect.source.file.config.FileSourceConfig;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourceConnectorTest {

    @TempDir
    Path dir;
    private final FileSourceConnector connector = new FileSourceConnector();

    private Map<String, List<String>> errors(Map<String, String> props) {
        Config config = connector.validate(props);
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void everyKeyIsDocumentedGroupedAndNamedByConvention() {
        ConfigDefAssertions.assertFullyDocumented(FileSourceConfig.CONFIG_DEF);
    }

    @Test
    void aValidConfigHasNoErrors() {
        assertThat(errors(TestConfigs.props(dir))).isEmpty();
    }

    @Test
    void aMissingDirectoryIsReportedOnFilePath() {
        Map<String, List<String>> errors = errors(TestConfigs.props(dir.resolve("nope")));
        assertThat(errors).containsOnlyKeys("file.path");
        assertThat(errors.get("file.path").get(0)).contains("does not exist");
    }

    @Test
    void crossFieldProblemsAreReportedOnEveryKeyInvolved() {
        Map<String, List<String>> avroAsMaps = errors(TestConfigs.props(dir, "format", "avro", "output", "map"));
        assertThat(avroAsMaps).containsOnlyKeys("format", "output");

        Map<String, List<String>> schemaForMaps = errors(TestConfigs.props(dir, "output.schema", "id:int64"));
        assertThat(schemaForMaps).containsKeys("output.schema", "output");

        Map<String, List<String>> sameTopic = errors(TestConfigs.props(dir, "dlq.topic", "events"));
        assertThat(sameTopic).containsOnlyKeys("dlq.topic", "topic");

        Map<String, List<String>> finishedIsInput = errors(TestConfigs.props(dir, "spool.finished.path", dir.toString()));
        assertThat(finishedIsInput).containsOnlyKeys("spool.finished.path", "file.path");
    }

    @Test
    void theOldFormatNamesAreStillReadAsTheOutputKeys() {
        Map<String, String> old = TestConfigs.props(dir, "format", "csv", "format.output", "map",
                "format.schema.name", "old.Name", "format.schema.sample.records", "7");
        assertThat(errors(old)).isEmpty();
        FileSourceConfig config = new FileSourceConfig(old);
        assertThat(config.output()).isEqualTo(FileSourceConfig.Output.MAP);
        assertThat(config.schemaName()).isEqualTo("old.Name");
        assertThat(config.sampleRecords()).isEqualTo(7);
        assertThat(new FileSourceConfig(TestConfigs.props(dir, "format.output", "struct", "output", "struct")).output())
                .isEqualTo(FileSourceConfig.Output.STRUCT);
    }

    @Test
    void problemsWithAnOldNameAreReportedOnTheOldName() {
        Map<String, List<String>> avroAsMaps = errors(TestConfigs.props(dir, "format", "avro", "format.output", "map"));
        assertThat(avroAsMaps).containsOnlyKeys("format", "format.output");
        Map<String, List<String>> badSchema = errors(TestConfigs.props(dir, "format", "csv",
                "format.schema", "id:money"));
        assertThat(badSchema).containsOnlyKeys("format.schema");
        assertThat(errors(TestConfigs.props(dir, "format.schema.sample.records", "0")))
                .containsOnlyKeys("format.schema.sample.records");
    }

    @Test
    void theOldAndNewNameSetToDifferentValuesAreRefusedAtValidateAndStart() {
        Map<String, String> both = TestConfigs.props(dir, "format.output", "map", "output", "struct");
        assertThat(errors(both)).containsOnlyKeys("format.output", "output");
        assertThatThrownBy(() -> connector.start(both))
                .hasMessageContaining("format.output is a deprecated name of output")
                .hasMessageContaining("different values").hasMessageNotContaining("'map'");
    }

    @Test
    void theReferenceListsEachOldNameAsDeprecated() {
        for (String old : List.of("format.output", "format.schema", "format.schema.name",
                "format.schema.sample.records")) {
            assertThat(FileSourceConfig.CONFIG_DEF.configKeys().get(old).documentation)
                    .as(old).startsWith("Deprecated: alias of `output");
        }
    }

    @Test
    void badValuesAreReportedWithTheKeyAndTheReason() {
        Map<String, List<String>> badSchema = errors(TestConfigs.props(dir, "format", "csv", "output.schema", "id:int64, amount:money"));
        assertThat(badSchema.get("output.schema").get(0)).contains("field 'amount' has unknown type 'money'");

        Map<String, List<String>> badPath = errors(TestConfigs.props(dir, "key.field", "user..id"));
        assertThat(badPath.get("key.field").get(0)).contains("malformed at position 5");

        Map<String, List<String>> badMode = errors(TestConfigs.props(dir, "file.mode", "watch"));
        assertThat(badMode.get("file.mode").get(0)).contains("watch");

        Map<String, List<String>> relative = errors(TestConfigs.props(dir, "file.path", "relative/dir"));
        assertThat(relative.get("file.path").get(0)).contains("must be an absolute path");
    }

    @Test
    void theQuotedFieldBoundsDefaultSmallAndRefuseZeroNamingTheKey() {
        FileSourceConfig defaults = new FileSourceConfig(TestConfigs.props(dir));
        assertThat(defaults.csvQuotedMaxLines()).isEqualTo(100);
        assertThat(defaults.csvQuotedMaxBytes()).isEqualTo(65_536);

        Map<String, List<String>> zero = errors(TestConfigs.props(dir, "format", "csv",
                "format.csv.quoted.max.lines", "0", "format.csv.quoted.max.bytes", "0"));
        assertThat(zero).containsOnlyKeys("format.csv.quoted.max.lines", "format.csv.quoted.max.bytes");
        assertThat(errors(TestConfigs.props(dir, "format", "csv", "format.csv.quoted.max.lines", "1",
                "format.csv.quoted.max.bytes", "1048576"))).isEmpty();
    }

    @Test
    void tasksTakeDisjointSharesByIndex() {
        connector.start(TestConfigs.props(dir));
        List<Map<String, String>> tasks = connector.taskConfigs(3);
        assertThat(tasks).extracting(t -> t.get(FileSourceConfig.TASK_INDEX_CONFIG)).containsExactly("0", "1", "2");
        assertThat(tasks).allMatch(t -> "3".equals(t.get(FileSourceConfig.TASK_COUNT_CONFIG)));
    }

    @Test
    void exactlyOnceIsSupportedAndTheVersionComesFromTheBuild() {
        assertThat(connector.exactlyOnceSupport(TestConfigs.props(dir))).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.version()).isEqualTo(Version.get()).isNotBlank().doesNotContain("$");
    }

    @Test
    void alterOffsetsAcceptsValidOffsetsAndResets() {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(Map.of("path", "a.jsonl"), Map.of("position", 120L, "lines", 3L, "eof", false));
        offsets.put(Map.of("path", "b.jsonl"), null);
        assertThat(connector.alterOffsets(TestConfigs.props(dir), offsets)).isTrue();
    }

    @Test
    void alterOffsetsRejectsMalformedOffsetsNamingTheField() {
        assertThatThrownBy(() -> connector.alterOffsets(TestConfigs.props(dir),
                Map.of(Map.of("path", "a.jsonl"), Map.of("position", -1L, "lines", 0L))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'position' must not be negative");
        assertThatThrownBy(() -> connector.alterOffsets(TestConfigs.props(dir),
                Map.of(Map.of("file", "a.jsonl"), Map.of("position", 1L, "lines", 0L))))
                .hasMessageContaining("source partition must be {\"path\"");
        assertThatThrownBy(() -> connector.alterOffsets(TestConfigs.props(dir),
                Map.of(Map.of("path", "a.jsonl"), Map.of("position", 1.5, "lines", 0L))))
                .hasMessageContaining("'position' must be a whole number");
        assertThatThrownBy(() -> connector.alterOffsets(TestConfigs.props(dir),
                Map.of(Map.of("path", "a.jsonl"), Map.of("position", 1L, "lines", 0L, "line", 2L))))
                .hasMessageContaining("unknown key 'line'");
    }
}
