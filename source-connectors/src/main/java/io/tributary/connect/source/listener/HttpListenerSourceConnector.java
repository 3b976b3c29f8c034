package io.tributary.connect.source.listener;

import io.tributary.connect.source.listener.config.HttpListenerSourceConfig;
import io.tributary.connect.source.push.PushSourceConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;

import java.util.Map;

/**
 * Receives events pushed over HTTP ({@code POST /events}, {@code /events/batch}, {@code /topics/{topic}}) and
 * answers each request only when Kafka has its events (at-least-once, acknowledged), or pushes back when full.
 */
public final class HttpListenerSourceConnector extends PushSourceConnector {

    @Override
    protected void check(Map<String, String> props) {
        new HttpListenerSourceConfig(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpListenerSourceTask.class;
    }

    @Override
    public ConfigDef config() {
        return HttpListenerSourceConfig.CONFIG_DEF;
    }
}
