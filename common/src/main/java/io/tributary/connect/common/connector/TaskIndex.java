package io.tributary.connect.common.connector;

import java.util.Map;

/**
 * The one key by which a task knows its place among its connector's tasks: set by {@link TaskConfigs} on every
 * task config the base connectors generate, read by the tasks (a share of the files, a port per task, the
 * {@code tributary.task} dead-letter header). Internal: users never set it.
 */
public final class TaskIndex {

    public static final String CONFIG = "tributary.task.index";

    private TaskIndex() {
    }

    /** The index in a task's config, 0 when absent (a task started by hand, as unit tests do). */
    public static int of(Map<String, String> taskConfig) {
        String index = taskConfig.get(CONFIG);
        return index == null ? 0 : Integer.parseInt(index.trim());
    }
}
