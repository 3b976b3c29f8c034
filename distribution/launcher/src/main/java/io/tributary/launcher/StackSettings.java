package io.tributary.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a local stack needs.
 *
 * @param dataDir          broker log, worker state and unpacked plugins go under it
 * @param bundleZip        the component ZIP (<owner>-<name>-<version>.zip) to install into the worker's plugin path
 * @param workerTemplate   worker properties to start from (connector-configs/worker/connect-distributed.properties)
 * @param extraPluginDirs  further plugin directories (e.g. Apache's FileStream connectors for benchmarks)
 * @param workerOverrides  worker properties that win over the template
 */
public record StackSettings(Path dataDir, Path bundleZip, Path workerTemplate, List<Path> extraPluginDirs,
                            Map<String, String> workerOverrides, int brokerPort, int controllerPort, int restPort) {

    public static StackSettings defaults(Path dataDir, Path bundleZip, Path workerTemplate) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, List.of(), Map.of(), 9092, 9093, 8083);
    }

    public StackSettings withWorkerOverrides(Map<String, String> overrides) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, extraPluginDirs, overrides, brokerPort,
                controllerPort, restPort);
    }

    public StackSettings withExtraPluginDirs(List<Path> dirs) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, dirs, workerOverrides, brokerPort,
                controllerPort, restPort);
    }
}
