package io.tributary.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class UnreconciledTest {

    @Test
    void printsTheFirstTwentyIdsOfEachKindAndWritesThemAllToTheLinesFile(@TempDir Path dir) throws Exception {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add(String.format("id-%02d", i));
        }
        List<String> found = new ArrayList<>(expected.subList(25, 30));
        found.add("stray");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        new Unreconciled(dir, new PrintStream(printed, true, StandardCharsets.UTF_8), Map.of())
                .report("events-invalid", expected, found);

        String text = printed.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("events-invalid: 25 expected and missing, 1 there unexpectedly")
                .contains("id-00").contains("id-19").doesNotContain("id-20").contains("and 5 more").contains("stray");
        List<String> file = Files.readAllLines(dir.resolve("unreconciled-events-invalid.txt"));
        assertThat(file).hasSize(1 + 25 + 1);
        assertThat(file.get(1)).isEqualTo("missing id-00");
        assertThat(file.get(25)).isEqualTo("missing id-24");
        assertThat(file.get(26)).isEqualTo("unexpected stray");
    }

    @Test
    void aLineNameBecomesAFileName() {
        assertThat(Unreconciled.fileName("events-iot")).isEqualTo("events-iot");
        assertThat(Unreconciled.fileName("clickhouse-per_type_1m")).isEqualTo("clickhouse-per-type-1m");
        assertThat(Unreconciled.fileName("Output files")).isEqualTo("output-files");
    }
}
