package io.tributary.connect.source.websocket.server;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WebSocketSourceConnectorTest {

    private static ConfigValue value(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void hmacCannotAuthenticateAHandshake() {
        Map<String, String> props = new HashMap<>(Map.of("topic", "events", "auth.type", "api-key,hmac",
                "auth.api.keys", "k", "auth.hmac.secret", "s"));
        Config config = new WebSocketSourceConnector().validate(props);
        assertThat(value(config, "auth.type").errorMessages()).anyMatch(m -> m.contains("handshake"));
    }

    @Test
    void clientCertificatesNeedTls() {
        Config config = new WebSocketSourceConnector().validate(Map.of("topic", "events",
                "listener.tls.client.auth", "required"));
        assertThat(value(config, "listener.tls.client.auth").errorMessages()).isNotEmpty();
        assertThat(value(config, "listener.tls.keystore.path").errorMessages()).isNotEmpty();
    }

    @Test
    void aValidConfigHasNoErrors() {
        Config config = new WebSocketSourceConnector().validate(Map.of("topic", "events", "dlq.topic", "dlq"));
        assertThat(config.configValues()).allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }
}
