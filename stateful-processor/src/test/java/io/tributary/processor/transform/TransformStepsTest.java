package io.tributary.processor.transform;

import io.tributary.processor.config.ConfigError;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A job's transforms keys are read and checked as the config file is read, each error naming job and key. */
class TransformStepsTest {

    private static final String HEAD = """
            application.id: t
            bootstrap.servers: 127.0.0.1:9092
            jobs:
              - name: j
                kind: transform
                input: raw
                output: out
            """;

    @TempDir
    Path dir;

    private static ProcessorConfig parse(String jobKeys) {
        return ProcessorConfig.parse(HEAD + jobKeys.indent(4), "f.yaml");
    }

    @Test
    void stepsKeepTheListedOrderAndTheirOwnKeys() {
        ProcessorConfig config = parse("""
                transforms: 'b, a'
                transforms.a.type: org.apache.kafka.connect.transforms.InsertField$Value
                transforms.a.static.field: x
                transforms.a.static.value: y
                transforms.b.type: io.tributary.connect.transforms.rules.Rules
                transforms.b.rules: '[]'
                transforms.b.match: all
                """);
        JobSpec.Transform job = (JobSpec.Transform) config.jobs().get(0);
        assertThat(job.deadLetterTopic()).isEqualTo("out-dlq");
        assertThat(job.outputs()).as("Rules' default dlq.topic, ${topic}-dlq, on the input").containsExactly(
                "out", "out-dlq", "raw-dlq");
        assertThat(job.transforms().steps()).extracting(JobSpec.Transforms.Step::alias).containsExactly("b", "a");
        assertThat(job.transforms().steps().get(0).config()).containsOnly(
                java.util.Map.entry("rules", "[]"), java.util.Map.entry("match", "all"));
        assertThat(job.transforms().steps().get(1).type()).isEqualTo("org.apache.kafka.connect.transforms.InsertField$Value");
    }

    @Test
    void configProvidersOfTheKafkaSettingsResolveValues() throws IOException {
        Path secrets = Files.writeString(dir.resolve("s.properties"), "field=from-the-file\n");
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: t
                bootstrap.servers: 127.0.0.1:9092
                streams:
                  config.providers: file
                  config.providers.file.class: org.apache.kafka.common.config.provider.FileConfigProvider
                jobs:
                  - name: j
                    kind: transform
                    input: raw
                    output: out
                    transforms: a
                    transforms.a.type: org.apache.kafka.connect.transforms.InsertField$Value
                    transforms.a.static.field: ${file:%s:field}
                    transforms.a.static.value: y
                """.formatted(secrets), "f.yaml");
        assertThat(((JobSpec.Transform) config.jobs().get(0)).transforms().steps().get(0).config())
                .containsEntry("static.field", "from-the-file");
    }

    @Test
    void errorsNameTheJobAndTheKey() {
        assertThatThrownBy(() -> parse("output.format: json")).isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("f.yaml: job 'j': output.format: unknown key");
        assertThatThrownBy(() -> parse("dead.letter.topic: d")).hasMessage(
                "f.yaml: job 'j': transforms: is required: the aliases of the transforms to run, with their "
                        + "transforms.<alias>.* keys as in a connector config");
        assertThatThrownBy(() -> parse("transforms.a.type: x")).hasMessage(
                "f.yaml: job 'j': transforms: is required with transforms.* keys: the aliases in order, e.g. "
                        + "'validate,enrich'");
        assertThatThrownBy(() -> parse("transforms: a,a")).hasMessage("f.yaml: job 'j': transforms: lists 'a' twice");
        assertThatThrownBy(() -> parse("transforms: a")).hasMessage(
                "f.yaml: job 'j': transforms.a.type: is required: the transform's class, as in a connector config");
        assertThatThrownBy(() -> parse("transforms: a\ntransforms.a.type: com.example.Nope")).hasMessage(
                "f.yaml: job 'j': transforms.a.type: class com.example.Nope is not on the processor's classpath (it "
                        + "has Tributary's transforms and Kafka's own)");
        assertThatThrownBy(() -> parse("transforms: a\ntransforms.a.type: java.lang.String")).hasMessage(
                "f.yaml: job 'j': transforms.a.type: java.lang.String is not a Connect Transformation");
        assertThatThrownBy(() -> parse("transforms: a\ntransforms.a.type: org.apache.kafka.connect.transforms."
                + "InsertField$Value\ntransforms.b.static.field: x")).hasMessage(
                "f.yaml: job 'j': transforms.b.static.field: no alias of that name is listed in 'transforms' (a)");
        assertThatThrownBy(() -> parse("transforms: a\ntransforms.a.type: org.apache.kafka.connect.transforms."
                + "InsertField$Value\ntransforms.a.statik.field: x")).hasMessageStartingWith(
                "f.yaml: job 'j': transforms.a.statik.field: not a key of org.apache.kafka.connect.transforms."
                        + "InsertField$Value (its keys: ");
        assertThatThrownBy(() -> parse("transforms: a\ntransforms.a.type: io.tributary.connect.transforms.validate."
                + "ValidateSchema$Value\ntransforms.a.schema.inline: '{}'\ntransforms.a.on.invalid: bounce"))
                .hasMessageStartingWith("f.yaml: job 'j': transforms.a.on.invalid: ");
        assertThatThrownBy(() -> parse("transforms: a\ntransforms.a.type: org.apache.kafka.connect.transforms."
                + "InsertField$Value\ntransforms.a.predicate: p")).hasMessage("f.yaml: job 'j': transforms.a.predicate: "
                + "predicates are not supported in the processor: filter with a route job (or the job's where, on "
                + "dedup jobs)");
        assertThatThrownBy(() -> parse("transforms: a\ntransforms.a.type: org.apache.kafka.connect.transforms."
                + "InsertField$Value\ntransforms.a.static.field: {x: 1}")).hasMessage(
                "f.yaml: job 'j': transforms.a.static.field: must be text (or a list), as a connector config's value");
    }

    @Test
    void onlyTransformAndDedupJobsTakeTransforms() {
        String aggregate = HEAD.replace("kind: transform", "kind: aggregate") + """
                    group.by: x
                    window: {type: tumbling, size: 1m}
                    aggregations: [{name: n, fn: count}]
                    transforms: a
                """;
        assertThatThrownBy(() -> ProcessorConfig.parse(aggregate, "f.yaml"))
                .hasMessageStartingWith("f.yaml: job 'j': transforms: unknown key");
        String avroDedup = """
                application.id: t
                bootstrap.servers: 127.0.0.1:9092
                registry: {url: http://127.0.0.1:1/apis/registry/v2}
                jobs:
                  - {name: d, kind: dedup, input: raw, output: out, id: x, retention: 1h, input.format: avro,
                     transforms: a, transforms.a.type: org.apache.kafka.connect.transforms.InsertField$Value,
                     transforms.a.static.field: x, transforms.a.static.value: y}
                """;
        assertThatThrownBy(() -> ProcessorConfig.parse(avroDedup, "f.yaml")).hasMessage("f.yaml: job 'd': transforms: "
                + "run on JSON input only (the records are read as JsonConverter without schemas reads them)");
    }

    @Test
    void keysThatOnlyConfiguringRefusesFailAtLoadNamingJobAndAlias() {
        String v = "io.tributary.connect.transforms.validate.ValidateSchema$Value";
        assertThatThrownBy(() -> parse("transforms: v\ntransforms.v.type: " + v)).isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("f.yaml: job 'j': transforms.v: " + v + " cannot be configured with these "
                        + "keys: ").hasMessageContaining("give exactly one of schema.inline, schema.file and "
                        + "schema.registry.url");
        assertThatThrownBy(() -> parse("transforms: r\ntransforms.r.type: io.tributary.connect.transforms.rules.Rules"))
                .hasMessageStartingWith("f.yaml: job 'j': transforms.r: io.tributary.connect.transforms.rules.Rules "
                        + "cannot be configured with these keys: ").hasMessageContaining("give exactly one of rules "
                        + "and rules.file");
        assertThatThrownBy(() -> parse("""
                transforms: h
                transforms.h.type: io.tributary.connect.transforms.headers.HeaderToField$Value
                transforms.h.headers: a,b
                transforms.h.fields: x
                """)).hasMessageStartingWith("f.yaml: job 'j': transforms.h: io.tributary.connect.transforms.headers."
                + "HeaderToField$Value cannot be configured with these keys: ")
                .hasMessageContaining("names 1 fields for 2 headers");
        assertThatThrownBy(() -> parse("""
                transforms: e
                transforms.e.type: io.tributary.connect.transforms.enrich.EnrichFromRedis
                transforms.e.redis.uri: redis://127.0.0.1:1
                transforms.e.lookup.key.template: u:${user}
                transforms.e.target.field: profile
                transforms.e.target.header: profile
                """)).hasMessageStartingWith("f.yaml: job 'j': transforms.e: io.tributary.connect.transforms.enrich."
                + "EnrichFromRedis cannot be configured with these keys: ")
                .hasMessageContaining("give exactly one of target.field and target.header");
    }

    @Test
    void theTransformsDeadLetterTopicsAreOutputsSoTheyAreCreated() {
        String config = """
                application.id: t
                bootstrap.servers: 127.0.0.1:9092
                jobs:
                  - name: j
                    kind: transform
                    input: [a, b]
                    output: out
                    transforms: [stamp, validate, enrich, rules, time]
                    transforms.stamp.type: org.apache.kafka.connect.transforms.InsertField$Value
                    transforms.stamp.static.field: x
                    transforms.stamp.static.value: y
                    transforms.validate.type: io.tributary.connect.transforms.validate.ValidateSchema$Value
                    transforms.validate.schema.inline: '{"type": "object"}'
                    transforms.validate.dlq.topic: invalid
                    transforms.enrich.type: io.tributary.connect.transforms.enrich.EnrichFromRedis
                    transforms.enrich.redis.uri: redis://127.0.0.1:1
                    transforms.enrich.lookup.key.template: u:${user}
                    transforms.enrich.target.field: profile
                    transforms.enrich.dlq.topic: ${topic}-misses
                    transforms.rules.type: io.tributary.connect.transforms.rules.Rules
                    transforms.rules.rules: '[]'
                    transforms.rules.dlq.topic: rejected-${type}
                    transforms.time.type: io.tributary.connect.transforms.time.EventTime$Value
                    transforms.time.timestamp.field: ts
                  - name: d
                    kind: dedup
                    input: c
                    output: unique
                    id: id
                    retention: 1h
                    transforms: validate
                    transforms.validate.type: io.tributary.connect.transforms.validate.ValidateSchema$Value
                    transforms.validate.schema.inline: '{"type": "object"}'
                """;
        ProcessorConfig parsed = ProcessorConfig.parse(config, "f.yaml");
        assertThat(parsed.jobs().get(0).outputs()).as("a template of fields (rejected-${type}) is not known at load")
                .containsExactly("out", "out-dlq", "invalid", "a-misses", "b-misses", "a-dlq", "b-dlq");
        assertThat(parsed.jobs().get(1).outputs()).containsExactly("unique", "unique-dlq", "c-dlq");
    }
}
