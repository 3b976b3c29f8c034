package io.tributary.launcher;

import io.tributary.launcher.security.SecureKafka;

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
 * @param security         null for a plaintext broker; otherwise SASL_SSL + mTLS listeners, ACLs and the worker
 *                         authenticating as {@code connect} (see {@link SecureKafka})
 */
public record StackSettings(Path dataDir, Path bundleZip, Path workerTemplate, List<Path> extraPluginDirs,
                            Map<String, String> workerOverrides, int brokerPort, int controllerPort, int restPort,
                            SecureKafka security) {

    /** The mTLS listener's preferred port on a secure stack (the SASL_SSL listener takes brokerPort). */
    public static final int MTLS_PORT = 9094;

    public static StackSettings defaults(Path dataDir, Path bundleZip, Path workerTemplate) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, List.of(), Map.of(), 9092, 9093, 8083, null);
    }

    public StackSettings withWorkerOverrides(Map<String, String> overrides) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, extraPluginDirs, overrides, brokerPort,
                controllerPort, restPort, security);
    }

    /** The preferred ports (free ones are chosen instead when these are taken, and the user told). */
    public StackSettings withPorts(int brokerPort, int controllerPort, int restPort) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, extraPluginDirs, workerOverrides, brokerPort,
                controllerPort, restPort, security);
    }

    public StackSettings withExtraPluginDirs(List<Path> dirs) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, dirs, workerOverrides, brokerPort,
                controllerPort, restPort, security);
    }

    /** A secure stack: SASL_SSL and mTLS listeners, StandardAuthorizer with {@code security}'s ACL plan. */
    public StackSettings withSecurity(SecureKafka security) {
        return new StackSettings(dataDir, bundleZip, workerTemplate, extraPluginDirs, workerOverrides, brokerPort,
                controllerPort, restPort, security);
    }
}
