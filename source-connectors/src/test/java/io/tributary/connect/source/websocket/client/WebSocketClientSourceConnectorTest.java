package io.tributary.connect.source.websocket.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig;
import io.tributary.testsupport.ConfigDefAssertions;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebSocketClientSourceConnectorTest {

    private final WebSocketClientSourceConnector connector = new WebSocketClientSourceConnector();

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>(Map.of("name", "feed", "topic", "events",
                "websocket.urls", "ws://127.0.0.1:8090/feed"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private Map<String, List<String>> errors(Map<String, String> props) {
        Config config = connector.validate(props);
        return config.configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void everyKeyIsDocumentedGroupedAndNamedByConvention() {
        ConfigDefAssertions.assertFullyDocumented(WebSocketClientSourceConfig.CONFIG_DEF);
    }

    @Test
    void aMinimalConfigHasNoErrors() {
        assertThat(errors(props())).isEmpty();
    }

    @Test
    void theExampleConfigIsValid() throws Exception {
        JsonNode file = new ObjectMapper().readTree(Path.of(System.getProperty("tributary.root", ".."))
                .resolve("connector-configs").resolve("websocket-client-source.json").toFile());
        Map<String, String> config = new HashMap<>();
        file.path("config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        config.put("name", file.path("name").asText());
        assertThat(errors(config)).isEmpty();
        assertThat(config.get("connector.class")).isEqualTo(WebSocketClientSourceConnector.class.getName());
    }

    @Test
    void badUrlsAreReportedOnTheUrlKey() {
        assertThat(errors(props("websocket.urls", "http://127.0.0.1/feed")).get("websocket.urls").get(0))
                .contains("not a ws:// or wss:// URL");
        assertThat(errors(props("websocket.urls", "ws:///feed")).get("websocket.urls").get(0)).contains("no host");
        assertThat(errors(props("websocket.urls", "ws://127.0.0.1/a,ws://127.0.0.1/a")).get("websocket.urls").get(0))
                .contains("listed twice");
        assertThat(errors(props("websocket.urls", "")).get("websocket.urls").get(0)).contains("at least one URL");
    }

    @Test
    void headersSubscribeMessagesAndPointersAreCheckedOnTheirKeys() {
        assertThat(errors(props("websocket.headers", "X-Client")).get("websocket.headers").get(0))
                .contains("'Name: value'");
        assertThat(errors(props("websocket.headers", "Sec-WebSocket-Protocol: v1")).get("websocket.headers").get(0))
                .contains("websocket.subprotocols");
        assertThat(errors(props("websocket.subscribe.messages", "{\"op\":\"subscribe\"}"))
                .get("websocket.subscribe.messages").get(0)).contains("not a JSON array");
        assertThat(errors(props("websocket.subscribe.messages", "[{")).get("websocket.subscribe.messages").get(0))
                .contains("not JSON");
        assertThat(errors(props("record.key.pointer", "id")).get("record.key.pointer").get(0))
                .contains("not a JSON pointer");
    }

    @Test
    void crossKeyRulesNameEveryKeyInvolved() {
        Map<String, List<String>> text = errors(props("websocket.message.format", "text", "output", "map",
                "record.key.pointer", "/id"));
        assertThat(text).containsOnlyKeys("websocket.message.format", "output", "record.key.pointer");
        assertThat(text.get("output").get(0)).contains("cannot be maps");
        assertThat(errors(props("reconnect.backoff.initial.ms", "5000", "reconnect.backoff.max.ms", "1000")))
                .containsOnlyKeys("reconnect.backoff.initial.ms", "reconnect.backoff.max.ms");
        assertThat(errors(props("auth.bearer.token", "t", "websocket.headers", "Authorization: Basic eA==")))
                .containsOnlyKeys("auth.bearer.token", "websocket.headers");
        assertThat(errors(props("dlq.topic", "events"))).containsOnlyKeys("dlq.topic");
        assertThat(errors(props("tls.truststore.path", "/nonexistent/trust.p12")).get("tls.truststore.path").get(0))
                .contains("cannot read");
    }

    @Test
    void theOldNameOutputFormatIsStillReadAsOutput() {
        assertThat(errors(props("output.format", "map"))).isEmpty();
        assertThat(new WebSocketClientSourceConfig(props("output.format", "map")).outputFormat())
                .isEqualTo(WebSocketClientSourceConfig.OutputFormat.MAP);
        assertThat(new WebSocketClientSourceConfig(props("output.format", "map", "output", "map")).outputFormat())
                .isEqualTo(WebSocketClientSourceConfig.OutputFormat.MAP);
        Map<String, List<String>> textAsMaps = errors(props("websocket.message.format", "text",
                "output.format", "map"));
        assertThat(textAsMaps).containsOnlyKeys("websocket.message.format", "output.format");
        assertThat(WebSocketClientSourceConfig.CONFIG_DEF.configKeys().get("output.format").documentation)
                .startsWith("Deprecated: alias of `output`");
    }

    @Test
    void theOldAndNewNameSetToDifferentValuesAreRefusedAtValidateAndStart() {
        Map<String, String> both = props("output.format", "map", "output", "string");
        assertThat(errors(both)).containsOnlyKeys("output.format", "output");
        assertThatThrownBy(() -> connector.start(both))
                .hasMessageContaining("output.format is a deprecated name of output")
                .hasMessageContaining("different values").hasMessageNotContaining("'map'");
    }

    @Test
    void urlsAreDealtToTasksInContiguousGroups() {
        connector.start(props("websocket.urls", "ws://h/1,ws://h/2,ws://h/3,ws://h/4,ws://h/5"));
        List<Map<String, String>> two = connector.taskConfigs(2);
        assertThat(two).extracting(c -> c.get("tributary.task.urls")).containsExactly("ws://h/1,ws://h/2,ws://h/3",
                "ws://h/4,ws://h/5");
        assertThat(two).extracting(c -> c.get("tributary.task.index")).containsExactly("0", "1");
        assertThat(connector.taskConfigs(10)).as("no more tasks than URLs").hasSize(5);
    }

    @Test
    void offsetsPositionNothingSoExactlyOnceIsUnsupportedAndOnlyTheirShapeIsChecked() {
        assertThat(connector.exactlyOnceSupport(props())).isEqualTo(ExactlyOnceSupport.UNSUPPORTED);
        Map<String, ?> partition = Map.of("url", "ws://h/1");
        assertThat(connector.alterOffsets(props(), Map.of(partition, Map.of("received", 3L, "received.at", 9L))))
                .isTrue();
        Map<Map<String, ?>, Map<String, ?>> reset = new HashMap<>();
        reset.put(partition, null);
        assertThat(connector.alterOffsets(props(), reset)).isTrue();
        assertThatThrownBy(() -> connector.alterOffsets(props(), Map.of(partition, Map.of("received", "x"))))
                .isInstanceOf(ConnectException.class).hasMessageContaining("'received'");
    }
}
