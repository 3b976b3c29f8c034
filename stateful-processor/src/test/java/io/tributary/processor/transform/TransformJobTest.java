package io.tributary.processor.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.Driver;
import io.tributary.processor.ops.JobMetrics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Transform jobs, and dedup jobs with transforms, in TopologyTestDriver with Tributary's and Kafka's transforms. */
class TransformJobTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"id\",\"user\"],\"properties\":"
            + "{\"id\":{\"type\":\"string\"},\"qty\":{\"type\":\"integer\",\"minimum\":1}}}";
    private static final String VALIDATE = """
            application.id: transform-test
            bootstrap.servers: 127.0.0.1:9092
            jobs:
              - name: validate
                kind: transform
                input: raw
                output: valid
                dead.letter.topic: job-dlq
                transforms: validate
                transforms.validate.type: io.tributary.connect.transforms.validate.ValidateSchema$Value
                transforms.validate.schema.inline: '%s'
                transforms.validate.on.invalid: route
                transforms.validate.dlq.topic: invalid
            """.formatted(SCHEMA);

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    /**
     * JSON compared as JSON: values are written back by JsonConverter's rules, whose schemaless maps (Kafka's
     * converter's and ours) keep no key order.
     */
    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text + " is not JSON", e);
        }
    }

    @Test
    void validRecordsGoToTheOutputWithKeyTimestampAndHeadersAsTheyCame() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("binary", new byte[] {(byte) 0xff, 0, (byte) 0xc3, 0x28});
        headers.add("number", "0042".getBytes(StandardCharsets.UTF_8));
        try (Driver d = new Driver(VALIDATE, state)) {
            d.send("raw", "u-1", "{\"id\":\"e-1\",\"user\":\"u-1\",\"qty\":2,\"price\":1.5,\"tags\":[\"a\"]}", 77, headers);
            List<TestRecord<String, String>> valid = d.read("valid");
            assertThat(valid).hasSize(1);
            TestRecord<String, String> out = valid.get(0);
            assertThat(out.key()).isEqualTo("u-1");
            assertThat(json(out.value())).isEqualTo(json("{\"id\":\"e-1\",\"user\":\"u-1\",\"qty\":2,\"price\":1.5,\"tags\":[\"a\"]}"));
            assertThat(out.timestamp()).isEqualTo(77);
            assertThat(out.headers().toArray()).extracting(h -> h.key()).containsExactly("trace", "binary", "number");
            assertThat(out.headers().lastHeader("binary").value()).containsExactly(0xff, 0, 0xc3, 0x28);
            assertThat(Driver.header(out, "number")).as("byte for byte, not re-encoded as a number").isEqualTo("0042");
            assertThat(d.read("invalid")).isEmpty();
            assertThat(d.read("job-dlq")).isEmpty();
        }
    }

    @Test
    void aRecordATransformRoutesGoesToItsTopicWithTheTransformsErrorHeaders() {
        long before = JobMetrics.get(JobMetrics.Count.REDIRECTED, "validate");
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-2".getBytes(StandardCharsets.UTF_8));
        try (Driver d = new Driver(VALIDATE, state)) {
            d.send("raw", "u-2", "{\"id\":\"e-2\",\"qty\":0}", 5, headers);
            List<TestRecord<String, String>> invalid = d.read("invalid");
            assertThat(invalid).hasSize(1);
            TestRecord<String, String> dead = invalid.get(0);
            assertThat(dead.key()).isEqualTo("u-2");
            assertThat(json(dead.value())).isEqualTo(json("{\"id\":\"e-2\",\"qty\":0}"));
            assertThat(Driver.header(dead, "trace")).isEqualTo("t-2");
            assertThat(Driver.header(dead, "tributary.error.stage")).isEqualTo("validate");
            assertThat(Driver.header(dead, "tributary.error.transform"))
                    .isEqualTo("io.tributary.connect.transforms.validate.ValidateSchema$Value");
            assertThat(Driver.header(dead, "tributary.original.topic")).isEqualTo("raw");
            assertThat(Driver.header(dead, "tributary.original.partition")).isEqualTo("0");
            assertThat(Driver.header(dead, "tributary.original.offset")).isEqualTo("0");
            assertThat(Driver.header(dead, "tributary.processor.job")).isEqualTo("validate");
            assertThat(Driver.header(dead, "tributary.error.timestamp")).matches("\\d{13}");
            assertThat(Driver.header(dead, "tributary.error.message")).startsWith("2 violations");
            assertThat(json(Driver.header(dead, "tributary.validation.violations"))).containsExactlyInAnyOrder(
                    json("{\"path\":\"$.qty\",\"rule\":\"minimum\",\"message\":\"must have a minimum value of 1\"}"),
                    json("{\"path\":\"$.user\",\"rule\":\"required\",\"message\":\"required property 'user' not found\"}"));
            assertThat(d.read("valid")).isEmpty();
            assertThat(d.read("job-dlq")).isEmpty();
        }
        assertThat(JobMetrics.get(JobMetrics.Count.REDIRECTED, "validate") - before).isEqualTo(1);
    }

    @Test
    void aValueThatIsNotJsonIsADeadLetterOfTheJobUnchanged() {
        try (Driver d = new Driver(VALIDATE, state)) {
            d.send("k", "{not json", 1).sendBytes("k", new byte[] {(byte) 0xff, 1}, 2);
            List<TestRecord<String, String>> dead = d.read("job-dlq");
            assertThat(dead).hasSize(2);
            assertThat(dead.get(0).value()).isEqualTo("{not json");
            assertThat(dead).allSatisfy(r -> {
                assertThat(Driver.header(r, "tributary.error.stage")).isEqualTo("parse");
                assertThat(Driver.header(r, "tributary.error.message")).startsWith("the value is not JSON");
                assertThat(Driver.header(r, "tributary.processor.job")).isEqualTo("validate");
                assertThat(Driver.header(r, "tributary.original.topic")).isEqualTo("raw");
            });
        }
    }

    @Test
    void aTransformThatFailsMakesADeadLetterNamingItsAlias() throws IOException {
        Path profiles = Files.writeString(state.resolve("profiles.json"), "{\"user_profile:u-1\": {\"tier\": \"gold\"}}");
        String config = """
                application.id: transform-test
                bootstrap.servers: 127.0.0.1:9092
                jobs:
                  - name: enrich
                    kind: transform
                    input: raw
                    output: enriched
                    transforms: profile
                    transforms.profile.type: io.tributary.connect.transforms.enrich.EnrichFromFile
                    transforms.profile.lookup.file: %s
                    transforms.profile.lookup.key.template: user_profile:${user}
                    transforms.profile.target.field: profile
                    transforms.profile.on.miss: fail
                """.formatted(profiles);
        try (Driver d = new Driver(config, state)) {
            d.send("u-1", "{\"id\":\"e-1\",\"user\":\"u-1\"}", 1).send("u-9", "{\"id\":\"e-9\",\"user\":\"u-9\"}", 2);
            assertThat(d.read("enriched")).extracting(r -> json(r.value()))
                    .containsExactly(json("{\"id\":\"e-1\",\"user\":\"u-1\",\"profile\":{\"tier\":\"gold\"}}"));
            List<TestRecord<String, String>> dead = d.read("enriched-dlq");
            assertThat(dead).extracting(r -> json(r.value())).containsExactly(json("{\"id\":\"e-9\",\"user\":\"u-9\"}"));
            assertThat(Driver.header(dead.get(0), "tributary.error.stage")).isEqualTo("transform");
            assertThat(Driver.header(dead.get(0), "tributary.error.message")).startsWith(
                    "transform 'profile' failed: org.apache.kafka.connect.errors.DataException: Enrichment failed");
        }
    }

    @Test
    void rulesRouteAndDropAndKafkasOwnTransformsRunToo() {
        String config = """
                application.id: transform-test
                bootstrap.servers: 127.0.0.1:9092
                jobs:
                  - name: route
                    kind: transform
                    input: raw
                    output: rest
                    transforms: [stamp, rules]
                    transforms.stamp.type: org.apache.kafka.connect.transforms.InsertField$Value
                    transforms.stamp.static.field: pipeline
                    transforms.stamp.static.value: cart
                    transforms.rules.type: io.tributary.connect.transforms.rules.Rules
                    transforms.rules.rules: '[{"name": "big", "condition": {"field": "qty", "op": ">=", "value": 10}, "actions": [{"route": "big"}, {"tag": "bulk"}]}, {"name": "noise", "condition": {"field": "type", "op": "=", "value": "noise"}, "actions": [{"drop": true}]}]'
                """;
        long filtered = JobMetrics.get(JobMetrics.Count.FILTERED, "route");
        try (Driver d = new Driver(config, state)) {
            d.send("a", "{\"qty\":12}", 1).send("b", "{\"qty\":1}", 2).send("c", "{\"type\":\"noise\"}", 3);
            List<TestRecord<String, String>> big = d.read("big");
            assertThat(big).extracting(r -> json(r.value())).containsExactly(json("{\"qty\":12,\"pipeline\":\"cart\"}"));
            assertThat(Driver.header(big.get(0), "tributary.tags")).isEqualTo("bulk");
            assertThat(Driver.header(big.get(0), "tributary.processor.job")).as("a route, not a dead letter").isNull();
            assertThat(d.read("rest")).extracting(r -> json(r.value())).containsExactly(json("{\"qty\":1,\"pipeline\":\"cart\"}"));
        }
        assertThat(JobMetrics.get(JobMetrics.Count.FILTERED, "route") - filtered).isEqualTo(1);
    }

    @Test
    void aDedupJobRunsItsTransformsOnFirstOccurrencesOnly() {
        String config = """
                application.id: dedup-transform-test
                bootstrap.servers: 127.0.0.1:9092
                jobs:
                  - name: dedup
                    kind: dedup
                    input: valid
                    output: unique
                    dead.letter.topic: dlq
                    id: id
                    retention: 1h
                    transforms: count, stamp
                    transforms.count.type: io.tributary.processor.transform.CountingTransform
                    transforms.stamp.type: org.apache.kafka.connect.transforms.InsertField$Value
                    transforms.stamp.static.field: first
                    transforms.stamp.static.value: 'yes'
                """;
        int applied = CountingTransform.APPLIED.get();
        try (Driver d = new Driver(config, state)) {
            d.send("u", "{\"id\":\"a\"}", 1).send("u", "{\"id\":\"a\"}", 2).send("u", "{\"id\":\"b\"}", 3)
                    .send("u", "{\"id\":\"a\"}", 4).send("u", "{\"x\":1}", 5);
            assertThat(d.read("unique")).extracting(r -> json(r.value()))
                    .containsExactly(json("{\"id\":\"a\",\"first\":\"yes\"}"), json("{\"id\":\"b\",\"first\":\"yes\"}"));
            assertThat(d.read("dlq")).extracting(r -> Driver.header(r, "tributary.error.stage")).containsExactly("id");
        }
        assertThat(CountingTransform.APPLIED.get() - applied).as("records that reached the chain").isEqualTo(2);
    }

    private static String dedupValidating(String onInvalid) {
        return """
                application.id: dedup-transform-test
                bootstrap.servers: 127.0.0.1:9092
                jobs:
                  - name: dedup
                    kind: dedup
                    input: raw
                    output: unique
                    dead.letter.topic: dlq
                    id: id
                    retention: 1h
                    transforms: validate
                    transforms.validate.type: io.tributary.connect.transforms.validate.ValidateSchema$Value
                    transforms.validate.schema.inline: '%s'
                    transforms.validate.on.invalid: %s
                    transforms.validate.dlq.topic: invalid
                """.formatted(SCHEMA, onInvalid);
    }

    @Test
    void anEventTheChainFailsOnIsNotSeenSoItsResendComesOut() {
        try (Driver d = new Driver(dedupValidating("fail"), state)) {
            d.send("u", "{\"id\":\"a\",\"user\":\"u\",\"qty\":0}", 1);
            assertThat(d.read("dlq")).extracting(r -> Driver.header(r, "tributary.error.stage"))
                    .containsExactly("transform");
            d.send("u", "{\"id\":\"a\",\"user\":\"u\",\"qty\":1}", 2)
                    .send("u", "{\"id\":\"a\",\"user\":\"u\",\"qty\":2}", 3);
            assertThat(d.read("unique")).as("the resend, then a repeat of it dropped").extracting(r -> json(r.value()))
                    .containsExactly(json("{\"id\":\"a\",\"user\":\"u\",\"qty\":1}"));
            assertThat(d.read("dlq")).isEmpty();
        }
    }

    @Test
    void anEventATransformRoutesCountsAsSeen() {
        try (Driver d = new Driver(dedupValidating("route"), state)) {
            d.send("u", "{\"id\":\"a\",\"user\":\"u\",\"qty\":0}", 1)
                    .send("u", "{\"id\":\"a\",\"user\":\"u\",\"qty\":1}", 2);
            assertThat(d.read("invalid")).extracting(r -> json(r.value()))
                    .containsExactly(json("{\"id\":\"a\",\"user\":\"u\",\"qty\":0}"));
            assertThat(d.read("unique")).isEmpty();
            assertThat(d.read("dlq")).isEmpty();
        }
    }
}
