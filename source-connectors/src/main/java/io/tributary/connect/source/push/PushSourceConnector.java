package io.tributary.connect.source.push;

import io.tributary.connect.common.Version;
import io.tributary.connect.common.config.CrossFieldValidation;
import io.tributary.connect.source.push.auth.PushAuthConfig;
import io.tributary.connect.source.push.config.PushSourceConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the push connectors share: every task serves the same routes (they differ by index only, for a port per
 * task); validation of the shared keys and credentials; no exactly-once — events pushed by clients have no position
 * to resume from, a client's resend is the recovery.
 */
public abstract class PushSourceConnector extends SourceConnector {

    private Map<String, String> props;

    /** Parses {@code props}, failing on a bad config. */
    protected abstract void check(Map<String, String> props);

    /** Rules of this connector's own keys, on top of the shared ones. */
    protected void validateOwn(CrossFieldValidation v) {
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        check(props);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
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
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        CrossFieldValidation v = new CrossFieldValidation(config);
        PushSourceConfig.validate(v);
        PushAuthConfig.validate(v);
        validateOwn(v);
        return config;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
