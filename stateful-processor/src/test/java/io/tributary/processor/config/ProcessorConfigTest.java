package io.tributary.processor.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessorConfigTest {

    private static final String HEAD = """
            application.id: test
            bootstrap.servers: 127.0.0.1:9092
            jobs:
            """;

    @Test
    void aFullConfigIsReadWithItsDefaults() {
        ProcessorConfig config = ProcessorConfig.parse(HEAD + """
                  - {name: dedup, kind: dedup, input: raw, output: unique, id: event_id, retention: 1h, time.field: ts}
                  - name: per-type
                    kind: aggregate
                    input: unique
                    output: per-type-1m
                    group.by: [event_type, country]
                    time.field: ts
                    window: {type: hopping, size: 5m, advance: 1m, grace: 10s}
                    emit: update
                    aggregations:
                      - {name: events, fn: count}
                      - {name: amount_p, fn: percentiles, field: amount}
                """, "f.yaml");
        assertThat(config.streams()).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("application.id", "test")
                .containsEntry("tributary.rocksdb.memory.bytes", Long.toString(64L << 20));
        assertThat(ProcessorConfig.parse("state.memory: 1GB\n" + HEAD + "  - {name: d, kind: dedup, input: a, output: b, "
                + "id: x, retention: 1h}", "f.yaml").streams()).containsEntry("tributary.rocksdb.memory.bytes",
                Long.toString(1L << 30));
        JobSpec.Dedup dedup = (JobSpec.Dedup) config.jobs().get(0);
        assertThat(dedup.retention()).isEqualTo(Duration.ofHours(1));
        assertThat(dedup.deadLetterTopic()).isEqualTo("unique-dlq");
        JobSpec.Aggregate agg = (JobSpec.Aggregate) config.jobs().get(1);
        assertThat(agg.window()).isEqualTo(new JobSpec.Window(JobSpec.WindowType.HOPPING, Duration.ofMinutes(5),
                Duration.ofMinutes(1), Duration.ofSeconds(10), null));
        assertThat(agg.emit()).isEqualTo(JobSpec.Emit.UPDATE);
        assertThat(agg.lateTopic()).isEqualTo("per-type-1m-late");
        assertThat(agg.aggregations().get(1).ranks()).containsExactly(0.5, 0.95, 0.99);
    }

    @Test
    void theDemoConfigLoadsAndBuildsATopology() throws Exception {
        ProcessorConfig config = ProcessorConfig.load(Path.of("../connector-configs/processor/demo.yaml"));
        assertThat(config.jobs()).extracting(JobSpec::name).containsExactly("dedup", "per-type-1m",
                "per-user-5m", "user-sessions");
        assertThat(io.tributary.processor.ProcessorApp.topology(config).describe().subtopologies()).hasSizeGreaterThan(3);
    }

    @Test
    void theCartEventsConfigValidatesThenDedupsAndEnrichesWithTransforms() throws Exception {
        ProcessorConfig config = ProcessorConfig.load(Path.of("../connector-configs/processor/cart-events.yaml"));
        assertThat(config.jobs()).extracting(JobSpec::name, JobSpec::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("validate", "transform"),
                org.assertj.core.groups.Tuple.tuple("enrich", "dedup"));
        JobSpec.Transform validate = (JobSpec.Transform) config.jobs().get(0);
        assertThat(validate.transforms().steps().get(0).config().get("schema.file"))
                .as("${env:TRIBUTARY_ROOT} resolved by the env config provider")
                .endsWith("/connector-configs/schemas/cart-event.schema.json").doesNotContain("${");
        JobSpec.Dedup enrich = (JobSpec.Dedup) config.jobs().get(1);
        assertThat(enrich.transforms().steps()).extracting(JobSpec.Transforms.Step::alias)
                .containsExactly("profile", "store", "route");
        assertThat(config.httpHost() + ":" + config.httpPort()).as("not 8090, which `up`'s processor holds")
                .isEqualTo("127.0.0.1:8093");
    }

    @Test
    void everyExampleConfigLoadsAndBuildsATopology() throws Exception {
        try (var files = java.nio.file.Files.list(Path.of("../connector-configs/processor"))) {
            List<Path> yamls = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(yamls).hasSizeGreaterThanOrEqualTo(2);
            for (Path yaml : yamls) {
                ProcessorConfig config = ProcessorConfig.load(yaml);
                assertThat(io.tributary.processor.ProcessorApp.topology(config).describe().subtopologies())
                        .as(yaml.toString()).isNotEmpty();
            }
        }
    }

    @Test
    void errorsNameTheJobAndTheKey() {
        assertError("  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1 hour}",
                "f.yaml: job 'd': retention: '1 hour' is not a duration (e.g. 500ms, 10s, 1m, 2h, 1d)");
        assertError("  - {name: d, kind: dedup, input: a, output: b, id: x, retension: 1h}",
                "f.yaml: job 'd': retension: unknown key");
        assertError("  - {name: d, kind: dedup, input: a, output: b, retention: 1h}",
                "f.yaml: job 'd': id: give exactly one of id (fields) and id.header");
        assertError("  - {name: a, kind: aggregate, input: a, output: b, group.by: k, window: {type: hopping, size: 1m, "
                + "advance: 2m}, aggregations: [{name: n, fn: count}]}", "job 'a': window.advance: must not be longer than size");
        assertError("  - {name: a, kind: aggregate, input: a, output: b, group.by: k, window: {type: tumbling, size: 1m},"
                + " aggregations: [{name: s, fn: sum}]}", "job 'a': aggregations[0].field: is required for sum");
        assertError("  - {name: a, kind: aggregate, input: a, output: b, group.by: k, window: {type: weekly, size: 1m},"
                + " aggregations: [{name: n, fn: count}]}", "job 'a': window.type: 'weekly' is not one of tumbling");
        assertError("  - {name: a, kind: aggregate, input: a, output: b, group.by: 'a..b', window: {type: tumbling, "
                + "size: 1m}, aggregations: [{name: n, fn: count}]}", "job 'a': group.by: field path 'a..b' is malformed");
        assertError("  - {name: a, kind: dedup, input: a, output: b, id: x, retention: 1h}\n"
                + "  - {name: a, kind: dedup, input: a, output: b, id: x, retention: 1h}", "jobs[1].name: 'a' is the name of another job");
        assertThatThrownBy(() -> ProcessorConfig.parse("state.memory: lots\n" + HEAD + "  - {name: d, kind: dedup, "
                + "input: a, output: b, id: x, retention: 1h}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessage("f.yaml: state.memory: 'lots' is not a size (e.g. 64MB, 1GB)");
        assertThat(ProcessorConfig.parse("http.listen: off\n" + HEAD + "  - {name: d, kind: dedup, input: a, "
                + "output: b, id: x, retention: 1h}", "f.yaml").httpHost()).as("YAML's off is false").isNull();
        assertThatThrownBy(() -> ProcessorConfig.parse("http.listen: localhost\n" + HEAD + "  - {name: d, kind: dedup, "
                + "input: a, output: b, id: x, retention: 1h}", "f.yaml")).hasMessageContaining("http.listen: 'localhost'");
        assertThatThrownBy(() -> ProcessorConfig.parse("application.id: [", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageStartingWith("f.yaml: not valid YAML");
    }

    private static void assertError(String jobs, String message) {
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD + jobs, "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining(message);
    }

    @Test
    void theShutdownTimeoutIsThirtySecondsUnlessSetAndNeverZero() {
        String job = "  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h}";
        assertThat(ProcessorConfig.parse(HEAD + job, "f.yaml").shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(ProcessorConfig.parse("shutdown.timeout: 2m\n" + HEAD + job, "f.yaml").shutdownTimeout())
                .isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> ProcessorConfig.parse("shutdown.timeout: 0s\n" + HEAD + job, "f.yaml"))
                .hasMessageContaining("shutdown.timeout: must be longer than zero");
    }

    @Test
    void formatsAreReadAndCheckedPerJob() {
        String registry = "registry: {url: http://127.0.0.1:8081/apis/registry/v2/}\n";
        ProcessorConfig config = ProcessorConfig.parse(HEAD.replace("jobs:", registry + "jobs:") + """
                  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h, input.format: avro,
                     output.format: avro, input.schema.artifact: a-value, input.schema.version: 2}
                  - name: g
                    kind: aggregate
                    input: b
                    output: c
                    output.format: avro
                    group.by: t
                    window: {type: tumbling, size: 1m}
                    aggregations: [{name: n, fn: count}]
                """, "f.yaml");
        JobSpec.Formats dedup = config.jobs().get(0).formats();
        assertThat(dedup.input()).isEqualTo(JobSpec.InputFormat.AVRO);
        assertThat(dedup.registry().url()).isEqualTo("http://127.0.0.1:8081/apis/registry/v2");
        assertThat(dedup.readerArtifact()).isEqualTo("a-value");
        assertThat(dedup.readerVersion()).isEqualTo("2");
        JobSpec.Aggregate agg = (JobSpec.Aggregate) config.jobs().get(1);
        assertThat(agg.format()).isEqualTo(JobSpec.OutputFormat.AVRO);
        assertThat(agg.formats().input()).isEqualTo(JobSpec.InputFormat.JSON);
        assertThat(agg.formats().registry()).isNotNull();
        // The topology builds without asking the registry (the result schema is registered with the first result).
        assertThat(io.tributary.processor.ProcessorApp.topology(config).describe().subtopologies()).isNotEmpty();
        assertThat(ProcessorConfig.parse(HEAD + "  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h}",
                "f.yaml").jobs().get(0).formats()).isEqualTo(JobSpec.Formats.JSON);
    }

    @Test
    void formatErrorsNameTheJobAndTheKey() {
        String dedup = "  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h, ";
        assertError(dedup + "input.format: avro}", "f.yaml: job 'd': input.format: avro needs the schema registry");
        assertError(dedup + "input.format: protobuf}", "f.yaml: job 'd': input.format:");
        assertError(dedup + "output.format: avro}", "job 'd': output.format: a dedup job forwards its input records "
                + "unchanged: its output.format must be its input.format (json)");
        assertError(dedup + "input.schema.version: 2}", "job 'd': input.schema.version: is for input.format avro");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", "registry: {url: 127.0.0.1:8081}\njobs:")
                + dedup + "input.format: avro}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("registry.url: '127.0.0.1:8081' is not an http:// or https:// URL");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", "registry: {url: http://r, auth.type: "
                + "basic}\njobs:") + dedup + "input.format: avro}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("registry.auth.username: is required");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", "registry: {url: http://r}\njobs:")
                + dedup + "input.format: avro, input.schema.version: newest}", "f.yaml"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("input.schema.version: 'newest' is not a "
                        + "version number or latest");
    }

    @Test
    void wireFormatsAreReadPerJobWithDefaultsMatchingApicuriosSerde() {
        String registry = "registry: {url: http://127.0.0.1:8081/apis/registry/v2}\n";
        ProcessorConfig config = ProcessorConfig.parse(HEAD.replace("jobs:", registry + "jobs:") + """
                  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h, input.format: avro,
                     input.wire.format: confluent}
                  - name: g
                    kind: aggregate
                    input: b
                    output: c
                    input.format: avro
                    output.format: avro
                    output.wire.format: confluent
                    group.by: t
                    window: {type: tumbling, size: 1m}
                    aggregations: [{name: n, fn: count}]
                  - {name: r, kind: route, input: a, output: e, input.format: avro, routes: [{when: {field: t, op: exists}, to: f}]}
                """, "f.yaml");
        assertThat(config.jobs().get(0).formats().inputWire()).isEqualTo(JobSpec.WireFormat.CONFLUENT);
        assertThat(config.jobs().get(1).formats().inputWire()).isEqualTo(JobSpec.WireFormat.AUTO);
        assertThat(config.jobs().get(1).formats().outputWire()).isEqualTo(JobSpec.WireFormat.CONFLUENT);
        assertThat(config.jobs().get(2).formats().inputWire()).isEqualTo(JobSpec.WireFormat.AUTO);
        assertThat(config.jobs().get(2).formats().outputWire()).isEqualTo(JobSpec.WireFormat.APICURIO_ID);
        assertThat(JobSpec.WireFormat.APICURIO_HEADER.configName()).isEqualTo("apicurio-header");
    }

    @Test
    void wireFormatErrorsNameTheJobAndTheKey() {
        String reg = "registry: {url: http://r}\njobs:";
        String dedup = "  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h, ";
        assertError(dedup + "input.wire.format: confluent}", "job 'd': input.wire.format: is for input.format avro");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", reg) + dedup
                + "input.format: avro, input.wire.format: confluent-8}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("input.wire.format: 'confluent-8' is not one of auto, apicurio-header, "
                        + "apicurio-id, confluent");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", reg) + dedup
                + "input.format: avro, output.wire.format: confluent}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("output.wire.format");
        String agg = "  - {name: g, kind: aggregate, input: a, output: c, group.by: t, window: {type: tumbling, "
                + "size: 1m}, aggregations: [{name: n, fn: count}], ";
        assertError(agg + "output.wire.format: confluent}", "job 'g': output.wire.format: is for output.format avro");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", reg) + agg
                + "output.format: avro, output.wire.format: auto}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("output.wire.format: auto is for input");
    }

    @Test
    void registryOAuth2AndKeyStoreKeysAreRead() {
        RegistrySettings settings = ProcessorConfig.parse(HEAD.replace("jobs:", """
                registry:
                  url: https://r/apis/registry/v2
                  auth.type: oauth2
                  auth.oauth2.token.url: https://idp/token
                  auth.oauth2.client.id: processor
                  auth.oauth2.client.secret: s3cret
                jobs:""") + "  - {name: d, kind: dedup, input: a, output: b, id: x, retention: 1h, "
                + "input.format: avro}", "f.yaml").jobs().get(0).formats().registry();
        assertThat(settings.authType()).isEqualTo("oauth2");
        assertThat(settings.tokenUrl()).isEqualTo("https://idp/token");
        assertThat(settings.username()).isEqualTo("processor");
        assertThat(settings.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", "registry: {url: http://r, auth.type: "
                + "oauth2, auth.oauth2.token.url: https://idp/token}\njobs:") + "  - {name: d, kind: dedup, input: a, "
                + "output: b, id: x, retention: 1h, input.format: avro}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("registry.auth.oauth2.client.id: is required");
        assertThatThrownBy(() -> ProcessorConfig.parse(HEAD.replace("jobs:", "registry: {url: http://r, "
                + "tls.keystore.location: /nonexistent/k.p12}\njobs:") + "  - {name: d, kind: dedup, input: a, "
                + "output: b, id: x, retention: 1h, input.format: avro}", "f.yaml")).isInstanceOf(ConfigError.class)
                .hasMessageContaining("registry.tls.keystore.location: '/nonexistent/k.p12' is not a readable file");
    }
}
