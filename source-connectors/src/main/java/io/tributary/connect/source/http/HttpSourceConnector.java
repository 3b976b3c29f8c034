package io.tributary.connect.source.http;

import io.tributary.connect.common.connector.TributarySourceConnector;
import io.tributary.connect.source.http.config.EndpointSpec;
import io.tributary.connect.source.http.config.HttpSourceConfig;
import io.tributary.connect.source.http.config.HttpSourceValidation;
import io.tributary.connect.source.http.poll.Position;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Polls HTTP APIs into a topic: one or more endpoints, paginated by cursor, Link header, page number or offset,
 * incrementally by a growing field with the overlap dropped, with retries, rate limit, circuit breaker and the usual
 * credentials. The position (page and record within it, watermark) is the source offset, so with
 * {@code exactly.once.source.support=enabled} a restart resumes exactly where the last committed record was.
 */
public final class HttpSourceConnector extends TributarySourceConnector {

    @Override
    protected void check(Map<String, String> props) {
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
    protected int taskCount(int maxTasks) {
        return Math.min(maxTasks, HttpSourceConfig.endpointNames(props()).size());
    }

    @Override
    protected void addTaskKeys(Map<String, String> taskConfig, int index, int count) {
        List<String> names = HttpSourceConfig.endpointNames(props());
        List<String> mine = new ArrayList<>();
        for (int i = index; i < names.size(); i += count) {
            mine.add(names.get(i));
        }
        taskConfig.put(HttpSourceConfig.TASK_ENDPOINTS_CONFIG, String.join(",", mine));
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
        return checkOffsets(offsets, (partition, offset) -> partition.get("endpoint") == null
                ? "no 'endpoint' in the partition" : Position.problem(offset));
    }
}
