package io.tributary.generator.cart;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.generator.EventMix;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import io.tributary.generator.Scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Shoppers' cart events in stores, for the cart-events pipeline: {@code eventId} (a UUID), {@code userId}
 * ({@code u-} and six digits), {@code storeId} ({@code s-} and three digits, one of {@code stores}), {@code type}
 * (view, add, remove, checkout), {@code sku}, {@code quantity} (1 to 5; a checkout now and then 10 to 20),
 * {@code price}, {@code currency} and {@code ts} (ISO-8601), about 190 bytes of JSON. Repeats, late and out-of-order
 * events, events that break connector-configs/schemas/cart-event.schema.json and malformed lines come in the shares
 * of the {@link GeneratorSettings}, rolled as for every generator ({@link EventMix}); its scenarios do not apply:
 * every event is a {@link Scenario#CLICKSTREAM} one. Deterministic for a seed and a start time; not thread-safe.
 */
public final class CartEventGenerator extends EventMix {

    /** The field names, in the order they are written: the event id comes first. */
    public static final List<String> FIELDS = List.of("eventId", "userId", "storeId", "type", "sku", "quantity", "price",
            "currency", "ts");
    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] TYPES = {"view", "view", "view", "view", "add", "add", "add", "remove", "checkout",
        "checkout"};
    private static final String[] CURRENCIES = {"EUR", "EUR", "USD", "GBP"};

    private final int stores;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private int invalidKind;
    private int malformedKind;

    public CartEventGenerator(GeneratorSettings settings, int stores, Instant start) {
        super(settings, start);
        if (stores < 1 || stores > 1_000) {
            throw new IllegalArgumentException("stores must be between 1 and 1000 (store ids are s- and three digits)");
        }
        this.stores = stores;
    }

    /** The id of store {@code n}, as events carry it. */
    public static String storeId(int n) {
        return String.format("s-%03d", n);
    }

    @Override
    protected GeneratedEvent fresh(Quality quality, long eventTimeMs) {
        String eventId = uuid();
        String userId = String.format("u-%06d", random.nextInt(settings.users()));
        String type = TYPES[random.nextInt(TYPES.length)];
        int quantity = type.equals("checkout") && random.nextInt(10) == 0 ? 10 + random.nextInt(11) : 1 + random.nextInt(5);
        buffer.reset();
        try (JsonGenerator gen = JSON.createGenerator(buffer, JsonEncoding.UTF8)) {
            gen.writeStartObject();
            gen.writeStringField("eventId", eventId);
            gen.writeStringField("userId", userId);
            gen.writeStringField("storeId", storeId(random.nextInt(stores)));
            gen.writeStringField("type", type);
            gen.writeStringField("sku", String.format("sku-%05d", random.nextInt(20_000)));
            gen.writeNumberField("quantity", quantity);
            gen.writeNumberField("price", (50 + random.nextInt(49_950)) / 100.0);
            gen.writeStringField("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
            gen.writeStringField("ts", Instant.ofEpochMilli(eventTimeMs).toString());
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GeneratedEvent(buffer.toByteArray(), quality, Scenario.CLICKSTREAM, eventId, userId, type,
                eventTimeMs);
    }

    /**
     * Breaks the cart event schema in one of five ways, in turn, keeping the JSON well-formed: the user id removed,
     * a type that is not one of the four, a quantity of 0, a negative price, a time that is not ISO-8601. Each breaks
     * the schema whatever the event's values (prices are never 0, so negated they are below 0).
     */
    @Override
    protected GeneratedEvent invalid(GeneratedEvent base) {
        String json = new String(base.bytes(), StandardCharsets.UTF_8);
        String broken = switch (invalidKind++ % 5) {
            case 0 -> json.replaceFirst(",\"userId\":\"u-\\d+\"", "");
            case 1 -> json.replaceFirst("\"type\":\"[a-z]+\"", "\"type\":\"teleport\"");
            case 2 -> json.replaceFirst("\"quantity\":\\d+", "\"quantity\":0");
            case 3 -> json.replaceFirst("\"price\":", "\"price\":-");
            default -> json.replaceFirst("\"ts\":\"[^\"]+\"", "\"ts\":\"yesterday\"");
        };
        if (broken.equals(json)) {
            throw new IllegalStateException("an invalid mutation left cart event " + base.eventId() + " unchanged");
        }
        return new GeneratedEvent(broken.getBytes(StandardCharsets.UTF_8), Quality.INVALID, base.scenario(),
                base.eventId(), base.userId(), base.eventType(), base.eventTimeMs());
    }

    /**
     * Damages a line in one of three ways, in turn: cut in half (as a crashed writer leaves it), replaced by a log line
     * naming the event, or an invalid UTF-8 sequence inside the user id. The event id stays readable in each.
     */
    @Override
    protected GeneratedEvent malformed(GeneratedEvent base) {
        byte[] good = base.bytes();
        byte[] bad = switch (malformedKind++ % 3) {
            case 0 -> Arrays.copyOf(good, good.length / 2);
            case 1 -> ("ERROR " + base.eventId() + " upstream timeout").getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] copy = good.clone();
                int at = new String(good, StandardCharsets.ISO_8859_1).indexOf("\"u-") + 1;
                copy[at] = (byte) 0xC3;
                copy[at + 1] = (byte) 0x28;
                yield copy;
            }
        };
        return new GeneratedEvent(bad, Quality.MALFORMED, base.scenario(), base.eventId(), base.userId(),
                base.eventType(), base.eventTimeMs());
    }
}
