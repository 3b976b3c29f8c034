package io.tributary.connect.source.websocket.server.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.auth.ServerAuthConfig;
import io.tributary.connect.source.push.config.PushSourceConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.Map;

/** The WebSocket server source's keys: the push sources' shared keys, authentication, and its connections. */
public final class WebSocketSourceConfig extends PushSourceConfig {

    public static final String PATH_CONFIG = "websocket.path";
    public static final String MAX_FRAME_BYTES_CONFIG = "websocket.max.frame.bytes";
    public static final String PING_INTERVAL_CONFIG = "websocket.ping.interval.ms";
    public static final String IDLE_TIMEOUT_CONFIG = "websocket.idle.timeout.ms";
    public static final String MAX_CONNECTIONS_CONFIG = "websocket.max.connections";

    public static final ConfigDef CONFIG_DEF = define();

    public WebSocketSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        PushSourceConfig.define(b);
        b.group("Connections")
                .key(PATH_CONFIG).defaultValue("/events/stream")
                .validator(Validators.described("a path starting with '/'", v -> v.toString().startsWith("/")
                        && !v.toString().endsWith("/") ? null : "must start with '/' and not end with it"))
                .importance(Importance.MEDIUM).doc("Path clients open their WebSocket on.").display("Path").add()
                .key(MAX_FRAME_BYTES_CONFIG).type(Type.INT).defaultValue(1 << 20).validator(Validators.atLeast(64))
                .doc("Largest text frame (message) accepted; a larger one closes the connection with 1009 "
                        + "(message too big).").display("Frame size limit (bytes)").add()
                .key(PING_INTERVAL_CONFIG).type(Type.LONG).defaultValue(20_000L).validator(Validators.atLeast(100))
                .doc("The server pings every connection this often; clients answer with pongs (browsers do it "
                        + "themselves).").display("Ping interval (ms)").add()
                .key(IDLE_TIMEOUT_CONFIG).type(Type.LONG).defaultValue(60_000L).validator(Validators.atLeast(100))
                .doc("A connection from which nothing (no frame, no pong) arrived for this long is closed "
                        + "(1001, going away).").display("Idle timeout (ms)").add()
                .key(MAX_CONNECTIONS_CONFIG).type(Type.INT).defaultValue(10_000).validator(Validators.atLeast(1))
                .importance(Importance.LOW)
                .doc("Open connections per connector on a worker; handshakes beyond are answered 503.")
                .display("Connection limit").add();
        ServerAuthConfig.define(b);
        return b.build();
    }

    public String path() {
        return getString(PATH_CONFIG);
    }

    public int maxFrameBytes() {
        return getInt(MAX_FRAME_BYTES_CONFIG);
    }

    public long pingIntervalMs() {
        return getLong(PING_INTERVAL_CONFIG);
    }

    public long idleTimeoutMs() {
        return getLong(IDLE_TIMEOUT_CONFIG);
    }

    public int maxConnections() {
        return getInt(MAX_CONNECTIONS_CONFIG);
    }
}
