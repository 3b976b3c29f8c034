package io.tributary.connect.source.listener.config;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import io.tributary.connect.common.auth.ServerAuthConfig;
import io.tributary.connect.source.push.config.PushSourceConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.List;
import java.util.Map;

/** The HTTP listener's keys: the push sources' shared keys, authentication, and its own request limits. */
public final class HttpListenerSourceConfig extends PushSourceConfig {

    public static final String REQUEST_MAX_BYTES_CONFIG = "request.max.bytes";
    public static final String TOPIC_ALLOWLIST_CONFIG = "topic.allowlist";

    public static final ConfigDef CONFIG_DEF = define();

    public HttpListenerSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        PushSourceConfig.define(b);
        b.group("Requests")
                .key(REQUEST_MAX_BYTES_CONFIG).type(Type.INT).defaultValue(10 << 20).validator(Validators.atLeast(1))
                .doc("Largest request body accepted; larger requests are answered 413 before their body is read "
                        + "(when they announce their length) or as soon as it passes the limit.")
                .display("Request size limit (bytes)").add()
                .key(TOPIC_ALLOWLIST_CONFIG).type(Type.LIST).defaultValue(List.of())
                .doc("Topics a client may choose per request with POST /topics/{topic}. Empty: that path is off "
                        + "and every event goes to 'topic'.").display("Topics clients may choose").add();
        ServerAuthConfig.define(b);
        return b.build();
    }

    public int requestMaxBytes() {
        return getInt(REQUEST_MAX_BYTES_CONFIG);
    }

    public List<String> topicAllowlist() {
        return getList(TOPIC_ALLOWLIST_CONFIG);
    }
}
