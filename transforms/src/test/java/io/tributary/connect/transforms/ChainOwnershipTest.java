package io.tributary.connect.transforms;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.transforms.enrich.EnrichFromFile;
import io.tributary.connect.transforms.protect.ProtectFields;
import io.tributary.connect.transforms.rules.Rules;
import io.tributary.connect.transforms.time.EventTime;
import io.tributary.connect.transforms.validate.ValidateSchema;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chain validate → enrich → rules → protect → event time on schemaless maps, where each transform writes into
 * the map the one before it made for the record it returned instead of copying it (issue 17): the record the chain
 * was given is never changed, and the results are those of the copying chain (each transform followed by Kafka's
 * RegexRouter, which makes a new record with the same value, so every Tributary transform copies as before).
 */
class ChainOwnershipTest {

    private static final String RULES = """
            [
              {"name": "large-payments", "priority": 60,
               "condition": {"all": [{"field": "event_type", "op": "=", "value": "payment"},
                                     {"field": "amount", "op": ">=", "value": 400}]},
               "actions": [{"tag": "large-payment"}, {"header": {"name": "review", "value": "risk-${country}"}}]},
              {"name": "known-user", "priority": 55, "condition": {"field": "user.tier", "op": "exists"},
               "actions": [{"set": {"field": "segment", "value": "known"}}]},
              {"name": "web", "priority": 50,
               "condition": {"field": "event_type", "op": "in", "value": ["page_view", "click", "add_to_cart", "purchase"]},
               "actions": [{"set": {"field": "channel", "value": "web"}}, {"set": {"field": "meta.checked", "value": true}}]},
              {"name": "android", "priority": 47, "condition": {"field": "device.os", "op": "=", "value": "android"},
               "actions": [{"set": {"field": "device.family", "value": "linux"}}]},
              {"name": "strip-firmware", "priority": 45, "condition": {"field": "event_type", "op": "=", "value": "sensor_reading"},
               "actions": [{"remove": "firmware"}]},
              {"name": "declined", "priority": 42, "condition": {"field": "status", "op": "=", "value": "declined"},
               "actions": [{"drop": true}]},
              {"name": "partner-campaign", "priority": 40, "condition": {"field": "referrer", "op": "=", "value": "partner"},
               "actions": [{"set": {"field": "partner", "value": true}}, {"route": "campaign-${campaign}"}]},
              {"name": "payments", "priority": 30, "condition": {"field": "event_type", "op": "in", "value": ["payment", "refund"]},
               "actions": [{"route": "events-payments"}, {"stop": true}]},
              {"name": "iot", "priority": 20, "condition": {"field": "event_type", "op": "=", "value": "sensor_reading"},
               "actions": [{"route": "events-iot"}, {"stop": true}]},
              {"name": "clicks", "priority": 10,
               "condition": {"field": "event_type", "op": "in", "value": ["page_view", "click", "add_to_cart", "purchase"]},
               "actions": [{"route": "events-${event_type}"}, {"stop": true}]}
            ]""";

    @TempDir
    Path dir;
    private Path profiles;
    private final JsonConverter converter = new JsonConverter();
    private final List<Transformation<SourceRecord>> opened = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        converter.configure(Map.of("schemas.enable", "false"), false);
        // Every third of the generator's 1,000 users has a profile: the others are misses, passed on unchanged.
        StringBuilder table = new StringBuilder("{");
        for (int u = 0; u < 1_000; u += 3) {
            table.append(u == 0 ? "" : ",").append(String.format("\"user_profile:u-%06d\": {\"tier\": \"%s\", "
                    + "\"country\": \"DE\", \"score\": %d}", u, u % 2 == 0 ? "gold" : "silver", u));
        }
        profiles = Files.writeString(dir.resolve("profiles.json"), table.append('}').toString());
    }

    @AfterEach
    void close() {
        opened.forEach(Transformation::close);
    }

    private <T extends Transformation<SourceRecord>> T configure(T transform, Map<String, ?> config) {
        transform.configure(config);
        opened.add(transform);
        return transform;
    }

    /** A fresh, identically configured chain (the transforms keep caches and counters). */
    private List<Transformation<SourceRecord>> chain() {
        String schema = Path.of(System.getProperty("tributary.root", ".."), "connector-configs/schemas/event.schema.json")
                .toString();
        return List.of(
                configure(new ValidateSchema.Value<>(), Map.of("schema.file", schema, "on.invalid", "route",
                        "dlq.topic", "events-invalid")),
                configure(new EnrichFromFile<>(), Map.of("lookup.file", profiles.toString(),
                        "lookup.key.template", "user_profile:${user_id}", "target.field", "user",
                        "fields.include", "tier,country", "on.miss", "pass")),
                configure(new Rules<>(), Map.of("rules", RULES, "match", "all", "unmatched.topic", "events-unroutable")),
                configure(new ProtectFields.Value<>(), Map.of("mask.fields", "card_last4", "mask.keep.last", "2",
                        "hash.fields", "merchant", "hash.key", "test-secret-key-0123456789abcdef")),
                configure(new EventTime.Value<>(), Map.of("timestamp.field", "ts", "on.invalid", "ingestion-time",
                        "metadata.mode", "fields", "metadata.source", "test", "metadata.pipeline.id", "p1")));
    }

    /** The same chain with Kafka's RegexRouter after each transform: a new record each time, so nothing is handed on. */
    private List<Transformation<SourceRecord>> copyingChain() {
        List<Transformation<SourceRecord>> chain = new ArrayList<>();
        for (Transformation<SourceRecord> t : chain()) {
            chain.add(t);
            chain.add(configure(new RegexRouter<>(), Map.of("regex", "(.*)", "replacement", "$1")));
        }
        return chain;
    }

    /** Every record each transform returned, the chain's input first; empty after a drop. */
    private static List<SourceRecord> run(List<Transformation<SourceRecord>> chain, SourceRecord record) {
        List<SourceRecord> steps = new ArrayList<>();
        steps.add(record);
        SourceRecord current = record;
        for (Transformation<SourceRecord> t : chain) {
            current = t.apply(current);
            if (current == null) {
                break;
            }
            steps.add(current);
        }
        return steps;
    }

    private static SourceRecord last(List<SourceRecord> steps) {
        return steps.get(steps.size() - 1);
    }

    private SourceRecord fromConverter(byte[] json) {
        SchemaAndValue data = converter.toConnectData("events-raw", json);
        return new SourceRecord(Map.of("file", "f"), Map.of("line", 1), "events-raw", null, null, null, data.schema(),
                data.value(), 1_000L);
    }

    private List<byte[]> demoEvents() {
        List<byte[]> events = new ArrayList<>();
        EventGenerator generator = new EventGenerator(GeneratorSettings.defaults(3_000, 0),
                Instant.parse("2026-03-01T00:00:00Z"));
        while (generator.hasNext()) {
            GeneratedEvent event = generator.next();
            if (event.quality() != Quality.MALFORMED) {
                events.add(event.bytes());
            }
        }
        // Edge cases: nested maps (a rule writes into device), a list, an absent time, a user with no profile.
        events.add(json("""
                {"event_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "event_type": "click", "ts": "2026-03-01T00:00:01Z",
                 "user_id": "u-000003", "session_id": "s-1", "referrer": "search", "price": 1.5,
                 "device": {"os": "android", "app": {"version": "4.2"}}, "items": [{"sku": "a"}, {"sku": "b"}]}"""));
        events.add(json("""
                {"event_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7", "event_type": "payment", "ts": "not a time",
                 "user_id": "u-000004", "transaction_id": "t-1", "amount": 500.0, "currency": "EUR", "merchant": "m-001",
                 "card_last4": "4242", "status": "approved", "country": "DE"}"""));
        return events;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What a record carries, comparable across runs: the time the event-time transform read from the clock zeroed. */
    private static List<Object> contents(SourceRecord record) {
        Object value = record.value();
        if (value instanceof Map<?, ?> m && m.get("_ingest") instanceof Map<?, ?> ingest) {
            Map<Object, Object> copy = new LinkedHashMap<>(m);
            Map<Object, Object> meta = new LinkedHashMap<>(ingest);
            meta.put("time", 0L);
            copy.put("_ingest", meta);
            value = copy;
        }
        List<String> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            if (!h.key().equals(ErrorHeaders.ERROR_TIMESTAMP)) {
                headers.add(h.key() + "=" + h.value());
            }
        }
        return List.of(record.topic(), String.valueOf(record.timestamp()), deepKeys(value), value == null ? "null" : value,
                headers);
    }

    /** Every map's keys in order, depth first: equal maps with entries in another order differ here. */
    private static List<Object> deepKeys(Object value) {
        List<Object> keys = new ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                keys.add(k);
                keys.add(deepKeys(v));
            });
        } else if (value instanceof List<?> l) {
            l.forEach(e -> keys.add(deepKeys(e)));
        }
        return keys;
    }

    @Test
    void theChainGivesWhatTheCopyingChainGivesOnTheDemoEventsAndEdgeCases() {
        List<Transformation<SourceRecord>> chain = chain();
        List<Transformation<SourceRecord>> copying = copyingChain();
        Set<String> topics = new LinkedHashSet<>();
        int dropped = 0;
        for (byte[] event : demoEvents()) {
            List<SourceRecord> direct = run(chain, fromConverter(event));
            List<SourceRecord> copied = run(copying, fromConverter(event));
            boolean directDropped = direct.size() < chain.size() + 1;
            assertThat(directDropped).as("dropped by one chain only").isEqualTo(copied.size() < copying.size() + 1);
            if (directDropped) {
                dropped++;
                continue;
            }
            assertThat(contents(last(direct))).as(new String(event, StandardCharsets.UTF_8))
                    .isEqualTo(contents(last(copied)));
            topics.add(last(direct).topic());
        }
        // The comparison covered every way through the chain.
        assertThat(topics).contains("events-payments", "events-iot", "events-click", "events-page_view",
                "events-invalid", "events-raw-dlq");
        assertThat(dropped).isPositive();
    }

    @Test
    void theRecordTheChainIsGivenIsNeverChanged() {
        List<Transformation<SourceRecord>> chain = chain();
        for (byte[] event : demoEvents()) {
            SourceRecord input = fromConverter(event);
            List<Object> before = contents(input);
            run(chain, input);
            assertThat(contents(input)).isEqualTo(before);
            assertThat(contents(fromConverter(event))).as("the converter's own reading").isEqualTo(before);
        }
    }

    @Test
    void eachTransformLeavesTheRecordItIsGivenUnchangedWhenNoTributaryTransformMadeItsMap() {
        List<Transformation<SourceRecord>> copying = copyingChain();
        for (byte[] event : demoEvents()) {
            List<SourceRecord> steps = new ArrayList<>();
            List<List<Object>> seen = new ArrayList<>();
            SourceRecord current = fromConverter(event);
            for (int i = 0; current != null; i++) {
                steps.add(current);
                seen.add(contents(current));
                current = i < copying.size() ? copying.get(i).apply(current) : null;
            }
            // Each transform's input, read again after the whole chain ran: as it was when it was made.
            for (int i = 0; i < steps.size(); i++) {
                assertThat(contents(steps.get(i))).isEqualTo(seen.get(i));
            }
        }
    }

    @Test
    void eachTransformWritesIntoTheMapTheTransformBeforeItMadeForItsRecord() {
        List<Transformation<SourceRecord>> chain = chain();
        SourceRecord in = fromConverter(json("""
                {"event_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "event_type": "click", "ts": "2026-03-01T00:00:01Z",
                 "user_id": "u-000003", "session_id": "s-1", "referrer": "search", "price": 1.5}"""));
        List<SourceRecord> steps = run(chain, in);
        assertThat(steps).hasSize(6);
        Object enriched = steps.get(2).value();
        assertThat(enriched).isNotSameAs(in.value());
        assertThat(steps.get(3).value()).as("rules").isSameAs(enriched);
        assertThat(steps.get(4).value()).as("protect").isSameAs(enriched);
        assertThat(steps.get(5).value()).as("event time").isSameAs(enriched);
        @SuppressWarnings("unchecked")
        Map<Object, Object> result = (Map<Object, Object>) enriched;
        assertThat(result).containsEntry("channel", "web").containsEntry("segment", "known").containsKey("_ingest");
    }

    @Test
    void aRuleThatCannotRouteDeadLettersTheRecordAsItCameAfterEarlierActionsChangedItsMap() {
        List<Transformation<SourceRecord>> chain = chain();
        SourceRecord in = fromConverter(json("""
                {"event_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "event_type": "click", "ts": "2026-03-01T00:00:01Z",
                 "user_id": "u-000003", "session_id": "s-1", "referrer": "partner", "price": 1.5}"""));
        SourceRecord enriched = chain.get(1).apply(chain.get(0).apply(in));
        List<Object> before = contents(enriched);
        List<Object> keys = deepKeys(enriched.value());

        SourceRecord deadLetter = chain.get(2).apply(enriched);
        assertThat(deadLetter.topic()).isEqualTo("events-raw-dlq");
        assertThat(deadLetter.value()).isEqualTo(enriched.value());
        assertThat(deepKeys(deadLetter.value())).isEqualTo(keys);
        assertThat(new ArrayList<Object>(((Map<?, ?>) deadLetter.value()).keySet())).doesNotContain("segment", "channel", "meta", "partner");
        assertThat(contents(enriched)).isEqualTo(before);
    }

    @Test
    void aProtectionThatFailsLeavesTheMapItWasHandedAsItWas() {
        SourceRecord enriched = configure(new EnrichFromFile<>(), Map.of("lookup.file", profiles.toString(),
                "lookup.key.template", "user_profile:${user_id}", "target.field", "user"))
                .apply(Records.value(map("user_id", "u-000003", "card_last4", "4242", "ssn", "not ciphertext")));
        List<Object> before = contents(enriched);
        ProtectFields<SourceRecord> protect = configure(new ProtectFields.Value<>(), Map.of("mask.fields", "card_last4",
                "decrypt.fields", "ssn", "encryption.keys", java.util.Base64.getEncoder().encodeToString(new byte[32])));

        assertThatThrownBy(() -> protect.apply(enriched)).isInstanceOf(DataException.class)
                .hasMessageContaining("ssn");
        assertThat(contents(enriched)).isEqualTo(before);
        assertThat(((Map<?, ?>) enriched.value()).get("card_last4")).isEqualTo("4242");
    }

    @Test
    void aMapIsWrittenInPlaceOnlyForTheRecordItWasHandedTo() {
        List<Transformation<SourceRecord>> chain = chain();
        SourceRecord enriched = chain.get(1).apply(chain.get(0).apply(fromConverter(json("""
                {"event_id": "0f8fad5b-d9cb-469f-a165-70867728950e", "event_type": "click", "ts": "2026-03-01T00:00:01Z",
                 "user_id": "u-000003", "session_id": "s-1", "referrer": "search", "price": 1.5}"""))));
        SourceRecord first = chain.get(2).apply(enriched);
        // The same record a second time (a test, a retry): its map now belongs to the first call's result.
        SourceRecord second = chain.get(2).apply(enriched);
        List<Object> firstBefore = contents(first);

        SourceRecord timed = chain.get(4).apply(second);
        assertThat(timed.value()).isNotSameAs(first.value());
        assertThat(contents(first)).isEqualTo(firstBefore);
        assertThat(chain.get(4).apply(first).value()).isSameAs(first.value());
    }
}
