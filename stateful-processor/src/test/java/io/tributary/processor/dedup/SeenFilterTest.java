package io.tributary.processor.dedup;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeenFilterTest {

    private static final long HOUR = 3_600_000;

    @Test
    void anIdAddedIsFoundFromAnyTimeWithinTheRetentionAndSpansExpire() {
        SeenFilter filter = new SeenFilter(HOUR);
        filter.add("a", 10 * HOUR + 5);
        for (long t : new long[] {9 * HOUR + 6, 10 * HOUR, 10 * HOUR + 5, 11 * HOUR, 11 * HOUR + 4}) {
            assertThat(filter.mayHave("a", t)).as("at " + t).isTrue();
        }
        assertThat(filter.mayHave("b", 10 * HOUR)).as("a Bloom filter of one id rejects another").isFalse();
        assertThat(filter.mayHave("a", 13 * HOUR)).as("beyond the spans that can hold it").isFalse();
        filter.add("c", 14 * HOUR);
        filter.expireBefore(12 * HOUR);
        assertThat(filter.spans()).isEqualTo(1);
        assertThat(filter.mayHave("c", 14 * HOUR)).isTrue();
    }

    @Test
    void manyIdsAreAllFoundAndFewStrangersPass() {
        SeenFilter filter = new SeenFilter(HOUR);
        for (int i = 0; i < 100_000; i++) {
            filter.add("id-" + i, i);
        }
        int strangers = 0;
        for (int i = 0; i < 100_000; i++) {
            assertThat(filter.mayHave("id-" + i, i)).isTrue();
            strangers += filter.mayHave("other-" + i, i) ? 1 : 0;
        }
        assertThat(strangers).as("false positives, 1% targeted").isLessThan(2_000);
    }
}
