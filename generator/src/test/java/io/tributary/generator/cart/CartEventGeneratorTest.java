package io.tributary.generator.cart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cart events: what the generator calls invalid breaks connector-configs/schemas/cart-event.schema.json and every
 * other well-formed event satisfies it (the networknt validator ValidateSchema uses), repeats are byte-identical,
 * malformed lines are not JSON objects. The cart-events demo counts on each.
 */
class CartEventGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static Schema schema;

    @BeforeAll
    static void readSchema() throws Exception {
        String text = Files.readString(Path.of(System.getProperty("tributary.root", ".."),
                "connector-configs/schemas/cart-event.schema.json"));
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
    }

    private static List<GeneratedEvent> generate(GeneratorSettings settings, int stores) {
        CartEventGenerator generator = new CartEventGenerator(settings, stores, START);
        List<GeneratedEvent> events = new ArrayList<>();
        generator.forEachRemaining(events::add);
        return events;
    }

    /** The demo's mix (2% malformed, 1% repeats, 1% invalid), and a fifth invalid with other seeds. */
    @ParameterizedTest
    @ValueSource(longs = {42L, 7L, 2026L})
    void invalidEventsAndOnlyThoseBreakTheSchema(long seed) throws Exception {
        for (GeneratorSettings settings : List.of(
                new GeneratorSettings(50_000, 0, 0.02, 0.01, 0, 0.01, 0, 1_000, seed, null),
                new GeneratorSettings(50_000, 0, 0, 0.01, 0.005, 0.2, 0.05, 1_000, seed, null))) {
            long invalid = 0;
            for (GeneratedEvent event : generate(settings, 50)) {
                if (event.quality() == Quality.MALFORMED) {
                    continue;
                }
                JsonNode node = MAPPER.readTree(event.bytes());
                boolean passes = schema.validate(node).isEmpty();
                if (event.quality() == Quality.INVALID) {
                    invalid++;
                    assertThat(passes).as("invalid event passes the schema: %s", node).isFalse();
                } else {
                    assertThat(passes).as("%s event fails: %s %s", event.quality(), node, schema.validate(node)).isTrue();
                    assertThat(node.get("eventId").asText()).isEqualTo(event.eventId());
                    assertThat(node.get("userId").asText()).isEqualTo(event.userId());
                }
            }
            assertThat(invalid).isGreaterThan((long) (settings.invalidShare() * settings.events() * 0.8));
        }
    }

    @Test
    void repeatsAreByteIdenticalAndMalformedLinesAreNotJsonObjectsYetNameTheirEvent() throws Exception {
        List<GeneratedEvent> events = generate(new GeneratorSettings(30_000, 0, 0.05, 0.05, 0, 0.01, 0, 100, 1L, null), 10);
        Map<Quality, Integer> counts = new EnumMap<>(Quality.class);
        Map<String, byte[]> firstById = new HashMap<>();
        int mutations = 0;
        for (GeneratedEvent event : events) {
            counts.merge(event.quality(), 1, Integer::sum);
            if (event.quality() == Quality.VALID) {
                firstById.put(event.eventId(), event.bytes());
            } else if (event.quality() == Quality.DUPLICATE) {
                assertThat(event.bytes()).isEqualTo(firstById.get(event.eventId()));
            } else if (event.quality() == Quality.MALFORMED) {
                mutations++;
                assertThat(new String(event.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .contains(event.eventId());
                assertThatThrownBy(() -> {
                    JsonNode node = MAPPER.readTree(event.bytes());
                    if (node == null || !node.isObject()) {
                        throw new IllegalStateException("not an object");
                    }
                }).as("malformed line parses: %s", new String(event.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .isInstanceOf(Exception.class);
            }
        }
        assertThat(counts.get(Quality.DUPLICATE)).isGreaterThan(1_000);
        assertThat(mutations).isGreaterThan(1_000);
    }

    @Test
    void storesAreTheAskedNumberAndBulkCheckoutsHappen() throws Exception {
        List<GeneratedEvent> events = generate(GeneratorSettings.clean(20_000, 3L), 7);
        java.util.Set<String> stores = new java.util.TreeSet<>();
        int bulk = 0;
        for (GeneratedEvent event : events) {
            JsonNode node = MAPPER.readTree(event.bytes());
            stores.add(node.get("storeId").asText());
            assertThat(node.fieldNames()).toIterable().containsExactlyElementsOf(CartEventGenerator.FIELDS);
            if (node.get("type").asText().equals("checkout") && node.get("quantity").asInt() >= 10) {
                bulk++;
            }
        }
        assertThat(stores).containsExactly("s-000", "s-001", "s-002", "s-003", "s-004", "s-005", "s-006");
        assertThat(bulk).isGreaterThan(100);
        assertThatThrownBy(() -> new CartEventGenerator(GeneratorSettings.clean(1, 1L), 1_001, START))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
