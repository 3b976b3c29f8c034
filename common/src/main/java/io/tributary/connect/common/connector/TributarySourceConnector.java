package io.tributary.connect.common.connector;

import io.tributary.connect.common.Version;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The plumbing of every Tributary source connector: the build's version, the config checked on start and kept,
 * task configs that carry their {@link TaskIndex} (and whatever share of the work a connector adds), nothing to
 * stop. What differs stays on the connector: {@code config()}, {@code validate()}, {@code exactlyOnceSupport()},
 * {@code alterOffsets()}.
 */
public abstract class TributarySourceConnector extends SourceConnector {

    private final TaskConfigs tasks = new TaskConfigs();

    /** Parses the connector's config, throwing on a bad one (a {@code ConfigException} naming the key). */
    protected abstract void check(Map<String, String> props);

    /** How many tasks to run: {@code maxTasks} unless the work comes in fewer pieces. */
    protected int taskCount(int maxTasks) {
        return maxTasks;
    }

    /** Adds the keys of task {@code index} of {@code count} (its endpoints, URLs, the task count); none by default. */
    protected void addTaskKeys(Map<String, String> taskConfig, int index, int count) {
    }

    /** The config the connector was started with. */
    protected final Map<String, String> props() {
        return tasks.props();
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        tasks.start(props, this::check);
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return tasks.split(taskCount(maxTasks), this::addTaskKeys);
    }

    @Override
    public void stop() {
    }

    /**
     * For {@code alterOffsets}: throws naming the first partition whose offset {@code problem} finds wrong (it
     * answers null for a good one); true otherwise, the offsets being this connector's to accept.
     */
    protected static boolean checkOffsets(Map<Map<String, ?>, Map<String, ?>> offsets,
                                          BiFunction<Map<String, ?>, Map<String, ?>, String> problem) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            String found = problem.apply(entry.getKey(), entry.getValue());
            if (found != null) {
                throw new ConnectException("Invalid offset for partition " + entry.getKey() + ": " + found);
            }
        }
        return true;
    }
}
