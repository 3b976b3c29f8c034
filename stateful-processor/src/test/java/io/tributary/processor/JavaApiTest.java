package io.tributary.processor;

import io.tributary.connect.common.data.FieldPath;
import io.tributary.processor.config.ConfigError;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Jobs built in Java, as an application embedding the processor builds them, run like the YAML ones. */
class JavaApiTest {

    @TempDir
    Path state;

    @Test
    void aDedupJobBuiltInJavaRunsInItsTopology() {
        JobSpec.Dedup dedup = new JobSpec.Dedup("dedup", List.of("raw"), "unique", "dlq", FieldPath.parse("ts"), null,
                List.of(FieldPath.parse("event_id")), null, Duration.ofHours(1));
        ProcessorConfig config = ProcessorConfig.of(Map.of("application.id", "java-api",
                "bootstrap.servers", "127.0.0.1:9092"), List.of(dedup));
        assertThat(config.streams()).containsEntry("processing.guarantee", "exactly_once_v2");
        Properties props = ProcessorApp.properties(config);
        props.put("state.dir", state.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(ProcessorApp.topology(config), props)) {
            var in = driver.createInputTopic("raw", Serdes.String().serializer(), Serdes.String().serializer());
            in.pipeInput("k", "{\"event_id\": \"a\", \"ts\": 1000}");
            in.pipeInput("k", "{\"event_id\": \"a\", \"ts\": 1000}");
            in.pipeInput("k", "{\"event_id\": \"b\", \"ts\": 2000}");
            assertThat(driver.createOutputTopic("unique", Serdes.String().deserializer(), Serdes.String().deserializer())
                    .readRecordsToList()).extracting(TestRecord::value)
                    .containsExactly("{\"event_id\": \"a\", \"ts\": 1000}", "{\"event_id\": \"b\", \"ts\": 2000}");
        }
    }

    @Test
    void missingSettingsAndRepeatedJobNamesAreConfigErrors() {
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("application.id", "x"), List.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("bootstrap.servers");
        JobSpec.Route route = new JobSpec.Route("r", List.of("in"), "out", "dlq", null, List.of());
        assertThatThrownBy(() -> ProcessorConfig.of(Map.of("application.id", "x", "bootstrap.servers", "127.0.0.1:1"),
                List.of(route, route))).isInstanceOf(ConfigError.class).hasMessageContaining("job 'r'");
    }
}
