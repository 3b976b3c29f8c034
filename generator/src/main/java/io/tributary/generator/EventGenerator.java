package io.tributary.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes realistic event lines: clickstream, IoT readings and payments as JSON objects of about 200 bytes, keyed
 * by user, with an event time ({@code ts}, ISO-8601), some out of order, some late, some repeated and some
 * malformed, in the shares the settings ask for. Deterministic for a seed and a start time.
 *
 * <p>Every event has {@code event_id}, {@code event_type}, {@code ts} and {@code user_id}; the rest depends on
 * the scenario. Not thread-safe: one generator per producing thread.
 */
public final class EventGenerator extends EventMix {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] CLICK_TYPES = {"page_view", "page_view", "page_view", "click", "add_to_cart",
        "purchase"};
    private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
    private static final String[] REFERRERS = {"direct", "search", "social", "email", "partner"};
    private static final String[] SENSORS = {"temperature", "humidity", "pressure"};
    private static final String[] UNITS = {"C", "%", "hPa"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP", "NL"};
    private static final String[] STATUSES = {"approved", "approved", "approved", "declined"};
    /** The number an invalid event makes negative: every scenario has one of these. */
    private static final Pattern NEGATABLE = Pattern.compile("\"(amount|price|battery)\":(-?[0-9.Ee+-]+)");

    private final Scenario[] scenarios;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private int malformedKind;
    private int invalidKind;

    public EventGenerator(GeneratorSettings settings, Instant start) {
        super(settings, start);
        this.scenarios = settings.scenarios().stream().sorted().toArray(Scenario[]::new);
    }

    @Override
    protected GeneratedEvent fresh(Quality quality, long eventTimeMs) {
        Scenario scenario = scenarios[random.nextInt(scenarios.length)];
        String eventId = uuid();
        String userId = String.format("u-%06d", random.nextInt(settings.users()));
        buffer.reset();
        String eventType;
        try (JsonGenerator gen = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeStringField("event_id", eventId);
            switch (scenario) {
                case CLICKSTREAM:
                    eventType = CLICK_TYPES[random.nextInt(CLICK_TYPES.length)];
                    common(gen, eventType, eventTimeMs, userId);
                    gen.writeStringField("session_id", "s-" + Long.toHexString(random.nextLong() & 0xffffffffL));
                    gen.writeStringField("device", DEVICES[random.nextInt(DEVICES.length)]);
                    gen.writeStringField("page", "/products/" + random.nextInt(5_000));
                    gen.writeStringField("referrer", REFERRERS[random.nextInt(REFERRERS.length)]);
                    gen.writeNumberField("price", Math.round(random.nextDouble() * 20_000) / 100.0);
                    break;
                case IOT:
                    eventType = "sensor_reading";
                    common(gen, eventType, eventTimeMs, userId);
                    int sensor = random.nextInt(SENSORS.length);
                    gen.writeStringField("device_id", String.format("d-%05d", random.nextInt(20_000)));
                    gen.writeStringField("sensor", SENSORS[sensor]);
                    gen.writeNumberField("value", Math.round(random.nextGaussian() * 1_000) / 100.0 + 20);
                    gen.writeStringField("unit", UNITS[sensor]);
                    gen.writeNumberField("battery", Math.round(random.nextDouble() * 100) / 100.0);
                    gen.writeStringField("firmware", "1." + random.nextInt(6) + "." + random.nextInt(10));
                    break;
                case PAYMENTS:
                default:
                    eventType = "payment";
                    common(gen, eventType, eventTimeMs, userId);
                    gen.writeStringField("transaction_id", "t-" + Long.toHexString(random.nextLong()));
                    gen.writeNumberField("amount", Math.round(random.nextDouble() * 50_000) / 100.0);
                    gen.writeStringField("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
                    gen.writeStringField("merchant", String.format("m-%03d", random.nextInt(500)));
                    gen.writeStringField("card_last4", String.format("%04d", random.nextInt(10_000)));
                    gen.writeStringField("status", STATUSES[random.nextInt(STATUSES.length)]);
                    gen.writeStringField("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
                    break;
            }
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratedEvent(buffer.toByteArray(), quality, scenario, eventId, userId, eventType, eventTimeMs);
    }

    private static void common(JsonGenerator gen, String eventType, long eventTimeMs, String userId)
            throws IOException {
        gen.writeStringField("event_type", eventType);
        gen.writeStringField("ts", Instant.ofEpochMilli(eventTimeMs).toString());
        gen.writeStringField("user_id", userId);
    }

    /**
     * Breaks the event schema in one of three ways, in turn, keeping the JSON well-formed: the user id removed, the
     * time replaced by text that is not ISO-8601, or the amount (or price, or battery) made strictly negative.
     * Each breaks connector-configs/schemas/event.schema.json whatever the event's values (EventGeneratorTest checks
     * every one against the schema).
     */
    @Override
    protected GeneratedEvent invalid(GeneratedEvent base) {
        String json = new String(base.bytes(), StandardCharsets.UTF_8);
        String broken;
        switch (invalidKind++ % 3) {
            case 0:
                broken = json.replaceFirst(",\\\"user_id\\\":\\\"u-\\d+\\\"", "");
                break;
            case 1:
                broken = json.replaceFirst("\\\"ts\\\":\\\"[^\\\"]+\\\"", "\\\"ts\\\":\\\"yesterday\\\"");
                break;
            default:
                broken = negated(json);
                break;
        }
        if (broken.equals(json)) {
            throw new IllegalStateException("an invalid mutation left event " + base.eventId() + " unchanged");
        }
        return new GeneratedEvent(broken.getBytes(StandardCharsets.UTF_8), Quality.INVALID, base.scenario(),
                base.eventId(), base.userId(), base.eventType(), base.eventTimeMs());
    }

    /**
     * The scenario's amount, price or battery reading made strictly negative, so that it breaks {@code minimum: 0}.
     * A zero reading becomes -0.01, not {@code -0.0}: negative zero equals zero and satisfies the minimum.
     */
    static String negated(String json) {
        Matcher number = NEGATABLE.matcher(json);
        if (!number.find()) {
            throw new IllegalStateException("no amount, price or battery in a generated event");
        }
        double value = Math.abs(Double.parseDouble(number.group(2)));
        double negative = value > 0 ? -value : -0.01;
        return json.substring(0, number.start(2)) + negative + json.substring(number.end(2));
    }

    /** Damages a valid line in one of three ways, in turn, so every kind is represented in any sizeable run. */
    @Override
    protected GeneratedEvent malformed(GeneratedEvent base) {
        byte[] good = base.bytes();
        byte[] bad;
        switch (malformedKind++ % 3) {
            case 0:
                // Truncated mid-object, as a crashed writer leaves it.
                bad = java.util.Arrays.copyOf(good, good.length / 2);
                break;
            case 1:
                bad = ("ERROR " + base.eventId() + " upstream timeout").getBytes(StandardCharsets.UTF_8);
                break;
            default:
                // Valid JSON structure with an invalid UTF-8 sequence (0xC3 0x28) inside a string.
                bad = good.clone();
                int quote = indexOf(bad, (byte) 'u', 10);
                bad[quote] = (byte) 0xC3;
                bad[quote + 1] = (byte) 0x28;
                break;
        }
        return new GeneratedEvent(bad, Quality.MALFORMED, base.scenario(), base.eventId(), base.userId(),
                base.eventType(), base.eventTimeMs());
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == wanted && bytes[i - 1] == '"') {
                return i;
            }
        }
        return from;
    }
}
