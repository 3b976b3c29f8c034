package io.tributary.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.common.data.JsonStructs;
import io.tributary.connect.common.data.SchemaSpec;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import org.apache.kafka.connect.data.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * connector-configs/pipelines/demo-avro/: the file source declares the event schema in compact form, the push
 * sources fetch event.avsc from the registry; both must give the same Connect schema, or the routed topics' subjects
 * would get a version per way in. And what the demo expects of the sources' schema, event by event.
 */
class DemoAvroPipelineTest {

    private static final Path ROOT = Path.of(System.getProperty("tributary.root", "../.."));
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"10-file-source.json", "without-redis/10-file-source.json"})
    void theFileSourcesDeclaredSchemaIsEventAvsc(String file) throws Exception {
        JsonNode config = JSON.readTree(ROOT.resolve("connector-configs/pipelines/demo-avro").resolve(file).toFile())
                .path("config");
        Schema declared = SchemaSpec.parse(config.path("output.schema").asText(), config.path("output.schema.name").asText());
        Schema avsc = JsonStructs.fromAvro(Files.readString(ROOT.resolve(Demo.EVENT_SCHEMA)));
        assertThat(declared).isEqualTo(avsc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"11-http-listener.json", "12-websocket-source.json", "without-redis/11-http-listener.json",
            "without-redis/12-websocket-source.json"})
    void thePushSourcesFetchTheEventSubject(String file) throws Exception {
        JsonNode config = JSON.readTree(ROOT.resolve("connector-configs/pipelines/demo-avro").resolve(file).toFile())
                .path("config");
        assertThat(config.path("output").asText()).isEqualTo("struct");
        assertThat(config.path("schema.subject").asText()).isEqualTo(Demo.EVENT_SUBJECT);
        assertThat(config.path("value.converter.apicurio.registry.headers.enabled").asText()).isEqualTo("false");
    }

    @Test
    void anEventWithoutARequiredFieldOrOfAnotherTypeDoesNotFitTheSourcesSchema() throws Exception {
        EventSchemaFit fit = EventSchemaFit.of(ROOT.resolve(Demo.EVENT_SCHEMA));
        String payment = "{\"event_id\":\"e\",\"event_type\":\"payment\",\"ts\":\"2026-01-01T00:00:00Z\","
                + "\"user_id\":\"u-000001\",\"amount\":12.5,\"currency\":\"EUR\"}";
        assertThat(fit.fits(bytes(payment))).isTrue();
        // The generator's invalid kinds: a time that is not ISO-8601 and a negative amount still fit (ValidateSchema's
        // to find); a missing user id does not (the source's).
        assertThat(fit.fits(bytes(payment.replace("2026-01-01T00:00:00Z", "yesterday")))).isTrue();
        assertThat(fit.fits(bytes(payment.replace("12.5", "-12.5")))).isTrue();
        assertThat(fit.fits(bytes(payment.replace(",\"user_id\":\"u-000001\"", "")))).isFalse();
        assertThat(fit.fits(bytes(payment.replace("12.5", "\"12.5\"")))).isFalse();
        assertThat(fit.fits(bytes(payment.replace("\"user_id\":\"u-000001\"", "\"user_id\":null")))).isFalse();
        assertThat(fit.fits(bytes(payment.substring(0, 40)))).isFalse();
    }

    /**
     * The generator's events, 200,000 of the demo's mix: every well-formed event that is not invalid fits event.avsc,
     * and of the invalid ones exactly those without a user id do not (a strictly negative number still fits).
     */
    @Test
    void generatedEventsFitTheSourcesSchemaUnlessTheirUserIdWasRemoved() throws Exception {
        EventSchemaFit fit = EventSchemaFit.of(ROOT.resolve(Demo.EVENT_SCHEMA));
        EventGenerator generator = new EventGenerator(new GeneratorSettings(200_000, 0, 0.02, 0.01, 0.005, 0.01, 0.05,
                1_000, 42L, null), Instant.parse("2026-01-01T00:00:00Z"));
        long misfits = 0;
        while (generator.hasNext()) {
            GeneratedEvent event = generator.next();
            if (event.quality() == Quality.MALFORMED) {
                continue;
            }
            boolean withUser = JSON.readTree(event.bytes()).has("user_id");
            assertThat(fit.fits(event.bytes())).as("%s %s", event.quality(), new String(event.bytes(),
                    StandardCharsets.UTF_8)).isEqualTo(event.quality() != Quality.INVALID || withUser);
            misfits += withUser ? 0 : 1;
        }
        assertThat(misfits).isGreaterThan(500);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
