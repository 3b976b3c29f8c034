package io.tributary.connect.common.connector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What {@link TributarySourceConnector} and {@link TributarySinkConnector} share (a class cannot extend both
 * {@code SourceConnector} and {@code SinkConnector}): the connector's config as started, checked before it is kept,
 * and the task configs made from it.
 */
final class TaskConfigs {

    /** The keys a connector adds to task {@code index} of {@code count}: its share of the work. */
    @FunctionalInterface
    interface PerTask {
        void add(Map<String, String> taskConfig, int index, int count);
    }

    private Map<String, String> props = Map.of();

    /** Checks then keeps {@code props}: a bad config fails the connector on start, not each of its tasks. */
    void start(Map<String, String> props, Consumer<Map<String, String>> check) {
        Map<String, String> copy = Map.copyOf(props);
        check.accept(copy);
        this.props = copy;
    }

    Map<String, String> props() {
        return props;
    }

    /** {@code count} copies of the connector's config, each with its {@link TaskIndex} and the keys of its share. */
    List<Map<String, String>> split(int count, PerTask perTask) {
        List<Map<String, String>> configs = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(TaskIndex.CONFIG, String.valueOf(index));
            perTask.add(config, index, count);
            configs.add(config);
        }
        return configs;
    }
}
