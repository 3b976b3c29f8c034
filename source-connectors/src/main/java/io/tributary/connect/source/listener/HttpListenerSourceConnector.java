package io.tributary.connect.source.listener;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.source.listener.config.HttpListenerSourceConfig;
import io.tributary.connect.source.push.auth.PushAuthConfig;
import io.tributary.connect.source.push.config.PushSourceConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Receives events pushed over HTTP ({@code POST /events}, {@code /events/batch}, {@code /topics/{topic}}) and
 * answers each request only when Kafka has its events (at-least-once, acknowledged), or pushes back when full.
 */
public final class HttpListenerSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        new HttpListenerSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpListenerSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return taskConfigs(props, maxTasks);
    }

    /** Every task serves the same routes; they differ by index only (for a port per task). */
    public static List<Map<String, String>> taskConfigs(Map<String, String> props, int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int t = 0; t < maxTasks; t++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(PushSourceConfig.TASK_INDEX_CONFIG, String.valueOf(t));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return HttpListenerSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        CrossFieldValidation v = new CrossFieldValidation(config);
        PushSourceConfig.validate(v);
        PushAuthConfig.validate(v);
        return config;
    }

    /** Events pushed by clients have no position to resume from: a client's retry is the recovery. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
