package io.tributary.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the generator calls invalid breaks connector-configs/schemas/event.schema.json, and what it calls valid (or
 * late, or a duplicate) satisfies it, checked with the networknt validator ValidateSchema uses. The demo counts on it:
 * each invalid event is expected in events-invalid, each other well-formed one routed.
 */
class InvalidEventsBreakTheSchemaTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static Schema schema;

    @BeforeAll
    static void readSchema() throws Exception {
        String text = Files.readString(Path.of(System.getProperty("tributary.root", ".."),
                "connector-configs/schemas/event.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    }

    /** The demo's own mix and seed, 200,000 events. */
    @Test
    void theDemosEventsAreInvalidExactlyWhenTheGeneratorSaysSo() throws Exception {
        long[] checked = check(new GeneratorSettings(200_000, 0, 0.02, 0.01, 0.005, 0.01, 0.05, 1_000, 42L, null));
        assertThat(checked[1]).as("invalid events checked").isGreaterThan(1_800);
    }

    /** A fifth invalid, so every mutation meets many values, zeros among them (a price, amount or battery of 0). */
    @ParameterizedTest
    @ValueSource(longs = {1L, 7L, 2026L})
    void manyInvalidEventsOfOtherSeedsAllBreakTheSchema(long seed) throws Exception {
        long[] checked = check(new GeneratorSettings(100_000, 0, 0, 0.01, 0.005, 0.2, 0.05, 1_000, seed,
                EnumSet.allOf(Scenario.class)));
        assertThat(checked[1]).as("invalid events checked").isGreaterThan(19_000);
    }

    @Test
    void aZeroIsMadeStrictlyNegativeNotNegativeZero() throws Exception {
        for (String zero : new String[] {"0.0", "-0.0", "0"}) {
            String broken = EventGenerator.negated("{\"event_id\":\"x\",\"battery\":" + zero + ",\"firmware\":\"1.0.0\"}");
            double battery = MAPPER.readTree(broken).get("battery").asDouble();
            assertThat(battery).as("from %s", zero).isLessThan(0.0);
        }
        assertThat(EventGenerator.negated("{\"amount\":123.45,\"currency\":\"EUR\"}"))
                .isEqualTo("{\"amount\":-123.45,\"currency\":\"EUR\"}");
    }

    @Test
    void moreUsersThanSixDigitIdsAreRefused() {
        assertThatThrownBy(() -> new GeneratorSettings(1, 0, 0, 0, 0, 0, 0, GeneratorSettings.MAX_USERS + 1, 1L, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users");
    }

    /** Returns {well-formed events checked, of which invalid}. */
    private static long[] check(GeneratorSettings settings) throws Exception {
        EventGenerator generator = new EventGenerator(settings, START);
        long wellFormed = 0;
        long invalid = 0;
        while (generator.hasNext()) {
            GeneratedEvent event = generator.next();
            if (event.quality() == Quality.MALFORMED) {
                continue;
            }
            JsonNode node = MAPPER.readTree(event.bytes());
            boolean passes = schema.validate(node).isEmpty();
            if (event.quality() == Quality.INVALID) {
                assertThat(passes).as("invalid event passes the schema: %s", node).isFalse();
                invalid++;
            } else {
                assertThat(passes).as("%s event fails the schema: %s %s", event.quality(), node, schema.validate(node))
                        .isTrue();
            }
            wellFormed++;
        }
        return new long[] {wellFormed, invalid};
    }
}
