package io.tributary.launcher;

import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    @Test
    void keepsEveryGeneratedIdInOrder() {
        EventIds ids = new EventIds();
        List<String> sent = new ArrayList<>();
        new EventGenerator(GeneratorSettings.defaults(5_000, 0), Instant.parse("2026-01-01T00:00:00Z"))
                .forEachRemaining(e -> {
                    ids.add(e.eventId());
                    sent.add(e.eventId());
                });
        assertThat(ids).containsExactlyElementsOf(sent);
    }

    @Test
    void findsTheIdInEveryLineTheGeneratorMakesMalformedOrInvalidIncluded() {
        new EventGenerator(GeneratorSettings.defaults(20_000, 0), Instant.parse("2026-01-01T00:00:00Z"))
                .forEachRemaining((GeneratedEvent e) ->
                        assertThat(EventIds.find(e.bytes())).as("%s line %s", e.quality(),
                                new String(e.bytes(), StandardCharsets.UTF_8)).isEqualTo(e.eventId()));
    }

    @Test
    void findsTheIdInsideBinaryValuesAndNothingWhereThereIsNone() {
        String id = "2afbfdc6-bac0-4831-8cab-cb452ce92b25";
        byte[] avroLike = new byte[1 + 5 + 1 + 36 + 2];
        avroLike[0] = 0; // a framing byte
        System.arraycopy(new byte[] {0, 0, 0, 0, 7}, 0, avroLike, 1, 5);
        avroLike[6] = 72; // Avro's zig-zag length of a 36-byte string
        System.arraycopy(id.getBytes(StandardCharsets.US_ASCII), 0, avroLike, 7, 36);
        assertThat(EventIds.find(avroLike)).isEqualTo(id);
        assertThat(EventIds.find("{\"session_id\":\"s-1f2e3d4c\",\"transaction_id\":\"t-7a8b9c\"}"
                .getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(EventIds.find(id.substring(0, 35).getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(EventIds.find(null)).isNull();
    }
}
