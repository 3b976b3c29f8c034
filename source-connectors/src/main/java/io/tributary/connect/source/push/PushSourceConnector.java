package io.tributary.connect.source.push;

import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.common.connector.TributarySourceConnector;
import io.tributary.connect.common.auth.ServerAuthConfig;
import io.tributary.connect.source.push.config.PushSourceConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.Map;

/**
 * What the push connectors share: every task serves the same routes (the base's task configs, differing by index
 * only, for a port per task); validation of the shared keys and credentials; no exactly-once — events pushed by
 * clients have no position to resume from, a client's resend is the recovery.
 */
public abstract class PushSourceConnector extends TributarySourceConnector {

    /** Rules of this connector's own keys, on top of the shared ones. */
    protected void validateOwn(CrossFieldValidation v) {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        CrossFieldValidation v = new CrossFieldValidation(config);
        PushSourceConfig.validate(v);
        ServerAuthConfig.validate(v);
        validateOwn(v);
        return config;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
