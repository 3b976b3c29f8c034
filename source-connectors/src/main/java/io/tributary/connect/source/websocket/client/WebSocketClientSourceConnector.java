package io.tributary.connect.source.websocket.client;

import io.tributary.connect.common.connector.TributarySourceConnector;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceConfig;
import io.tributary.connect.source.websocket.client.config.WebSocketClientSourceValidation;
import io.tributary.connect.source.websocket.client.convert.FeedOffset;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.util.ConnectorUtils;

import java.util.List;
import java.util.Map;

/**
 * Reads live WebSocket feeds into a topic: one connection per URL, kept open with heartbeats and reconnects, with
 * subscribe messages after each connect. A feed cannot be replayed: delivery is at-least-once for what is received
 * while connected, and every reconnect's gap is reported on the next record and in the metrics, never hidden.
 */
public final class WebSocketClientSourceConnector extends TributarySourceConnector {

    private List<String> urls;

    @Override
    protected void check(Map<String, String> props) {
        urls = new WebSocketClientSourceConfig(props).urls();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WebSocketClientSourceTask.class;
    }

    /** The URLs are dealt to tasks in contiguous groups; no more tasks than URLs. */
    @Override
    protected int taskCount(int maxTasks) {
        return Math.min(maxTasks, urls.size());
    }

    @Override
    protected void addTaskKeys(Map<String, String> taskConfig, int index, int count) {
        List<String> mine = ConnectorUtils.groupPartitions(urls, count).get(index);
        taskConfig.put(WebSocketClientSourceConfig.TASK_URLS_CONFIG, String.join(",", mine));
    }

    @Override
    public ConfigDef config() {
        return WebSocketClientSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return WebSocketClientSourceConfig.ALIASES.validate(connectorConfigs,
                props -> WebSocketClientSourceValidation.validate(super.validate(props)));
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
        return checkOffsets(offsets, (partition, offset) -> !(partition.get(FeedOffset.URL_KEY) instanceof String)
                ? "no 'url' in the partition" : offset == null ? null : FeedOffset.problem(offset));
    }
}
