package io.tributary.launcher;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's wait for the pipeline to finish, on a clock the test moves: it waits while anything moves. */
class DemoWaitTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    private long now = 1_000_000_000L;

    @Test
    void theBoundGrowsWithTheNumberOfEvents() {
        assertThat(Demo.Wait.limit(20_000)).isEqualTo(Duration.ofSeconds(120));
        assertThat(Demo.Wait.limit(100_000)).isEqualTo(Duration.ofSeconds(120));
        assertThat(Demo.Wait.limit(1_000_000)).isEqualTo(Duration.ofSeconds(1_020));
    }

    @Test
    void keepsWaitingWhileAStageMovesAndGivesUpWhenNothingMovedForTwoMinutes() {
        Demo.Wait wait = new Demo.Wait(1_000_000, out, () -> now);
        long unique = 0;
        // Five minutes of a processor catching up slowly: never given up, a line every five seconds.
        for (int second = 1; second <= 300; second++) {
            now += 1_000_000_000L;
            unique += 1_000;
            assertThat(wait.observe(stages(unique))).as("second %d", second).isNull();
        }
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(60);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("  waiting 300.0 s: unique 300,000/960,000\n")
                .doesNotContain("payments");
        // Then nothing moves: still waiting at 120 s, given up after.
        for (int second = 1; second <= 120; second++) {
            now += 1_000_000_000L;
            assertThat(wait.observe(stages(unique))).isNull();
        }
        now += 1_000_000_000L;
        assertThat(wait.observe(stages(unique))).isEqualTo("Nothing moved for 120 s; giving up waiting.");
    }

    @Test
    void givesUpAtTheBoundEvenWhileMoving() {
        Demo.Wait wait = new Demo.Wait(20_000, out, () -> now);
        long unique = 0;
        for (int second = 1; second <= 120; second++) {
            now += 1_000_000_000L;
            assertThat(wait.observe(stages(++unique))).isNull();
        }
        now += 1_000_000_000L;
        assertThat(wait.observe(stages(++unique))).startsWith("Still short after 120 s");
    }

    private static List<Demo.Stage> stages(long unique) {
        return List.of(new Demo.Stage("payments", 320_000, 320_000), new Demo.Stage("unique", unique, 960_000));
    }
}
