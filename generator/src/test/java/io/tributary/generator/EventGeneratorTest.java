package io.tributary.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventGeneratorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static List<GeneratedEvent> generate(GeneratorSettings settings) {
        List<GeneratedEvent> events = new ArrayList<>();
        new EventGenerator(settings, START).forEachRemaining(events::add);
        return events;
    }

    @Test
    void sameSeedGivesSameLines() {
        List<GeneratedEvent> a = generate(GeneratorSettings.defaults(2_000, 0));
        List<GeneratedEvent> b = generate(GeneratorSettings.defaults(2_000, 0));
        assertThat(a).hasSize(2_000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).bytes()).isEqualTo(b.get(i).bytes());
        }
    }

    @Test
    void wellFormedLinesAreJsonEventsWithTheCommonFields() throws Exception {
        for (GeneratedEvent event : generate(GeneratorSettings.defaults(3_000, 0))) {
            if (event.quality() == Quality.MALFORMED || event.quality() == Quality.INVALID) {
                continue;
            }
            JsonNode node = MAPPER.readTree(event.bytes());
            assertThat(node.get("event_id").asText()).isEqualTo(event.eventId());
            assertThat(node.get("user_id").asText()).isEqualTo(event.userId());
            assertThat(node.get("event_type").asText()).isEqualTo(event.eventType());
            assertThat(Instant.parse(node.get("ts").asText()).toEpochMilli()).isEqualTo(event.eventTimeMs());
            assertThat(event.bytes().length).isBetween(150, 300);
            assertThat(new String(event.bytes(), java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\n");
        }
    }

    @Test
    void malformedLinesDoNotParseAndCoverEveryKind() {
        List<GeneratedEvent> malformed = generate(GeneratorSettings.defaults(5_000, 0)).stream()
                .filter(e -> e.quality() == Quality.MALFORMED).toList();
        assertThat(malformed).hasSizeGreaterThan(30);
        for (GeneratedEvent event : malformed) {
            assertThatThrownBy(() -> MAPPER.readTree(event.bytes())).isInstanceOf(java.io.IOException.class);
            for (byte b : event.bytes()) {
                assertThat(b).isNotEqualTo((byte) '\n');
            }
        }
    }

    @Test
    void sharesAreRespectedWithinSamplingError() {
        List<GeneratedEvent> events = generate(GeneratorSettings.defaults(100_000, 0));
        Map<Quality, Integer> counts = new EnumMap<>(Quality.class);
        events.forEach(e -> counts.merge(e.quality(), 1, Integer::sum));
        assertThat(counts.get(Quality.MALFORMED)).isBetween(1_700, 2_300);
        assertThat(counts.get(Quality.DUPLICATE)).isBetween(800, 1_200);
        assertThat(counts.get(Quality.LATE)).isBetween(380, 620);
    }

    @Test
    void duplicatesRepeatAnEarlierEventExactlyAndOthersAreUnique() {
        List<GeneratedEvent> events = generate(GeneratorSettings.defaults(20_000, 0));
        Map<String, byte[]> seen = new java.util.HashMap<>();
        Set<String> unique = new HashSet<>();
        for (GeneratedEvent event : events) {
            if (event.quality() == Quality.DUPLICATE) {
                assertThat(seen).containsKey(event.eventId());
                assertThat(event.bytes()).isEqualTo(seen.get(event.eventId()));
            } else if (event.quality() != Quality.MALFORMED && event.quality() != Quality.INVALID) {
                assertThat(unique.add(event.eventId())).as("event id %s is new", event.eventId()).isTrue();
                seen.put(event.eventId(), event.bytes());
            }
        }
    }

    @Test
    void lateEventsAreAtLeastTenMinutesBehindTheClock() {
        List<GeneratedEvent> events = generate(GeneratorSettings.defaults(20_000, 0));
        long maxSoFar = Long.MIN_VALUE;
        for (GeneratedEvent event : events) {
            if (event.quality() == Quality.LATE) {
                assertThat(maxSoFar - event.eventTimeMs()).isGreaterThanOrEqualTo(600_000L - 2 * 20_000L);
            }
            if (event.quality() == Quality.VALID) {
                maxSoFar = Math.max(maxSoFar, event.eventTimeMs());
            }
        }
    }

    @Test
    void invalidEventsAreWellFormedJsonThatBreaksTheSchemaInEachWay() throws Exception {
        List<GeneratedEvent> invalid = generate(GeneratorSettings.defaults(30_000, 0)).stream()
                .filter(e -> e.quality() == Quality.INVALID).toList();
        assertThat(invalid).hasSizeBetween(200, 400);
        int noUser = 0;
        int badTime = 0;
        int negative = 0;
        for (GeneratedEvent event : invalid) {
            JsonNode node = MAPPER.readTree(event.bytes());
            if (!node.has("user_id")) {
                noUser++;
            } else if (node.get("ts").asText().equals("yesterday")) {
                badTime++;
            } else {
                assertThat(node.path("amount").asDouble(0) < 0 || node.path("price").asDouble(0) < 0
                        || node.path("battery").asDouble(0) < 0 || node.path("amount").asText().equals("-0.0")
                        || node.path("price").asText().equals("-0.0") || node.path("battery").asText().equals("-0.0"))
                        .as(new String(event.bytes())).isTrue();
                negative++;
            }
        }
        assertThat(noUser).isPositive();
        assertThat(badTime).isPositive();
        assertThat(negative).isPositive();
    }

    @Test
    void cleanSettingsMakeOnlyValidUniqueEvents() {
        List<GeneratedEvent> events = generate(GeneratorSettings.clean(10_000, 7));
        assertThat(events).allMatch(e -> e.quality() == Quality.VALID);
        assertThat(events.stream().map(GeneratedEvent::eventId).distinct().count()).isEqualTo(10_000);
    }
}
