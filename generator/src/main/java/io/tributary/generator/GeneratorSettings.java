package io.tributary.generator;

import java.util.EnumSet;
import java.util.Set;

/**
 * What to generate. Shares are fractions of all lines: with 100,000 events and a malformed share of 0.02, about
 * 2,000 lines are malformed. The same seed gives the same lines.
 *
 * @param events          how many lines in all
 * @param ratePerSecond   lines per second; 0 or less means as fast as possible
 * @param malformedShare  share of lines that are not valid JSON events
 * @param duplicateShare  share of lines repeating an earlier valid event
 * @param lateShare       share of events whose event time is 10–30 minutes in the past
 * @param invalidShare    share of well-formed events that break the event schema
 * @param outOfOrderShare share of events whose event time is up to a minute behind the previous one
 * @param users           distinct user ids (keys for enrichment and aggregation)
 */
public record GeneratorSettings(long events, double ratePerSecond, double malformedShare, double duplicateShare,
                                double lateShare, double invalidShare, double outOfOrderShare, int users, long seed,
                                Set<Scenario> scenarios) {

    /** User ids are {@code u-} and six digits (connector-configs/schemas/event.schema.json). */
    public static final int MAX_USERS = 1_000_000;

    public GeneratorSettings {
        if (events < 0) {
            throw new IllegalArgumentException("events must be >= 0");
        }
        for (double share : new double[] {malformedShare, duplicateShare, lateShare, invalidShare, outOfOrderShare}) {
            if (share < 0 || share > 1) {
                throw new IllegalArgumentException("shares must be between 0 and 1");
            }
        }
        if (malformedShare + duplicateShare + lateShare + invalidShare > 1) {
            throw new IllegalArgumentException("malformed + duplicate + late + invalid shares exceed 1");
        }
        if (users < 1 || users > MAX_USERS) {
            // User ids are u-NNNNNN: the event schema's user_id pattern allows six digits, so more users would make
            // "valid" events that the schema refuses.
            throw new IllegalArgumentException("users must be between 1 and " + MAX_USERS);
        }
        if (scenarios == null || scenarios.isEmpty()) {
            scenarios = EnumSet.allOf(Scenario.class);
        }
        scenarios = Set.copyOf(scenarios);
    }

    /** The demo's mix: all scenarios, 2% malformed, 1% duplicates, 0.5% late, 1% invalid, 5% out of order. */
    public static GeneratorSettings defaults(long events, double ratePerSecond) {
        return new GeneratorSettings(events, ratePerSecond, 0.02, 0.01, 0.005, 0.01, 0.05, 1_000, 42L,
                EnumSet.allOf(Scenario.class));
    }

    /** Only valid, unique, on-time events: for benchmarks and tests that count exactly. */
    public static GeneratorSettings clean(long events, long seed) {
        return new GeneratorSettings(events, 0, 0, 0, 0, 0, 0, 1_000, seed, EnumSet.allOf(Scenario.class));
    }
}
