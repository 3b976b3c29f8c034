package io.tributary.processor.status;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SampleHistoryTest {

    @Test
    void noRateFromOneSample() {
        SampleHistory h = new SampleHistory(Duration.ofMinutes(6));
        h.add(0, Map.of("c", 5.0));
        assertThat(h.rate("c", Duration.ofMinutes(1))).isNull();
    }

    @Test
    void aWindowUsesTheOldestSampleWithinIt() {
        SampleHistory h = new SampleHistory(Duration.ofMinutes(6));
        h.add(0, Map.of("c", 0.0));
        h.add(200_000, Map.of("c", 1_000.0));
        h.add(250_000, Map.of("c", 1_500.0));
        h.add(260_000, Map.of("c", 1_700.0));
        // 1 minute: from 200 s (the oldest within 60 s of 260 s) = 700 records over 60 s.
        assertThat(h.rate("c", Duration.ofMinutes(1)).perSecond()).isCloseTo(700 / 60.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(h.rate("c", Duration.ofMinutes(1)).spanSeconds()).isEqualTo(60.0);
        // 5 minutes: from 0 s.
        assertThat(h.rate("c", Duration.ofMinutes(5)).perSecond()).isCloseTo(1_700 / 260.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aCounterThatWentDownHasNoRate() {
        SampleHistory h = new SampleHistory(Duration.ofMinutes(6));
        h.add(0, Map.of("c", 100.0));
        h.add(10_000, Map.of("c", 3.0));
        assertThat(h.rate("c", Duration.ofMinutes(1))).isNull();
    }

    @Test
    void samplesOlderThanKeptAreForgotten() {
        SampleHistory h = new SampleHistory(Duration.ofSeconds(30));
        for (int i = 0; i <= 10; i++) {
            h.add(i * 10_000L, Map.of("c", i * 10.0));
        }
        assertThat(h.size()).isEqualTo(4);
        assertThat(h.rate("c", Duration.ofMinutes(5)).spanSeconds()).isEqualTo(30.0);
    }

    @Test
    void aSampleNotNewerThanTheLastIsIgnored() {
        SampleHistory h = new SampleHistory(Duration.ofMinutes(6));
        h.add(10_000, Map.of("c", 1.0));
        h.add(10_000, Map.of("c", 2.0));
        assertThat(h.size()).isEqualTo(1);
    }
}
