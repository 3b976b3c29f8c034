package io.tributary.connect.source.http;

import io.tributary.connect.common.Version;
import io.tributary.connect.source.http.config.EndpointSpec;
import io.tributary.connect.source.http.config.HttpSourceConfig;
import io.tributary.connect.source.http.config.HttpSourceValidation;
import io.tributary.connect.source.http.poll.Position;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Polls HTTP APIs into a topic: one or more endpoints, paginated by cursor, Link header, page number or offset,
 * incrementally by a growing field with the overlap dropped, with retries, rate limit, circuit breaker and the usual
 * credentials. The position (page and record within it, watermark) is the source offset, so with
 * {@code exactly.once.source.support=enabled} a restart resumes exactly where the last committed record was.
 */
public final class HttpSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        for (String name : HttpSourceConfig.endpointNames(props)) {
            EndpointSpec.parse(props, name);
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSourceTask.class;
    }

    /** Endpoints are dealt to tasks in turn; no more tasks than endpoints. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<String> names = HttpSourceConfig.endpointNames(props);
        int tasks = Math.min(maxTasks, names.size());
        List<Map<String, String>> configs = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            List<String> mine = new ArrayList<>();
            for (int i = t; i < names.size(); i += tasks) {
                mine.add(names.get(i));
            }
            Map<String, String> config = new HashMap<>(props);
            config.put(HttpSourceConfig.TASK_ENDPOINTS_CONFIG, String.join(",", mine));
            config.put("task.id", String.valueOf(t));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return HttpSourceConfig.CONFIG_DEF;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return HttpSourceValidation.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    /**
     * Exactly-once needs every endpoint to have a position to resume from (pages or a watermark); an endpoint read
     * whole on every pass repeats its records by design. Decided from those two keys alone: Connect asks during
     * validation too, when other keys may still be wrong (they are reported on their keys, not here).
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        for (String name : HttpSourceConfig.endpointNames(connectorConfig)) {
            if (!HttpSourceConfig.resumable(connectorConfig, name)) {
                return ExactlyOnceSupport.UNSUPPORTED;
            }
        }
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            String problem = entry.getKey().get("endpoint") == null ? "no 'endpoint' in the partition"
                    : Position.problem(entry.getValue());
            if (problem != null) {
                throw new ConnectException("Invalid offset for partition " + entry.getKey() + ": " + problem);
            }
        }
        return true;
    }
}
