package io.tributary.launcher.clickhouse;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cart-events tables.sql as the demo applies it: with table TTL from ClickHouse 19.6, without before. */
class ClickHouseDdlTest {

    private static String tablesSql() throws Exception {
        return Files.readString(Path.of(System.getProperty("tributary.root", "../.."),
                "connector-configs/pipelines/cart-events/clickhouse/tables.sql"));
    }

    @Test
    void tableTtlCameWithClickHouse19Point6() {
        assertThat(ClickHouseDdl.hasTableTtl("18.16.1")).isFalse();
        assertThat(ClickHouseDdl.hasTableTtl("19.5.4.22")).isFalse();
        assertThat(ClickHouseDdl.hasTableTtl("19.6.2.11")).isTrue();
        assertThat(ClickHouseDdl.hasTableTtl("24.8.4.13")).isTrue();
        assertThatThrownBy(() -> ClickHouseDdl.hasTableTtl("latest")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyTableKeepsEighteenMonthsByTtlOnNewServers() throws Exception {
        List<String> statements = ClickHouseDdl.statements(tablesSql(), true);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS tributary_cart_events");
        assertThat(statements.subList(1, 4)).allSatisfy(s -> assertThat(s)
                .containsPattern("PARTITION BY toYYYYMM\\(\\w+\\)")
                .containsPattern("\\nTTL \\w+ \\+ INTERVAL 18 MONTH$"));
        assertThat(statements).noneMatch(s -> s.contains("--"));
    }

    @Test
    void olderServersGetTheSameTablesWithoutTheirTtl() throws Exception {
        List<String> withTtl = ClickHouseDdl.statements(tablesSql(), true);
        List<String> without = ClickHouseDdl.statements(tablesSql(), false);
        assertThat(without).hasSize(withTtl.size()).noneMatch(s -> s.contains("TTL"));
        for (int i = 0; i < without.size(); i++) {
            assertThat(withTtl.get(i).replaceAll("\\nTTL [^\\n]*$", "")).isEqualTo(without.get(i));
        }
    }
}
