package io.tributary.connect.transforms.rules;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.transforms.Records;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static io.tributary.connect.transforms.Records.header;
import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;

class RulesTest {

    private static final String RULES = """
            [
              {"name": "drop-test-users", "priority": 100,
               "condition": {"field": "user_id", "op": "prefix", "value": "test-"},
               "actions": [{"drop": true}]},
              {"name": "big-payments", "priority": 50,
               "condition": {"all": [{"field": "event_type", "op": "=", "value": "payment"},
                                     {"field": "amount", "op": ">=", "value": 100}]},
               "actions": [{"route": "payments-large-${currency}"}, {"tag": "large"},
                           {"set": {"field": "review", "value": true}}, {"header": {"name": "x-owner", "value": "risk"}}],
               "metadata": {"owner": "risk"}},
              {"name": "payments", "priority": 40,
               "condition": {"field": "event_type", "op": "in", "value": ["payment", "refund"]},
               "actions": [{"route": "payments"}]},
              {"name": "clicks", "condition": {"any": [{"field": "event_type", "op": "regex", "value": "^(page_view|click)$"},
                                                     {"field": "page", "op": "contains", "value": "/products/"}]},
               "actions": [{"route": "clicks"}, {"remove": "referrer"}]},
              {"name": "no-user", "condition": {"not": {"field": "user_id", "op": "exists"}},
               "actions": [{"route": "anonymous"}, {"stop": true}]}
            ]
            """;

    private static Rules<SourceRecord> rules(Object... config) {
        Rules<SourceRecord> transform = new Rules<>();
        Map<String, Object> props = map(config);
        props.putIfAbsent("rules", RULES);
        transform.configure(props);
        return transform;
    }

    @Test
    void everyKeyIsDocumented() {
        ConfigDefAssertions.assertFullyDocumented(Rules.CONFIG_DEF);
    }

    @Test
    void theFirstMatchingRuleByPriorityActs() {
        Rules<SourceRecord> rules = rules();
        SourceRecord big = rules.apply(Records.value(map("event_type", "payment", "amount", 250.0, "currency", "EUR",
                "user_id", "u1")));
        assertThat(big.topic()).isEqualTo("payments-large-EUR");
        assertThat(header(big, "tributary.tags")).isEqualTo("large");
        assertThat(header(big, "x-owner")).isEqualTo("risk");
        assertThat(((Map<?, ?>) big.value()).get("review")).isEqualTo(true);

        SourceRecord small = rules.apply(Records.value(map("event_type", "payment", "amount", 5L, "user_id", "u1")));
        assertThat(small.topic()).isEqualTo("payments");
        assertThat(((Map<?, ?>) small.value()).containsKey("review")).isFalse();

        assertThat(rules.apply(Records.value(map("event_type", "payment", "amount", 500, "user_id", "test-7")))).isNull();
        assertThat(rules.matchCounts()).containsEntry("big-payments", 1L).containsEntry("payments", 1L)
                .containsEntry("drop-test-users", 1L);
    }

    @Test
    void inAllModeEveryMatchingRuleActsUntilStop() {
        Rules<SourceRecord> rules = rules("match", "all");
        SourceRecord out = rules.apply(Records.value(map("event_type", "payment", "amount", 250L, "currency", "USD",
                "user_id", "u1")));
        // big-payments routes, then payments (lower priority) routes again: the last route wins.
        assertThat(out.topic()).isEqualTo("payments");
        assertThat(header(out, "tributary.tags")).isEqualTo("large");
        SourceRecord anonymous = rules.apply(Records.value(map("event_type", "click", "referrer", "x")));
        // clicks matches first (remove referrer, route clicks), then no-user (route anonymous, stop).
        assertThat(anonymous.topic()).isEqualTo("anonymous");
        assertThat(((Map<?, ?>) anonymous.value()).containsKey("referrer")).isFalse();
    }

    @Test
    void unmatchedRecordsKeepTheirTopicOrGoToTheUnmatchedTopic() {
        SourceRecord iot = Records.value(map("event_type", "sensor_reading", "user_id", "u1"));
        assertThat(rules().apply(iot).topic()).isEqualTo("events");
        assertThat(rules("unmatched.topic", "unrouted-${topic}").apply(iot).topic()).isEqualTo("unrouted-events");
    }

    @Test
    void aRouteWhoseTemplateFieldIsMissingGoesToTheDeadLetterTopic() {
        SourceRecord out = rules().apply(Records.value(map("event_type", "payment", "amount", 150, "user_id", "u1")));
        assertThat(out.topic()).isEqualTo("events-dlq");
        assertThat(header(out, ErrorHeaders.ERROR_MESSAGE)).contains("big-payments").contains("currency");
    }

    @Test
    void structsAreRoutedAndEditedWithTheirSchemas() {
        Schema schema = SchemaBuilder.struct().name("Payment").field("event_type", Schema.STRING_SCHEMA)
                .field("amount", Schema.FLOAT64_SCHEMA).field("currency", Schema.STRING_SCHEMA)
                .field("user_id", Schema.OPTIONAL_STRING_SCHEMA).build();
        Struct payment = new Struct(schema).put("event_type", "payment").put("amount", 120.0).put("currency", "GBP")
                .put("user_id", "u9");
        SourceRecord out = rules().apply(Records.value(schema, payment));
        assertThat(out.topic()).isEqualTo("payments-large-GBP");
        Struct value = (Struct) out.value();
        value.validate();
        assertThat(value.getBoolean("review")).isTrue();
        assertThat(value.schema().field("review").schema()).isEqualTo(Schema.OPTIONAL_BOOLEAN_SCHEMA);
    }

    @Test
    void conditionsCanTestTheTopic() {
        Rules<SourceRecord> rules = rules("rules", """
                [{"name": "from-events", "condition": {"field": "$topic", "op": "=", "value": "events"},
                  "actions": [{"route": "seen-${topic}"}]}]""");
        assertThat(rules.apply(Records.value(map("a", 1))).topic()).isEqualTo("seen-events");
    }

    @Test
    void invalidRulesAreRefusedAtValidationWithTheRuleNameAndTheReason() {
        Map<String, String> problems = Map.of(
                "[{\"name\": \"a\", \"condition\": {\"field\": \"x\", \"op\": \"between\", \"value\": 1}, \"actions\": [{\"drop\": true}]}]",
                "rule 'a': condition: operator 'between' is unknown",
                "[{\"name\": \"b\", \"actions\": []}]", "rule 'b': \"actions\" must be a non-empty array",
                "[{\"name\": \"c\", \"condition\": {\"field\": \"x\", \"op\": \"regex\", \"value\": \"(\"}, \"actions\": [{\"drop\": true}]}]",
                "rule 'c': condition: invalid regex",
                "[{\"name\": \"d\", \"actions\": [{\"route\": \"t-${x\"}]}]", "rule 'd': actions[0]: template 't-${x' has an unclosed",
                "[{\"name\": \"e\", \"actions\": [{\"explode\": true}]}]", "rule 'e': actions[0]: unknown action 'explode'",
                "[{\"name\": \"f\", \"actions\": [{\"drop\": true}]}, {\"name\": \"f\", \"actions\": [{\"drop\": true}]}]",
                "rule 'f' is defined twice",
                "[{\"actions\": [{\"drop\": true}]}]", "rule #1 has no \"name\"",
                "{not json", "rules are not valid JSON");
        problems.forEach((rules, expected) -> {
            List<ConfigValue> values = Rules.CONFIG_DEF.validate(Map.of("rules", rules));
            ConfigValue value = values.stream().filter(v -> v.name().equals("rules")).findFirst().orElseThrow();
            assertThat(value.errorMessages()).as(rules).singleElement().asString().contains(expected);
        });
    }

    @Test
    void aRulesFileIsReloadedWhenItChangesAndAnInvalidVersionIsNotTaken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.json");
        Files.writeString(file, "[{\"name\": \"r1\", \"actions\": [{\"route\": \"one\"}]}]");
        Rules<SourceRecord> rules = new Rules<>();
        rules.configure(Map.of("rules.file", file.toString(), "rules.reload.interval.ms", "100"));
        assertThat(rules.apply(Records.value(map("a", 1))).topic()).isEqualTo("one");

        Files.writeString(file, "[{\"name\": \"r2\", \"actions\": [{\"route\": \"two\"}]}]");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Thread.sleep(150);
        assertThat(rules.apply(Records.value(map("a", 1))).topic()).isEqualTo("two");

        Files.writeString(file, "[{\"name\": \"r3\", \"actions\": [{\"route\": \"three\"}");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        Thread.sleep(150);
        assertThat(rules.apply(Records.value(map("a", 1))).topic()).isEqualTo("two");
    }
}
