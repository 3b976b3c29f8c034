package io.tributary.connect.source.websocket.server;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.source.listener.HttpListenerSourceConnector;
import io.tributary.connect.source.push.auth.PushAuthConfig;
import io.tributary.connect.source.push.config.PushSourceConfig;
import io.tributary.connect.source.websocket.server.config.WebSocketSourceConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * A WebSocket server clients stream events into ({@code /events/stream}), answered per event with an ack frame
 * once Kafka has it or a nack with the reason (at-least-once, acknowledged); connections stop being read while
 * Kafka is behind.
 */
public final class WebSocketSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new WebSocketSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebSocketSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return HttpListenerSourceConnector.taskConfigs(props, maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return WebSocketSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        CrossFieldValidation v = new CrossFieldValidation(config);
        PushSourceConfig.validate(v);
        PushAuthConfig.validate(v);
        if (v.valid(PushAuthConfig.AUTH_TYPE_CONFIG) && v.value(PushAuthConfig.AUTH_TYPE_CONFIG) instanceof List<?> types
                && types.stream().anyMatch(t -> "hmac".equals(String.valueOf(t).trim()))) {
            v.error("'hmac' signs request bodies; a WebSocket handshake has none: use api-key or jwt",
                    PushAuthConfig.AUTH_TYPE_CONFIG);
        }
        return config;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
