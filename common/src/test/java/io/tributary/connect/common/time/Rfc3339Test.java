package io.tributary.connect.common.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339Test {

    @Test
    void readsTheUsualFormsAsJavaTimeDoes() {
        for (String text : new String[] {"2026-11-23T10:15:30Z", "2026-11-23T10:15:30.1Z", "2026-11-23T10:15:30.123Z",
                "2026-11-23T10:15:30.123456789Z", "2026-11-23T10:15:30+01:00", "2026-11-23T10:15:30.5-05:30",
                "1969-12-31T23:59:59.999Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999+14:00",
                "2024-02-29T12:00:00Z", "2000-02-29T00:00:00Z", "1900-03-01T00:00:00Z"}) {
            assertThat(Rfc3339.epochMillis(text)).as(text)
                    .isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
        }
    }

    @Test
    void agreesWithJavaTimeOnRandomInstantsAndOffsets() {
        Random random = new Random(3);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX");
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L + 86_400, 253_402_300_799L - 86_400);
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000) / 1_000 * 1_000);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(28 * 4) - 14 * 4) * 900);
            String text = format.format(instant.atOffset(offset));
            long expected = instant.toEpochMilli();
            if (text.endsWith("-00:00")) {
                continue;
            }
            assertThat(Rfc3339.epochMillis(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void declinesWhatItDoesNotRead() {
        for (String text : new String[] {"2026-11-23 10:15:30Z", "2026-11-23t10:15:30Z", "2026-11-23T10:15:30z",
                "2026-11-23T10:15:30", "2026-11-23T10:15Z", "2026-02-29T10:15:30Z", "2026-04-31T10:15:30Z",
                "2026-13-01T10:15:30Z", "2026-00-01T10:15:30Z", "2026-11-00T10:15:30Z", "2026-11-23T24:00:00Z",
                "2026-11-23T10:60:00Z", "2026-11-23T10:15:60Z", "2026-11-23T10:15:30.Z", "2026-11-23T10:15:30.1234567890Z",
                "2026-11-23T10:15:30+15:00", "2026-11-23T10:15:30-00:00", "2026-11-23T10:15:30+0100",
                "0000-01-01T00:00:00Z", "+2026-11-23T10:15:30Z", "2026-11-23T10:15:30Zjunk", "2026-1a-23T10:15:30Z",
                "1900-02-29T00:00:00Z", "2026-11-23T1a:15:30Z", ""}) {
            assertThat(Rfc3339.epochMillis(text)).as(text).isEqualTo(Rfc3339.INVALID);
        }
    }

    @Test
    void checksDates() {
        assertThat(Rfc3339.isDate("2024-02-29")).isTrue();
        assertThat(Rfc3339.isDate("2026-11-23")).isTrue();
        assertThat(Rfc3339.isDate("2023-02-29")).isFalse();
        assertThat(Rfc3339.isDate("2026-11-23T")).isFalse();
        assertThat(Rfc3339.isDate("2026-1-23")).isFalse();
    }
}
