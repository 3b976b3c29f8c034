package io.tributary.processor.route;

import io.tributary.processor.Driver;
import io.tributary.processor.config.ConfigError;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteJobTest {

    private static final String CONFIG = """
            application.id: route-test
            bootstrap.servers: 127.0.0.1:9092
            jobs:
              - name: split
                kind: route
                input: events
                dead.letter.topic: dlq
                where: {field: type, op: exists}
                routes:
                  - when: {field: amount, op: ">", value: 100}
                    to: big
                  - when: {any: [{field: type, op: "=", value: a}, {field: tags, op: contains, value: vip}]}
                    to: a-or-vip
                output: rest
            """;

    @TempDir
    Path state;

    @Test
    void eachEventGoesToItsFirstMatchingBranchOrOtherwiseUnchanged() {
        try (Driver d = new Driver(CONFIG, state)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
            d.send("events", "k1", "{\"type\": \"a\", \"amount\": 500}", 7, headers)
                    .send("k2", "{\"type\": \"a\", \"amount\": 5}", 8)
                    .send("k3", "{\"type\": \"b\", \"amount\": 5, \"tags\": [\"vip\"]}", 9)
                    .send("k4", "{\"type\": \"c\", \"amount\": 5}", 10)
                    .send("k5", "{\"amount\": 5000}", 11)          // no type: skipped by the job's where
                    .send("k6", "{not json", 12);
            List<TestRecord<String, String>> big = d.read("big");
            assertThat(big).extracting(TestRecord::key).containsExactly("k1");
            assertThat(big.get(0).value()).isEqualTo("{\"type\": \"a\", \"amount\": 500}");
            assertThat(big.get(0).timestamp()).isEqualTo(7);
            assertThat(Driver.header(big.get(0), "trace")).isEqualTo("t-1");
            assertThat(d.read("a-or-vip")).extracting(TestRecord::key).containsExactly("k2", "k3");
            assertThat(d.read("rest")).extracting(TestRecord::key).containsExactly("k4");
            List<TestRecord<String, String>> dead = d.read("dlq");
            assertThat(dead).extracting(TestRecord::key).containsExactly("k6");
            assertThat(Driver.header(dead.get(0), "tributary.error.stage")).isEqualTo("parse");
            assertThat(Driver.header(dead.get(0), "tributary.processor.job")).isEqualTo("split");
        }
    }

    @Test
    void withoutAnOtherwiseTopicARouteIsAFilter() {
        String filter = CONFIG.replace("    output: rest\n", "");
        try (Driver d = new Driver(filter, state)) {
            d.send("k1", "{\"type\": \"c\", \"amount\": 101}", 1).send("k2", "{\"type\": \"c\", \"amount\": 1}", 2);
            assertThat(d.read("big")).extracting(TestRecord::key).containsExactly("k1");
        }
    }

    @Test
    void aBadConditionIsAConfigErrorNamingTheJobAndKey() {
        assertThatThrownBy(() -> ProcessorConfig.parse(CONFIG.replace("op: \">\"", "op: \"~~\""), "f.yaml"))
                .isInstanceOf(ConfigError.class)
                .hasMessageContaining("job 'split'")
                .hasMessageContaining("routes[0].when")
                .hasMessageContaining("'~~' is unknown");
        assertThatThrownBy(() -> ProcessorConfig.parse(CONFIG.replace("where: {field: type, op: exists}",
                "where: {field: type}"), "f.yaml"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("where needs \"field\" and \"op\"");
    }
}
