package io.tributary.connect.source.listener;

import io.tributary.connect.source.listener.config.HttpListenerSourceConfig;
import io.tributary.connect.source.push.PushSourceTask;
import io.tributary.connect.source.push.ingest.Ingest;
import io.tributary.connect.source.push.server.TaskPool;
import io.undertow.server.HttpHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One listener task: its queue on the shared server; records are acknowledged to clients on commitRecord. */
public final class HttpListenerSourceTask extends PushSourceTask<HttpListenerSourceConfig> {

    @Override
    protected HttpListenerSourceConfig config(Map<String, String> props) {
        return new HttpListenerSourceConfig(props);
    }

    @Override
    protected String stage() {
        return "http-listener";
    }

    @Override
    protected List<String> paths(HttpListenerSourceConfig config) {
        List<String> paths = new ArrayList<>(List.of(ListenerHandler.EVENTS, ListenerHandler.BATCH));
        if (!config.topicAllowlist().isEmpty()) {
            paths.add(ListenerHandler.TOPICS);
        }
        return paths;
    }

    @Override
    protected HttpHandler handler(TaskPool<Ingest> pool, HttpListenerSourceConfig config) {
        return new ListenerHandler(pool);
    }
}
