package io.tributary.connect.source.websocket.server;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.source.push.PushSourceConnector;
import io.tributary.connect.common.auth.ServerAuthConfig;
import io.tributary.connect.source.websocket.server.config.WebSocketSourceConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.List;
import java.util.Map;

/**
 * A WebSocket server clients stream events into ({@code /events/stream}), answered per event with an ack frame
 * once Kafka has it or a nack with the reason (at-least-once, acknowledged); connections stop being read while
 * Kafka is behind.
 */
public final class WebSocketSourceConnector extends PushSourceConnector {

    @Override
    protected void check(Map<String, String> props) {
        new WebSocketSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebSocketSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return WebSocketSourceConfig.CONFIG_DEF;
    }

    /** A handshake has no body to sign: HMAC cannot authenticate it. */
    @Override
    protected void validateOwn(CrossFieldValidation v) {
        if (v.valid(ServerAuthConfig.AUTH_TYPE_CONFIG) && v.value(ServerAuthConfig.AUTH_TYPE_CONFIG) instanceof List<?> types
                && types.stream().anyMatch(t -> "hmac".equals(String.valueOf(t).trim()))) {
            v.error("'hmac' signs request bodies; a WebSocket handshake has none: use api-key or jwt",
                    ServerAuthConfig.AUTH_TYPE_CONFIG);
        }
    }
}
