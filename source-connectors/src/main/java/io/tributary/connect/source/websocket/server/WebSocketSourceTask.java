package io.tributary.connect.source.websocket.server;

import io.tributary.connect.source.push.PushSourceTask;
import io.tributary.connect.source.push.ingest.Ingest;
import io.tributary.connect.source.push.server.TaskPool;
import io.tributary.connect.source.websocket.server.config.WebSocketSourceConfig;
import io.undertow.server.HttpHandler;

import java.util.List;
import java.util.Map;

/** One WebSocket server task: its queue on the shared server; ack frames go out on commitRecord. */
public final class WebSocketSourceTask extends PushSourceTask<WebSocketSourceConfig> {

    @Override
    protected WebSocketSourceConfig config(Map<String, String> props) {
        return new WebSocketSourceConfig(props);
    }

    @Override
    protected String stage() {
        return "websocket-server";
    }

    @Override
    protected List<String> paths(WebSocketSourceConfig config) {
        return List.of(config.path());
    }

    @Override
    protected HttpHandler handler(TaskPool<Ingest> pool, WebSocketSourceConfig config) {
        return new StreamHandler(pool, config);
    }
}
