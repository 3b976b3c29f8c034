package io.tributary.launcher.clickhouse;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which month partitions the retention drops: those whose whole month lies before today minus the months kept. */
class ClickHouseRetentionTest {

    @Test
    void theOldestMonthKeptHoldsTheCutoff() {
        assertThat(ClickHouseRetention.oldestKept(LocalDate.of(2026, 12, 7), 18)).isEqualTo(YearMonth.of(2025, 6));
        assertThat(ClickHouseRetention.oldestKept(LocalDate.of(2026, 3, 31), 18)).isEqualTo(YearMonth.of(2024, 9));
        assertThat(ClickHouseRetention.oldestKept(LocalDate.of(2026, 1, 1), 1)).isEqualTo(YearMonth.of(2025, 12));
    }

    @Test
    void onlyMonthsWhollyBeforeTheCutoffExpire() {
        YearMonth kept = ClickHouseRetention.oldestKept(LocalDate.of(2026, 12, 7), 18);
        assertThat(ClickHouseRetention.expired("202505", kept)).as("19 months old").isTrue();
        assertThat(ClickHouseRetention.expired("202412", kept)).isTrue();
        assertThat(ClickHouseRetention.expired("202506", kept)).as("holds rows younger than 18 months").isFalse();
        assertThat(ClickHouseRetention.expired("202507", kept)).as("17 months old").isFalse();
        assertThat(ClickHouseRetention.expired("202612", kept)).isFalse();
    }

    @Test
    void aPartitionThatIsNotAMonthIsRefused() {
        assertThatThrownBy(() -> ClickHouseRetention.expired("2025-05-01", YearMonth.of(2025, 6)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a toYYYYMM value");
    }
}
