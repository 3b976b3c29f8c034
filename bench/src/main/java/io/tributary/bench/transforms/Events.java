package io.tributary.bench.transforms;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's input: about 1 KB JSON events (an order-like event with nested device, page and items), as the
 * schemaless maps JsonConverter produces and as Structs, with the JSON Schema and the Avro schema they conform to and
 * twenty routing rules.
 */
final class Events {

    static final int USERS = 1_000;
    /** ISO-8601 with milliseconds always present, so Apache's TimestampConverter can parse it with one pattern. */
    private static final java.time.format.DateTimeFormatter TS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(java.time.ZoneOffset.UTC);
    static final String[] TYPES = {"payment", "refund", "page_view", "click", "add_to_cart", "sensor_reading"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP", "NL", "ES", "IT"};
    private static final String[] OS = {"android", "ios", "windows", "macos", "linux"};

    static final Schema DEVICE = SchemaBuilder.struct().name("io.tributary.bench.Device")
            .field("os", Schema.STRING_SCHEMA).field("os_version", Schema.STRING_SCHEMA)
            .field("model", Schema.STRING_SCHEMA).field("app_version", Schema.STRING_SCHEMA)
            .field("screen", Schema.STRING_SCHEMA).build();
    static final Schema PAGE = SchemaBuilder.struct().name("io.tributary.bench.Page")
            .field("url", Schema.STRING_SCHEMA).field("referrer", Schema.STRING_SCHEMA)
            .field("title", Schema.STRING_SCHEMA).build();
    static final Schema ITEM = SchemaBuilder.struct().name("io.tributary.bench.Item")
            .field("sku", Schema.STRING_SCHEMA).field("qty", Schema.INT32_SCHEMA)
            .field("price", Schema.FLOAT64_SCHEMA).build();
    static final Schema EVENT = SchemaBuilder.struct().name("io.tributary.bench.Event")
            .field("event_id", Schema.STRING_SCHEMA).field("event_type", Schema.STRING_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA).field("ts", Schema.STRING_SCHEMA)
            .field("amount", Schema.FLOAT64_SCHEMA).field("currency", Schema.STRING_SCHEMA)
            .field("card_last4", Schema.STRING_SCHEMA).field("email", Schema.STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA).field("session_id", Schema.STRING_SCHEMA)
            .field("device", DEVICE).field("page", PAGE).field("items", SchemaBuilder.array(ITEM).build())
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("user_agent", Schema.STRING_SCHEMA).build();

    private Events() {
    }

    static String user(int n) {
        return String.format("u-%06d", n);
    }

    /** {@code count} schemaless events, deterministic. */
    static List<Map<String, Object>> maps(int count) {
        Random random = new Random(7);
        List<Map<String, Object>> events = new ArrayList<>(count);
        long ts = Instant.parse("2026-11-23T10:00:00Z").toEpochMilli();
        for (int i = 0; i < count; i++) {
            events.add(event(random, i, ts + i * 7L));
        }
        return events;
    }

    private static Map<String, Object> event(Random random, int i, long ts) {
        Map<String, Object> e = new LinkedHashMap<>();
        int user = random.nextInt(USERS);
        e.put("event_id", new java.util.UUID(random.nextLong(), random.nextLong()).toString());
        e.put("event_type", TYPES[i % TYPES.length]);
        e.put("user_id", user(user));
        e.put("ts", TS.format(Instant.ofEpochMilli(ts + random.nextInt(1_000))));
        e.put("amount", Math.round(random.nextDouble() * 50_000) / 100.0);
        e.put("currency", "EUR");
        e.put("card_last4", String.format("%04d", random.nextInt(10_000)));
        e.put("email", "user" + user + "@example.com");
        e.put("country", COUNTRIES[random.nextInt(COUNTRIES.length)]);
        e.put("session_id", "s-" + Long.toHexString(random.nextLong()));
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("os", OS[random.nextInt(OS.length)]);
        device.put("os_version", (10 + random.nextInt(8)) + "." + random.nextInt(10));
        device.put("model", "Model " + (char) ('A' + random.nextInt(26)) + random.nextInt(100));
        device.put("app_version", "5." + random.nextInt(20) + "." + random.nextInt(10));
        device.put("screen", "1080x2400");
        e.put("device", device);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("url", "https://shop.example.com/products/category-" + random.nextInt(50) + "/item-" + random.nextInt(100_000)
                + "?utm_source=newsletter&utm_medium=email&utm_campaign=winter-sale");
        page.put("referrer", "https://www.example.org/search?q=winter+jacket+waterproof&page=" + random.nextInt(5));
        page.put("title", "Waterproof winter jacket, insulated, with hood - Example Shop");
        e.put("page", page);
        List<Object> items = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sku", "SKU-" + (100_000 + random.nextInt(900_000)));
            item.put("qty", 1 + random.nextInt(4));
            item.put("price", Math.round(random.nextDouble() * 20_000) / 100.0);
            items.add(item);
        }
        e.put("items", items);
        e.put("tags", List.of("winter", "promo", i % 2 == 0 ? "mobile" : "web"));
        e.put("user_agent", "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240205.004) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/121.0.6167.164 Mobile Safari/537.36 ExampleShopApp/5.12.3");
        return e;
    }

    @SuppressWarnings("unchecked")
    static Struct struct(Map<String, Object> map) {
        Struct s = new Struct(EVENT);
        for (org.apache.kafka.connect.data.Field f : EVENT.fields()) {
            Object v = map.get(f.name());
            switch (f.name()) {
                case "device" -> s.put(f, fill(new Struct(DEVICE), (Map<String, Object>) v));
                case "page" -> s.put(f, fill(new Struct(PAGE), (Map<String, Object>) v));
                case "items" -> s.put(f, ((List<Map<String, Object>>) v).stream().map(m -> fill(new Struct(ITEM), m)).toList());
                default -> s.put(f, v);
            }
        }
        s.validate();
        return s;
    }

    private static Struct fill(Struct s, Map<String, Object> map) {
        map.forEach(s::put);
        return s;
    }

    static SourceRecord record(Object value) {
        Schema schema = value instanceof Struct struct ? struct.schema() : null;
        return new SourceRecord(Map.of("file", "events"), Map.of("position", 0L), "events-raw", null,
                Schema.STRING_SCHEMA, "k", schema, value, 1_700_000_000_000L);
    }

    /** Average size of the events as JSON text. */
    static int averageJsonBytes(List<Map<String, Object>> events) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        long total = 0;
        for (Map<String, Object> e : events) {
            total += mapper.writeValueAsBytes(e).length;
        }
        return (int) (total / events.size());
    }

    static final String JSON_SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "required": ["event_id", "event_type", "user_id", "ts", "amount", "currency", "device", "items"],
              "properties": {
                "event_id": {"type": "string", "minLength": 36, "maxLength": 36},
                "event_type": {"enum": ["payment", "refund", "page_view", "click", "add_to_cart", "purchase",
                                        "sensor_reading"]},
                "user_id": {"type": "string", "pattern": "^u-[0-9]{6}$"},
                "ts": {"type": "string", "format": "date-time"},
                "amount": {"type": "number", "minimum": 0, "maximum": 1000000},
                "currency": {"type": "string", "minLength": 3, "maxLength": 3},
                "card_last4": {"type": "string", "pattern": "^[0-9]{4}$"},
                "email": {"type": "string", "maxLength": 254},
                "country": {"type": "string", "minLength": 2, "maxLength": 2},
                "session_id": {"type": "string"},
                "device": {
                  "type": "object",
                  "required": ["os"],
                  "properties": {
                    "os": {"enum": ["android", "ios", "windows", "macos", "linux"]},
                    "os_version": {"type": "string"},
                    "model": {"type": "string"},
                    "app_version": {"type": "string"},
                    "screen": {"type": "string"}
                  }
                },
                "page": {
                  "type": "object",
                  "properties": {
                    "url": {"type": "string", "maxLength": 2048},
                    "referrer": {"type": "string"},
                    "title": {"type": "string"}
                  }
                },
                "items": {
                  "type": "array",
                  "maxItems": 100,
                  "items": {
                    "type": "object",
                    "required": ["sku", "qty", "price"],
                    "properties": {
                      "sku": {"type": "string"},
                      "qty": {"type": "integer", "minimum": 1},
                      "price": {"type": "number", "minimum": 0}
                    }
                  }
                },
                "tags": {"type": "array", "items": {"type": "string"}},
                "user_agent": {"type": "string"}
              }
            }""";

    static final String AVRO_SCHEMA = """
            {"type": "record", "name": "Event", "namespace": "io.tributary.bench", "fields": [
              {"name": "event_id", "type": "string"},
              {"name": "event_type", "type": {"type": "enum", "name": "EventType", "symbols":
                ["payment", "refund", "page_view", "click", "add_to_cart", "purchase", "sensor_reading"]}},
              {"name": "user_id", "type": "string"},
              {"name": "ts", "type": "string"},
              {"name": "amount", "type": "double"},
              {"name": "currency", "type": "string"},
              {"name": "card_last4", "type": ["null", "string"]},
              {"name": "email", "type": ["null", "string"]},
              {"name": "country", "type": "string"},
              {"name": "session_id", "type": "string"},
              {"name": "device", "type": {"type": "record", "name": "Device", "fields": [
                {"name": "os", "type": "string"}, {"name": "os_version", "type": "string"},
                {"name": "model", "type": "string"}, {"name": "app_version", "type": "string"},
                {"name": "screen", "type": "string"}]}},
              {"name": "page", "type": ["null", {"type": "record", "name": "Page", "fields": [
                {"name": "url", "type": "string"}, {"name": "referrer", "type": "string"},
                {"name": "title", "type": "string"}]}]},
              {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item", "fields": [
                {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}, {"name": "price", "type": "double"}]}}},
              {"name": "tags", "type": {"type": "array", "items": "string"}},
              {"name": "user_agent", "type": "string"}
            ]}""";

    /**
     * Twenty rules as a routing setup would have them: tags and headers for risk, VIP and device segments, a few
     * field changes, and one route per event type (evaluated with match=all, so every rule's condition runs).
     */
    static String rules() {
        List<String> rules = new ArrayList<>();
        rules.add(rule("large-payment", 200, "{\"all\": [{\"field\": \"event_type\", \"op\": \"=\", \"value\": \"payment\"}, "
                + "{\"field\": \"amount\", \"op\": \">=\", \"value\": 400}]}", "{\"tag\": \"large-payment\"}"));
        rules.add(rule("risk-country", 190, "{\"field\": \"country\", \"op\": \"in\", \"value\": [\"XX\", \"YY\", \"ZZ\"]}",
                "{\"header\": {\"name\": \"review\", \"value\": \"country-${country}\"}}"));
        rules.add(rule("internal-user", 180, "{\"field\": \"email\", \"op\": \"regex\", \"value\": \".*@tributary\\\\.io$\"}",
                "{\"drop\": true}"));
        rules.add(rule("bot-agent", 170, "{\"field\": \"user_agent\", \"op\": \"contains\", \"value\": \"bot\"}",
                "{\"tag\": \"bot\"}"));
        rules.add(rule("campaign", 160, "{\"field\": \"page.url\", \"op\": \"contains\", \"value\": \"utm_campaign=winter\"}",
                "{\"tag\": \"winter-campaign\"}"));
        rules.add(rule("shop-referrer", 150, "{\"field\": \"page.referrer\", \"op\": \"prefix\", \"value\": \"https://partner.\"}",
                "{\"tag\": \"partner\"}"));
        rules.add(rule("mobile", 140, "{\"field\": \"device.os\", \"op\": \"in\", \"value\": [\"android\", \"ios\"]}",
                "{\"set\": {\"field\": \"channel\", \"value\": \"mobile\"}}"));
        rules.add(rule("old-app", 130, "{\"all\": [{\"field\": \"device.app_version\", \"op\": \"prefix\", \"value\": \"4.\"}, "
                + "{\"field\": \"device.os\", \"op\": \"=\", \"value\": \"android\"}]}", "{\"tag\": \"old-app\"}"));
        rules.add(rule("no-session", 120, "{\"not\": {\"field\": \"session_id\", \"op\": \"exists\"}}",
                "{\"tag\": \"no-session\"}"));
        rules.add(rule("zero-amount", 110, "{\"all\": [{\"field\": \"amount\", \"op\": \"<=\", \"value\": 0}, "
                + "{\"field\": \"event_type\", \"op\": \"in\", \"value\": [\"payment\", \"refund\"]}]}",
                "{\"tag\": \"zero-amount\"}"));
        rules.add(rule("usd", 100, "{\"field\": \"currency\", \"op\": \"=\", \"value\": \"USD\"}",
                "{\"header\": {\"name\": \"fx\", \"value\": \"usd\"}}"));
        rules.add(rule("eu", 95, "{\"field\": \"country\", \"op\": \"in\", \"value\": [\"DE\", \"FR\", \"NL\", \"ES\", \"IT\"]}",
                "{\"set\": {\"field\": \"region\", \"value\": \"eu\"}}"));
        rules.add(rule("big-basket", 90, "{\"any\": [{\"field\": \"items[2].qty\", \"op\": \">\", \"value\": 3}, "
                + "{\"field\": \"items[0].price\", \"op\": \">\", \"value\": 190}]}", "{\"tag\": \"big-basket\"}"));
        rules.add(rule("strip-agent", 80, "{\"field\": \"event_type\", \"op\": \"=\", \"value\": \"sensor_reading\"}",
                "{\"remove\": \"user_agent\"}"));
        rules.add(rule("test-traffic", 70, "{\"field\": \"session_id\", \"op\": \"prefix\", \"value\": \"test-\"}",
                "{\"drop\": true}"));
        rules.add(rule("payments", 60, "{\"field\": \"event_type\", \"op\": \"in\", \"value\": [\"payment\", \"refund\"]}",
                "{\"route\": \"events-payments\"}"));
        rules.add(rule("iot", 50, "{\"field\": \"event_type\", \"op\": \"=\", \"value\": \"sensor_reading\"}",
                "{\"route\": \"events-iot\"}"));
        rules.add(rule("clicks", 40, "{\"field\": \"event_type\", \"op\": \"in\", \"value\": [\"page_view\", \"click\", "
                + "\"add_to_cart\", \"purchase\"]}", "{\"route\": \"events-clicks\"}"));
        rules.add(rule("per-country", 30, "{\"field\": \"country\", \"op\": \"=\", \"value\": \"JP\"}",
                "{\"route\": \"events-${event_type}-jp\"}"));
        rules.add(rule("audit", 20, "{\"field\": \"event_id\", \"op\": \"exists\"}",
                "{\"header\": {\"name\": \"pipeline\", \"value\": \"bench\"}}"));
        return "[" + String.join(",\n", rules) + "]";
    }

    private static String rule(String name, int priority, String condition, String action) {
        return "{\"name\": \"" + name + "\", \"priority\": " + priority + ", \"condition\": " + condition
                + ", \"actions\": [" + action + "]}";
    }
}
