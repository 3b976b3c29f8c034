package io.tributary.connect.source.websocket.client;

import io.tributary.connect.common.Version;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceValidation;
import io.tributary.connect.source.websocket.client.convert.FeedOffset;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads live WebSocket feeds into a topic: one connection per URL, kept open with heartbeats and reconnects, with
 * subscribe messages after each connect. A feed cannot be replayed: delivery is at-least-once for what is received
 * while connected, and every reconnect's gap is reported on the next record and in the metrics, never hidden.
 */
public final class WebSocketClientSourceConnector extends SourceConnector {

    private Map<String, String> props;
    private List<String> urls;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.urls = new WebSocketClientSourceConfig(props).urls();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebSocketClientSourceTask.class;
    }

    /** The URLs are dealt to tasks in contiguous groups; no more tasks than URLs. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<List<String>> groups = ConnectorUtils.groupPartitions(urls, Math.min(maxTasks, urls.size()));
        List<Map<String, String>> configs = new ArrayList<>(groups.size());
        for (int t = 0; t < groups.size(); t++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(WebSocketClientSourceConfig.TASK_URLS_CONFIG, String.join(",", groups.get(t)));
            config.put(WebSocketClientSourceConfig.TASK_ID_CONFIG, String.valueOf(t));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return WebSocketClientSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return WebSocketClientSourceValidation.validate(super.validate(connectorConfigs));
    }

    /** Nothing to replay from: a record's offset counts messages, it positions nothing. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    /**
     * Offsets only carry the message count and the time of the last message, for the gap reported after a restart;
     * resetting them (DELETE .../offsets) just means no gap is reported then. Altered ones must keep their shape.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            String problem = !(entry.getKey().get(FeedOffset.URL_KEY) instanceof String) ? "no 'url' in the partition"
                    : entry.getValue() == null ? null : FeedOffset.problem(entry.getValue());
            if (problem != null) {
                throw new ConnectException("Invalid offset for partition " + entry.getKey() + ": " + problem);
            }
        }
        return true;
    }
}
