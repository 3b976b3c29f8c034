package io.tributary.connect.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.sink.clickhouse.config.ClickHouseSinkConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** The shipped ClickHouse sink examples parse, and every key is the sink's or Connect's own. */
class ClickHouseSinkExampleConfigTest {

    private static final Set<String> CONNECT_KEYS = Set.of("name", "connector.class", "tasks.max", "topics",
            "key.converter", "value.converter", "header.converter", "transforms");
    private static final Set<String> CONNECT_PREFIXES = Set.of("key.converter.", "value.converter.", "errors.",
            "consumer.override.", "transforms.");

    @ParameterizedTest
    @ValueSource(strings = {"clickhouse-sink.json", "clickhouse-sink-avro.json"})
    void theExampleParsesAndNamesOnlyKnownKeys(String example) throws Exception {
        JsonNode file = new ObjectMapper().readTree(Path.of(System.getProperty("tributary.root", ".."))
                .resolve("connector-configs").resolve(example).toFile());
        Map<String, String> config = new HashMap<>();
        file.path("config").properties().forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        assertThatCode(() -> new ClickHouseSinkConfig(config)).doesNotThrowAnyException();
        for (String key : config.keySet()) {
            boolean known = ClickHouseSinkConfig.CONFIG_DEF.names().contains(key) || CONNECT_KEYS.contains(key)
                    || CONNECT_PREFIXES.stream().anyMatch(key::startsWith);
            assertThat(known).as(key).isTrue();
        }
    }
}
