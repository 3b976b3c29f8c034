package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.networknt.schema.SpecificationVersion;
import io.tributary.connect.common.data.JsonData;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fast path against networknt on the same values: whatever the fast path accepts, networknt must find valid
 * (it may decline valid values, never accept invalid ones); and it must accept the ordinary valid records, or it
 * would be no fast path.
 */
class JsonSchemaFastPathTest {

    private static final String RICH = """
            {
              "$schema": "%s",
              "type": "object",
              "required": ["id", "kind", "at"],
              "additionalProperties": false,
              "minProperties": 3,
              "properties": {
                "id": {"type": "string", "format": "uuid"},
                "kind": {"enum": ["a", "b", null, true]},
                "fixed": {"const": "x"},
                "at": {"type": "string", "format": "date-time"},
                "day": {"type": "string", "format": "date"},
                "code": {"type": "string", "pattern": "^[A-Z]{2}-[0-9]+$", "minLength": 4, "maxLength": 8},
                "n": {"type": "integer", "minimum": 0, "exclusiveMaximum": 100},
                "x": {"type": ["number", "null"], "exclusiveMinimum": -1.5, "maximum": 2.25},
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 3}, "minItems": 1, "maxItems": 3},
                "nested": {"$ref": "%s"},
                "either": {"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 10}]},
                "both": {"allOf": [{"type": "number"}, {"maximum": 5}]},
                "flag": {"type": "boolean"}
              },
              "%s": {
                "node": {
                  "type": "object",
                  "required": ["name"],
                  "properties": {"name": {"type": "string", "minLength": 1}, "child": {"$ref": "%s"}}
                }
              }
            }""";

    private static String rich(boolean draft07) {
        String defs = draft07 ? "definitions" : "$defs";
        return String.format(RICH, draft07 ? "http://json-schema.org/draft-07/schema#"
                : "https://json-schema.org/draft/2020-12/schema", "#/" + defs + "/node", defs, "#/" + defs + "/node");
    }

    private static JsonSchemaCompiled full(String schema) {
        return new JsonSchemaCompiled(schema, SpecificationVersion.DRAFT_2020_12, "test", "1", null);
    }

    private static JsonSchemaFastPath fast(String schema) throws Exception {
        JsonSchemaFastPath fast = JsonSchemaFastPath.compile(JsonData.MAPPER.readTree(schema), true);
        assertThat(fast).as("compiles on the fast path").isNotNull();
        return fast;
    }

    /** Checks the implication on every value; returns how many valid values the fast path accepted, and of how many. */
    private static int[] compare(String schema, List<Object> values) throws Exception {
        JsonSchemaFastPath fast = fast(schema);
        JsonSchemaCompiled full = full(schema);
        int valid = 0;
        int accepted = 0;
        for (Object value : values) {
            boolean isValid = full.validate(value, null).isEmpty();
            boolean fastAccepts = fast.accepts(value);
            if (fastAccepts) {
                assertThat(isValid).as("the fast path accepted a value networknt rejects: %s; violations %s",
                        value, full.validate(value, null)).isTrue();
            }
            valid += isValid ? 1 : 0;
            accepted += fastAccepts ? 1 : 0;
        }
        return new int[] {accepted, valid};
    }

    @Test
    void acceptsEveryValidGeneratedEventOfTheDemoSchemaAndNothingInvalid() throws Exception {
        String schema = Files.readString(Path.of(System.getProperty("tributary.root", ".."),
                "connector-configs/schemas/event.schema.json"));
        EventGenerator generator = new EventGenerator(GeneratorSettings.defaults(20_000, 0), Instant.now());
        List<Object> values = new ArrayList<>();
        int validEvents = 0;
        Random random = new Random(5);
        while (generator.hasNext()) {
            GeneratedEvent event = generator.next();
            if (event.quality() == Quality.MALFORMED) {
                continue;
            }
            Map<String, Object> map = JsonData.MAPPER.readValue(event.bytes(), new TypeReference<>() { });
            values.add(map);
            values.add(mutate(map, random));
            validEvents += event.quality() == Quality.INVALID ? 0 : 1;
        }
        int[] counts = compare(schema, values);
        assertThat(counts[0]).as("every valid generated event is accepted on the fast path").isGreaterThanOrEqualTo(validEvents);
    }

    @Test
    void neverAcceptsWhatNetworkntRejectsUnderDraft202012() throws Exception {
        int[] counts = compare(rich(false), randomValues(60_000, new Random(1)));
        assertThat(counts[1]).as("the corpus has valid values").isGreaterThan(1_000);
        assertThat(counts[0]).as("and the fast path accepts most of them").isGreaterThan(counts[1] / 2);
    }

    @Test
    void neverAcceptsWhatNetworkntRejectsUnderDraft07() throws Exception {
        int[] counts = compare(rich(true), randomValues(60_000, new Random(2)));
        assertThat(counts[1]).isGreaterThan(1_000);
        assertThat(counts[0]).isGreaterThan(counts[1] / 2);
    }

    @Test
    void schemasBeyondItAreNotCompiled() throws Exception {
        for (String schema : List.of(
                "{\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}",
                "{\"patternProperties\": {\"^x\": {\"type\": \"string\"}}}",
                "{\"properties\": {\"a\": {\"$ref\": \"https://example.com/other.json\"}}}",
                "{\"items\": [{\"type\": \"string\"}]}",
                "{\"properties\": {\"a\": {\"pattern\": \"^\\\\s+$\"}}}",
                "{\"properties\": {\"a\": {\"format\": \"email\"}}, \"$schema\": \"http://json-schema.org/draft-07/schema#\"}",
                "{\"if\": {\"type\": \"string\"}, \"then\": {\"minLength\": 1}}",
                "{\"uniqueItems\": true}",
                "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"$ref\": \"#/definitions/a\", \"type\": \"object\","
                        + " \"definitions\": {\"a\": {}}}")) {
            assertThat(JsonSchemaFastPath.compile(JsonData.MAPPER.readTree(schema), true)).as(schema).isNull();
        }
        // Under 2020-12 a format is only an annotation, as networknt reads it.
        assertThat(JsonSchemaFastPath.compile(JsonData.MAPPER.readTree("{\"format\": \"email\"}"), true)).isNotNull();
    }

    @Test
    void declinesValuesOfOtherJavaTypesAndJsonText() throws Exception {
        JsonSchemaFastPath fast = fast("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}}");
        assertThat(fast.accepts(Map.of("a", "x"))).isTrue();
        assertThat(fast.accepts(Map.of("a", new java.util.Date()))).isFalse();
        assertThat(fast.accepts(Map.of("a", new java.math.BigDecimal("1")))).isFalse();
        Map<Object, Object> numericKey = new LinkedHashMap<>();
        numericKey.put(1, "x");
        assertThat(fast.accepts(numericKey)).isFalse();
        // JSON text is parsed by the full validator, never read as a string instance here.
        JsonSchemaCompiled compiled = full("{\"type\": \"object\", \"required\": [\"a\"]}");
        assertThat(compiled.hasFastPath()).isTrue();
        assertThat(compiled.validate("{\"b\": 1}", null)).isNotEmpty();
        assertThat(compiled.validate("{\"a\": 1}", null)).isEmpty();
    }

    @Test
    void dollarMeansEndOfInput() {
        assertThat(JsonSchemaFastPath.dollarsAsEndOfInput("^a$")).isEqualTo("^a\\z");
        assertThat(JsonSchemaFastPath.dollarsAsEndOfInput("^[$]\\$x$")).isEqualTo("^[$]\\$x\\z");
    }

    // ---- corpus ----

    private static final Object[] SCALARS = {null, true, false, 0L, 1L, -1L, 5L, 10L, 99L, 100L, 101L, 9_007_199_254_740_993L,
            0.0, -0.0, 1.0, 2.25, 2.2500001, -1.5, -1.4999, 4.999, 5.0, 5.5, 99.5, 100.0, Double.NaN, 1e300, 7,
            (short) 3, 2.25f, "", "a", "b", "x", "y", "AB-1", "AB-12345", "AB-123456", "ab-12", "AB-1\n", "AB-",
            "abc", "abcd", "\uD83D\uDE00\uD83D\uDE00", "2026-11-23T10:15:30Z", "2026-11-23T10:15:30.5+01:00",
            "2026-02-30T10:15:30Z", "2026-11-23t10:15:30z", "2026-11-23T23:59:60Z", "2026-11-23", "2026-02-29",
            "2024-02-29", "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400g", "not a uuid"};

    private static final String[] KEYS = {"id", "kind", "fixed", "at", "day", "code", "n", "x", "tags", "nested",
            "either", "both", "flag", "other"};

    private static List<Object> randomValues(int count, Random random) {
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(randomObject(random, i % 3 == 0));
        }
        return values;
    }

    /** An object near the rich schema: mostly valid fields, sometimes anything. */
    private static Map<String, Object> randomObject(Random random, boolean wild) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", pick(random, wild, "123e4567-e89b-12d3-a456-426614174000"));
        m.put("kind", pick(random, wild, random.nextBoolean() ? "a" : "b"));
        m.put("at", pick(random, wild, "2026-11-23T10:15:30.123Z"));
        for (String key : KEYS) {
            if (random.nextInt(3) == 0) {
                m.put(key, switch (key) {
                    case "tags" -> random.nextInt(4) == 0 ? scalar(random) : randomList(random);
                    case "nested" -> random.nextInt(4) == 0 ? scalar(random) : nested(random, 0);
                    default -> random.nextBoolean() ? scalar(random) : typical(key, random);
                });
            }
        }
        if (random.nextInt(10) == 0) {
            m.remove(KEYS[random.nextInt(3)]);
        }
        return m;
    }

    private static Object typical(String key, Random random) {
        return switch (key) {
            case "fixed" -> "x";
            case "day" -> "2026-11-23";
            case "code" -> "AB-" + random.nextInt(100_000);
            case "n" -> (long) random.nextInt(120) - 10;
            case "x" -> random.nextDouble() * 5 - 2;
            case "either" -> random.nextBoolean() ? "s" : (long) random.nextInt(20);
            case "both" -> random.nextDouble() * 8;
            case "flag" -> random.nextBoolean();
            default -> scalar(random);
        };
    }

    private static Object pick(Random random, boolean wild, Object usual) {
        return wild && random.nextInt(4) == 0 ? scalar(random) : usual;
    }

    private static Object scalar(Random random) {
        return SCALARS[random.nextInt(SCALARS.length)];
    }

    private static List<Object> randomList(Random random) {
        List<Object> list = new ArrayList<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            list.add(random.nextInt(3) == 0 ? scalar(random) : "t" + random.nextInt(30));
        }
        return list;
    }

    private static Map<String, Object> nested(Random random, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (random.nextInt(6) != 0) {
            m.put("name", random.nextInt(5) == 0 ? scalar(random) : "n" + depth);
        }
        if (depth < 3 && random.nextBoolean()) {
            m.put("child", random.nextInt(5) == 0 ? scalar(random) : nested(random, depth + 1));
        }
        return m;
    }

    /** A valid event with one thing changed: a field removed, retyped, or set to an edge value. */
    private static Map<String, Object> mutate(Map<String, Object> event, Random random) {
        Map<String, Object> m = new LinkedHashMap<>(event);
        List<String> keys = new ArrayList<>(m.keySet());
        String key = keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(4)) {
            case 0 -> m.remove(key);
            case 1 -> m.put(key, scalar(random));
            case 2 -> m.put(key, String.valueOf(m.get(key)) + (random.nextBoolean() ? "\n" : "x"));
            default -> m.put("extra_" + random.nextInt(3), scalar(random));
        }
        return m;
    }
}
