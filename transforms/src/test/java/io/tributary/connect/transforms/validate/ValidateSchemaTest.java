package io.tributary.connect.transforms.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.transforms.Records;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.tributary.connect.transforms.Records.header;
import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidateSchemaTest {

    static final String PAYMENT_V1 = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
             "required": ["event_id", "amount"],
             "properties": {"event_id": {"type": "string"}, "amount": {"type": "number", "minimum": 0},
                            "currency": {"enum": ["EUR", "USD"]}}}""";
    static final String PAYMENT_V2 = """
            {"$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
             "required": ["event_id", "amount", "currency"],
             "properties": {"event_id": {"type": "string"}, "amount": {"type": "number"},
                            "currency": {"type": "string", "minLength": 3, "maxLength": 3}}}""";

    @TempDir
    Path dir;

    private static ValidateSchema<SourceRecord> validate(Object... config) {
        ValidateSchema<SourceRecord> transform = new ValidateSchema.Value<>();
        transform.configure(map(config));
        return transform;
    }

    private static JsonNode violations(SourceRecord record) throws Exception {
        return JsonData.MAPPER.readTree(header(record, ValidateSchema.HEADER_VIOLATIONS));
    }

    @Test
    void everyKeyIsDocumented() {
        ConfigDefAssertions.assertFullyDocumented(ValidateSchema.CONFIG_DEF);
    }

    @Test
    void validRecordsPassUnchanged() {
        SourceRecord record = Records.value(map("event_id", "e1", "amount", 9.5, "currency", "EUR"));
        assertThat(validate("schema.inline", PAYMENT_V1).apply(record)).isSameAs(record);
    }

    @Test
    void aNumberJsonCannotHoldIsAViolationNotACrash() {
        SourceRecord out = validate("schema.inline", PAYMENT_V1).apply(Records.value(map("event_id", "e", "amount",
                Double.NaN)));
        assertThat(out.topic()).isEqualTo("events-dlq");
        assertThat(header(out, ValidateSchema.HEADER_VIOLATIONS)).contains("cannot be checked as JSON");
    }

    @Test
    void invalidRecordsAreRoutedWithEveryViolationInTheHeaders() throws Exception {
        SourceRecord out = validate("schema.inline", PAYMENT_V1)
                .apply(Records.value(map("amount", -3, "currency", "GBP")));
        assertThat(out.topic()).isEqualTo("events-dlq");
        assertThat(header(out, DeadLetterRouteHeaders.ORIGINAL)).isEqualTo("events");
        assertThat(header(out, ValidateSchema.HEADER_SCHEMA)).isEqualTo("inline");
        assertThat(header(out, ErrorHeaders.ERROR_MESSAGE)).startsWith("3 violations of inline");
        JsonNode violations = violations(out);
        assertThat(violations).hasSize(3);
        assertThat(violations.findValuesAsText("rule")).containsExactlyInAnyOrder("required", "minimum", "enum");
        assertThat(violations.findValuesAsText("path")).contains("$.amount", "$.currency");
        assertThat(header(out, ErrorHeaders.ERROR_MESSAGE) + violations).doesNotContain("GBP").doesNotContain("-3");
    }

    @Test
    void invalidRecordsCanBeDroppedOrFailTheTask() {
        assertThat(validate("schema.inline", PAYMENT_V1, "on.invalid", "drop").apply(Records.value(map("x", 1)))).isNull();
        assertThatThrownBy(() -> validate("schema.inline", PAYMENT_V1, "on.invalid", "fail").apply(Records.value(map("x", 1))))
                .isInstanceOf(DataException.class).hasMessageContaining("$.event_id required");
    }

    @Test
    void jsonTextAndBytesAreValidatedAsJson() {
        ValidateSchema<SourceRecord> transform = validate("schema.inline", PAYMENT_V1);
        assertThat(transform.apply(Records.value("{\"event_id\":\"e\",\"amount\":1}")).topic()).isEqualTo("events");
        assertThat(transform.apply(Records.value("{\"amount\":1}".getBytes(StandardCharsets.UTF_8))).topic())
                .isEqualTo("events-dlq");
        SourceRecord broken = transform.apply(Records.value("{\"event_id\":"));
        assertThat(header(broken, ErrorHeaders.ERROR_MESSAGE)).contains("$ json");
    }

    @Test
    void structsAreValidatedAgainstJsonSchemaAndAvro() {
        Schema schema = SchemaBuilder.struct().name("Payment").field("event_id", Schema.OPTIONAL_STRING_SCHEMA)
                .field("amount", Schema.FLOAT64_SCHEMA).build();
        Struct missingId = new Struct(schema).put("amount", 3.0);
        assertThat(validate("schema.inline", PAYMENT_V1).apply(Records.value(schema, missingId)).topic())
                .isEqualTo("events-dlq");
        String avro = "{\"type\": \"record\", \"name\": \"Payment\", \"fields\": [{\"name\": \"event_id\", \"type\": "
                + "\"string\"}, {\"name\": \"amount\", \"type\": \"double\"}, {\"name\": \"note\", \"type\": [\"null\", "
                + "\"string\"], \"default\": null}]}";
        ValidateSchema<SourceRecord> byAvro = validate("schema.type", "avro", "schema.inline", avro);
        SourceRecord out = byAvro.apply(Records.value(schema, missingId));
        assertThat(header(out, ErrorHeaders.ERROR_MESSAGE)).isEqualTo("1 violation of inline version inline: $.event_id required");
        assertThat(byAvro.apply(Records.value(schema, new Struct(schema).put("event_id", "e").put("amount", 1.0))).topic())
                .isEqualTo("events");
        assertThat(header(byAvro.apply(Records.value(map("event_id", 5, "amount", 1.0))), ErrorHeaders.ERROR_MESSAGE))
                .contains("$.event_id type");
    }

    @Test
    void aDirectoryHoldsVersionsAndARecordMayNameItsOwn() throws Exception {
        Path versions = Files.createDirectories(dir.resolve("payments"));
        Files.writeString(versions.resolve("1.json"), PAYMENT_V1);
        Files.writeString(versions.resolve("2.json"), PAYMENT_V2);
        ValidateSchema<SourceRecord> transform = validate("schema.file", versions.toString(),
                "schema.version.field", "schema_version");
        // Valid for v1 only (no currency): passes without a named version, fails when it names v2.
        Map<String, Object> v1Only = map("event_id", "e", "amount", 1);
        assertThat(transform.apply(Records.value(v1Only)).topic()).isEqualTo("events");
        Map<String, Object> namingV2 = map("event_id", "e", "amount", 1, "schema_version", "2");
        SourceRecord out = transform.apply(Records.value(namingV2));
        assertThat(out.topic()).isEqualTo("events-dlq");
        assertThat(header(out, ValidateSchema.HEADER_VERSION)).isEqualTo("2");
        Map<String, Object> namingV9 = map("event_id", "e", "amount", 1, "schema_version", 9);
        assertThat(header(transform.apply(Records.value(namingV9)), ErrorHeaders.ERROR_MESSAGE))
                .contains("$ version");
    }

    @Test
    void registrySchemasAreFetchedOnceAndKeptThroughAnOutage() throws Exception {
        try (SchemaRegistryStub registry = new SchemaRegistryStub()) {
            registry.register("payments-value", 1, PAYMENT_V1);
            registry.register("payments-value", 2, PAYMENT_V2);
            ValidateSchema<SourceRecord> transform = validate("schema.registry.url", registry.url(),
                    "schema.registry.subject", "payments-value", "schema.registry.versions", "latest,1",
                    "schema.registry.cache.ttl.ms", "0", "schema.version.header", "schema-version");
            SourceRecord v1Only = Records.value(map("event_id", "e", "amount", 1));
            assertThat(transform.apply(v1Only).topic()).isEqualTo("events");
            SourceRecord invalid = transform.apply(Records.value(map("amount", "x")));
            assertThat(header(invalid, ValidateSchema.HEADER_VERSION)).isEqualTo("2");
            assertThat(header(invalid, ValidateSchema.HEADER_ID)).isEqualTo("102");
            assertThat(header(invalid, ValidateSchema.HEADER_SCHEMA)).isEqualTo("payments-value");

            registry.down = true;
            // TTL 0: every use asks the registry; while it is down the last good copies are used.
            assertThat(transform.apply(v1Only).topic()).isEqualTo("events");
            assertThat(registry.requests.get()).isGreaterThan(2);
        }
    }

    @Test
    void registrySchemasAreCachedForTheirTtl() throws Exception {
        try (SchemaRegistryStub registry = new SchemaRegistryStub()) {
            registry.register("s", 1, PAYMENT_V1);
            ValidateSchema<SourceRecord> transform = validate("schema.registry.url", registry.url(),
                    "schema.registry.subject", "s");
            for (int i = 0; i < 100; i++) {
                transform.apply(Records.value(map("event_id", "e", "amount", i)));
            }
            assertThat(registry.requests.get()).isEqualTo(1);
        }
    }

    @Test
    void badSchemasAndSourcesAreReportedWithTheirKeys() throws Exception {
        Path existing = Files.writeString(dir.resolve("p.json"), PAYMENT_V1);
        assertThatThrownBy(() -> validate("schema.inline", PAYMENT_V1, "schema.file", existing.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of");
        assertThat(ValidateSchema.CONFIG_DEF.validate(Map.of("schema.inline", "{not json", "schema.file",
                dir.resolve("missing.json").toString())).stream().filter(v -> !v.errorMessages().isEmpty())
                .map(v -> v.name() + ": " + v.errorMessages().get(0)))
                .containsExactlyInAnyOrder(
                        "schema.inline: Invalid value {not json for configuration schema.inline: is not valid JSON",
                        "schema.file: Invalid value " + dir.resolve("missing.json")
                                + " for configuration schema.file: does not exist or cannot be read by the worker");
        assertThat(ValidateSchema.CONFIG_DEF.validate(Map.of("schema.inline",
                "{\"type\": \"object\", \"properties\": {\"id\": {\"type\": \"strin\"}, \"n\": {\"minLength\": -1}}}"))
                .stream().filter(v -> v.name().equals("schema.inline")).findFirst().orElseThrow().errorMessages())
                .singleElement().asString()
                .contains("meta-schema of https://json-schema.org/draft/2020-12/schema", "/properties/id/type",
                        "/properties/n/minLength");
        assertThat(ValidateSchema.CONFIG_DEF.validate(Map.of("schema.inline", "{\"type\": \"record\", \"fields\": []}"))
                .stream().filter(v -> v.name().equals("schema.inline")).findFirst().orElseThrow().errorMessages())
                .singleElement().asString().startsWith("Invalid value").contains("not a valid Avro schema");
        // A draft-07 tuple without $schema is valid if the default draft is draft-07: the key alone cannot tell.
        assertThat(ValidateSchema.CONFIG_DEF.validate(Map.of("schema.inline",
                "{\"type\": \"array\", \"items\": [{\"type\": \"string\"}]}")).stream()
                .filter(v -> v.name().equals("schema.inline")).findFirst().orElseThrow().errorMessages()).isEmpty();
        assertThatThrownBy(() -> validate("schema.inline", "{\"type\": \"array\", \"items\": [{\"type\": \"string\"}]}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("/items");
        assertThat(validate("schema.inline", "{\"type\": \"array\", \"items\": [{\"type\": \"string\"}]}",
                "json.schema.default.draft", "draft-07")).isNotNull();
        Path bad = Files.writeString(dir.resolve("bad.avsc"), "{\"type\": \"record\"}");
        assertThatThrownBy(() -> validate("schema.type", "avro", "schema.file", bad.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a valid Avro schema");
    }

    /** The header the dead-letter route adds, spelled once for the assertions above. */
    private static final class DeadLetterRouteHeaders {
        static final String ORIGINAL = io.tributary.connect.transforms.base.DeadLetterRoute.ORIGINAL_TOPIC;
    }
}
