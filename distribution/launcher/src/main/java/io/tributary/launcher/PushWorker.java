package io.tributary.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The worker group for push sources that {@code ./tributary up} runs beside the main worker: a Connect worker started
 * from connector-configs/worker/connect-distributed-push.properties (no exactly-once source support, its own group
 * and internal topics, a producer that does not linger) on the stack's broker, REST on 8084.
 *
 * <p>It runs in a JVM of its own, as a second Connect cluster runs anywhere else: its worker-level metrics
 * ({@code connect-worker-metrics} and the like carry no worker tag) would otherwise replace the main worker's in this
 * JVM's MBean server, and it gets its own metrics page and log. The child watches this JVM ({@link PushWorkerMain})
 * and stops when it ends, so a launcher killed with SIGKILL leaves no worker behind.
 */
final class PushWorker implements AutoCloseable {

    static final String STOP_STEP = "push-source worker";
    static final String TEMPLATE = "connector-configs/worker/connect-distributed-push.properties";
    /** The JMX exporter's agent jar and rules, named by the tributary script (unset: no metrics page). */
    static final String AGENT_PROPERTY = "tributary.metrics.agent";
    static final String RULES_PROPERTY = "tributary.metrics.rules";
    private static final long STOP_WAIT_SECONDS = 15;

    private final Process process;
    private final URI rest;
    private final Path log;
    private final Integer metricsPort;

    private PushWorker(Process process, URI rest, Path log, Integer metricsPort) {
        this.process = process;
        this.rest = rest;
        this.log = log;
        this.metricsPort = metricsPort;
    }

    /**
     * Starts the child JVM and returns at once (it takes seconds to load the plugins): {@link #awaitReady} waits for
     * its REST API.
     */
    static PushWorker start(LocalStack stack, Path root, Path home, int preferredRestPort, PrintStream out)
            throws IOException {
        int restPort = Ports.preferred(preferredRestPort, "push-source worker REST", out);
        Map<String, String> props = stack.workerPropsFrom(root.resolve(TEMPLATE), restPort);
        Path dir = Files.createDirectories(home.resolve("stack/push-worker"));
        Path propsFile = dir.resolve("worker.properties");
        writePrivately(propsFile, props);
        Path log = home.resolve("logs/push-worker.log");
        Files.createDirectories(log.getParent());

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xms128m", "-Xmx768m", "-XX:+UseParallelGC", "-Dtributary.log.file=" + log));
        Integer metricsPort = null;
        String agent = System.getProperty(AGENT_PROPERTY);
        String rules = System.getProperty(RULES_PROPERTY);
        if (agent != null && rules != null) {
            String mainPort = System.getProperty(WorkerMetrics.PORT_PROPERTY);
            int preferred = mainPort == null ? 9405 : Integer.parseInt(mainPort) + 1;
            metricsPort = Ports.preferred(preferred, "push-source worker metrics", out);
            command.add("-javaagent:" + agent + "=127.0.0.1:" + metricsPort + ":" + rules);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PushWorkerMain.class.getName(),
                propsFile.toString(), String.valueOf(ProcessHandle.current().pid())));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
                .start();
        return new PushWorker(process, URI.create("http://127.0.0.1:" + restPort + "/"), log, metricsPort);
    }

    private static void writePrivately(Path file, Map<String, String> props) throws IOException {
        // On a secure stack the properties hold the worker's SASL password and the keystores' passwords.
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties p = new Properties();
        p.putAll(new TreeMap<>(props));
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, "written by ./tributary up from " + TEMPLATE);
        }
    }

    /** Waits (90 s at most) until the worker's REST API answers; fails at once if its JVM ended. */
    void awaitReady() throws IOException, InterruptedException {
        LocalStack.awaitWorker(rest, () -> process.isAlive() ? null : "The push-source worker ended (exit "
                + process.exitValue() + ") before its REST API answered; see " + log);
    }

    URI restUrl() {
        return rest;
    }

    /** Its metrics page, or null when the tributary script started no agent. */
    String metricsUrl() {
        return metricsPort == null ? null : "http://127.0.0.1:" + metricsPort + "/metrics";
    }

    Path log() {
        return log;
    }

    /**
     * SIGTERM (Connect's shutdown hook stops the tasks: listeners answer their waiting clients), then SIGKILL if the
     * worker has not ended within 15 s (Connect 4.3.1's REST server can hang its own shutdown: docs/deploy.md).
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
