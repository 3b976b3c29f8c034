package io.tributary.connect.transforms;

import io.tributary.connect.transforms.enrich.EnrichFromFile;
import io.tributary.connect.transforms.protect.ProtectFields;
import io.tributary.connect.transforms.rules.Rules;
import io.tributary.connect.transforms.time.EventTime;
import io.tributary.connect.transforms.validate.ValidateSchema;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every transform gives Struct records of one input schema one output schema — the same instance — whatever each
 * record holds (a rule matched or not, a lookup found something or not), and a changed input schema a new one: a
 * registry converter after the chain then registers one version per logical change (issue 16).
 */
class SchemaStabilityTest {

    private static final Schema V1 = SchemaBuilder.struct().name("io.tributary.test.Event")
            .field("event_id", Schema.STRING_SCHEMA).field("event_type", Schema.STRING_SCHEMA)
            .field("ts", Schema.STRING_SCHEMA).field("user_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA).field("card", Schema.OPTIONAL_STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA).build();
    /** V1 with one more optional field: the logical change. */
    private static final Schema V2 = SchemaBuilder.struct().name("io.tributary.test.Event")
            .field("event_id", Schema.STRING_SCHEMA).field("event_type", Schema.STRING_SCHEMA)
            .field("ts", Schema.STRING_SCHEMA).field("user_id", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Schema.OPTIONAL_FLOAT64_SCHEMA).field("card", Schema.OPTIONAL_STRING_SCHEMA)
            .field("country", Schema.STRING_SCHEMA).field("channel", Schema.OPTIONAL_STRING_SCHEMA).build();

    @TempDir
    Path dir;

    private static Struct event(Schema schema, int i, String type, String user) {
        Struct s = new Struct(schema).put("event_id", "e" + i).put("event_type", type)
                .put("ts", "2026-03-01T00:00:0" + (i % 10) + "Z").put("user_id", user).put("amount", 10.0 * i)
                .put("card", "4111111111111111").put("country", "DE");
        if (schema.field("channel") != null) {
            s.put("channel", "web");
        }
        return s;
    }

    /** Records of V1 that differ in every way a transform may care about, then records of V2. */
    private static List<SourceRecord> records(Schema schema) {
        return List.of(
                Records.value(schema, event(schema, 1, "payment", "u1")),
                Records.value(schema, event(schema, 2, "page_view", "nobody")),
                Records.value(schema, event(schema, 3, "payment", null)),
                Records.value(schema, event(schema, 4, "sensor_reading", "u2")));
    }

    private static void assertOneSchemaPerInputSchema(Transformation<SourceRecord> transform) {
        assertOneSchemaPerInputSchema(transform::apply);
    }

    private static void assertOneSchemaPerInputSchema(Function<SourceRecord, SourceRecord> transform) {
        Schema first = null;
        for (SourceRecord record : records(V1)) {
            SourceRecord out = transform.apply(record);
            ((Struct) out.value()).validate();
            assertThat(((Struct) out.value()).schema()).isSameAs(out.valueSchema());
            if (first == null) {
                first = out.valueSchema();
            }
            assertThat(out.valueSchema()).as("output schema of record %s", record.value()).isSameAs(first);
        }
        Schema second = null;
        for (SourceRecord record : records(V2)) {
            SourceRecord out = transform.apply(record);
            ((Struct) out.value()).validate();
            if (second == null) {
                second = out.valueSchema();
            }
            assertThat(out.valueSchema()).isSameAs(second);
        }
        assertThat(second).isNotEqualTo(first);
        // Back to the first input schema (a late record of V1, a second task's records): the first output again.
        assertThat(transform.apply(records(V1).get(1)).valueSchema()).isSameAs(first);
    }

    @Test
    void eventTimeAddsOneMetadataSchemaPerInputSchema() {
        EventTime<SourceRecord> transform = new EventTime.Value<>();
        transform.configure(map("timestamp.field", "ts", "metadata.mode", "fields", "metadata.source", "test"));
        assertOneSchemaPerInputSchema(transform);
    }

    @Test
    void protectFieldsGivesOneSchemaPerInputSchema() {
        ProtectFields<SourceRecord> transform = new ProtectFields.Value<>();
        transform.configure(map("mask.fields", "card", "hash.fields", "user_id", "hash.key", "k",
                "encrypt.fields", "amount", "encryption.keys", "1:" + Base64.getEncoder().encodeToString(new byte[32]),
                "encryption.key.id", "1", "drop.fields", "country"));
        assertOneSchemaPerInputSchema(transform);
    }

    @Test
    void rulesGiveOneSchemaWhicheverRulesMatch() {
        Rules<SourceRecord> transform = new Rules<>();
        transform.configure(map("match", "all", "rules", """
                [{"name": "pay", "condition": {"field": "event_type", "op": "=", "value": "payment"},
                  "actions": [{"set": {"field": "review", "value": true}}, {"remove": "card"}, {"route": "payments"}]},
                 {"name": "anonymous", "condition": {"not": {"field": "user_id", "op": "exists"}},
                  "actions": [{"set": {"field": "anonymous", "value": "yes"}}, {"remove": "country"}]}]"""));
        assertOneSchemaPerInputSchema(transform);
        SourceRecord matched = transform.apply(records(V1).get(0));
        SourceRecord unmatched = transform.apply(records(V1).get(1));
        assertThat(((Struct) matched.value()).getBoolean("review")).isTrue();
        assertThat(((Struct) matched.value()).get("card")).isNull();
        assertThat(((Struct) unmatched.value()).get("review")).isNull();
        assertThat(((Struct) unmatched.value()).getString("card")).isEqualTo("4111111111111111");
        assertThat(((Struct) transform.apply(records(V1).get(2)).value()).get("country")).isNull();
        assertThat(matched.valueSchema().field("country").schema().isOptional()).isTrue();
    }

    @Test
    void enrichmentGivesHitsAndMissesOneSchema() throws Exception {
        Path table = Files.writeString(dir.resolve("profiles.json"), """
                {"user_profile:u1": {"tier": "gold", "country": "DE"},
                 "user_profile:u2": {"tier": "silver", "country": "FR"}}""");
        for (String targetSchema : List.of("", "tier:string, country:string?")) {
            EnrichFromFile<SourceRecord> transform = new EnrichFromFile<>();
            transform.configure(map("lookup.file", table.toString(), "lookup.key.template", "user_profile:${user_id}",
                    "target.field", "user", "target.schema", targetSchema));
            assertOneSchemaPerInputSchema(transform);
            SourceRecord miss = transform.apply(records(V1).get(1));
            assertThat(((Struct) miss.value()).get("user")).isNull();
        }
    }

    @Test
    void validateSchemaLeavesTheSchemaAsItIs() {
        ValidateSchema<SourceRecord> transform = new ValidateSchema.Value<>();
        transform.configure(map("schema.inline", "{\"type\": \"object\", \"required\": [\"event_id\"]}"));
        for (SourceRecord record : records(V1)) {
            assertThat(transform.apply(record).valueSchema()).isSameAs(V1);
        }
    }

    @Test
    void theWholeChainGivesOneSchemaPerInputSchema() throws Exception {
        Path table = Files.writeString(dir.resolve("profiles.json"), "{\"user_profile:u1\": {\"tier\": \"gold\"}}");
        EventTime<SourceRecord> time = new EventTime.Value<>();
        time.configure(map("timestamp.field", "ts", "metadata.mode", "fields"));
        EnrichFromFile<SourceRecord> enrich = new EnrichFromFile<>();
        enrich.configure(map("lookup.file", table.toString(), "lookup.key.template", "user_profile:${user_id}",
                "target.field", "user"));
        Rules<SourceRecord> rules = new Rules<>();
        rules.configure(map("rules", """
                [{"name": "clicks", "condition": {"field": "event_type", "op": "=", "value": "page_view"},
                  "actions": [{"set": {"field": "channel", "value": "web"}}]}]"""));
        ProtectFields<SourceRecord> protect = new ProtectFields.Value<>();
        protect.configure(map("mask.fields", "card", "hash.fields", "user_id", "hash.key", "k"));
        assertOneSchemaPerInputSchema(r -> protect.apply(rules.apply(enrich.apply(time.apply(r)))));
    }
}
