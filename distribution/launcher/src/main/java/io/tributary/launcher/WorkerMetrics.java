package io.tributary.launcher;

import java.io.PrintStream;

/**
 * Where the worker's Prometheus metrics are served. The {@code tributary} script starts {@code up} and {@code demo}
 * with the JMX exporter's Java agent ({@code -javaagent:jmx_prometheus_javaagent.jar=127.0.0.1:PORT:rules}, rules in
 * connector-configs/monitoring/jmx-exporter.yaml) and names the port in {@value #PORT_PROPERTY}; the agent itself is
 * not reachable from here, so this only reports what the script chose.
 */
final class WorkerMetrics {

    static final String PORT_PROPERTY = "tributary.metrics.port";

    private WorkerMetrics() {
    }

    /** The worker's metrics page, or null when the agent is not running. */
    static String url() {
        String port = System.getProperty(PORT_PROPERTY);
        return port == null ? null : "http://127.0.0.1:" + port + "/metrics";
    }

    static void describe(PrintStream out) {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null) {
            out.println("  Worker metrics            off (./tributary up starts the worker with the JMX exporter's agent)");
        } else {
            out.println("  Worker metrics            http://127.0.0.1:" + port
                    + "/metrics (Prometheus text; docs/operations/metrics.md)");
        }
    }
}
