package io.tributary.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdDiffTest {

    @Test
    void sameIdsInAnotherOrderAgree() {
        assertThat(EventIdDiff.of(List.of("a", "b", "c"), List.of("c", "a", "b")).isEmpty()).isTrue();
    }

    @Test
    void namesTheIdsMissingAndThoseThereUnexpectedly() {
        EventIdDiff diff = EventIdDiff.of(List.of("a", "b", "c", "d"), List.of("d", "x", "b"));
        assertThat(diff.missing()).containsExactly("a", "c");
        assertThat(diff.unexpected()).containsExactly("x");
    }

    @Test
    void countsRepeatsAsOftenAsTheyAreExpected() {
        // "a" and its repeat expected; one arrived. "b" expected once, arrived three times.
        EventIdDiff diff = EventIdDiff.of(List.of("a", "a", "b"), List.of("a", "b", "b", "b"));
        assertThat(diff.missing()).containsExactly("a");
        assertThat(diff.unexpected()).containsExactly("b", "b");
    }

    @Test
    void nothingExpectedMakesEverythingFoundUnexpected() {
        EventIdDiff diff = EventIdDiff.of(List.of(), List.of("r1", "r2"));
        assertThat(diff.missing()).isEmpty();
        assertThat(diff.unexpected()).containsExactly("r1", "r2");
    }
}
