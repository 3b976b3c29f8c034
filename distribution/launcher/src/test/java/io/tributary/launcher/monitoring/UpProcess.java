package io.tributary.launcher.monitoring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./tributary up} in a child JVM, started as the script's {@code launch} starts it: the same JVM options, the
 * JMX exporter's agent on 127.0.0.1 with connector-configs/monitoring/jmx-exporter.yaml, the launcher jar and its lib/
 * on the class path, TRIBUTARY_ROOT, TRIBUTARY_HOME and TRIBUTARY_BUNDLE in the environment. Only the metrics port
 * is the test's (a free one) and the data lives in the test's folder; the stack picks free ports itself when the usual
 * ones are taken, and says which on its standard output, which is read here.
 */
final class UpProcess implements AutoCloseable {

    private static final Pattern REST = Pattern.compile("Connect REST API +(http://\\S+)");
    private static final Pattern PROCESSOR = Pattern.compile("Stateful processor .*http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final Pattern METRICS = Pattern.compile("Worker metrics +http://127\\.0\\.0\\.1:(\\d+)/metrics");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);

    private UpProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "up-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static UpProcess start(Path root, Path home, Path bundle, Path launcherDir, int metricsPort) throws IOException {
        Path agent = launcherDir.resolve("jmx_prometheus_javaagent.jar");
        if (!Files.isRegularFile(agent)) {
            throw new IllegalStateException(agent + " is missing: the launcher's build copies it (mvn package)");
        }
        Files.createDirectories(home.resolve("logs"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC",
                "-javaagent:" + agent + "=127.0.0.1:" + metricsPort + ":"
                        + root.resolve("connector-configs/monitoring/jmx-exporter.yaml"),
                "-Dtributary.metrics.port=" + metricsPort,
                "-Dtributary.log.file=" + home.resolve("logs/up.log"),
                "-cp", launcherDir.resolve("tributary-launcher.jar") + ":" + launcherDir.resolve("lib") + "/*",
                "io.tributary.launcher.Main", "up")
                .redirectErrorStream(true);
        builder.environment().put("TRIBUTARY_ROOT", root.toString());
        builder.environment().put("TRIBUTARY_HOME", home.toString());
        builder.environment().put("TRIBUTARY_BUNDLE", bundle.toString());
        return new UpProcess(builder.start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("Press Ctrl-C to stop.")) {
                    ready.countDown();
                }
            }
        } catch (IOException ended) {
            // the process ended
        } finally {
            ready.countDown();
        }
    }

    /** Waits until up says it runs; fails with its output if it ends or takes longer than the timeout. */
    void awaitRunning(long seconds) throws InterruptedException {
        if (!ready.await(seconds, TimeUnit.SECONDS) || !process.isAlive()) {
            throw new AssertionError("./tributary up did not start within " + seconds + " s (alive: "
                    + process.isAlive() + "); its output:\n" + String.join("\n", output));
        }
    }

    String restUrl() {
        return find(REST);
    }

    int processorPort() {
        return Integer.parseInt(find(PROCESSOR));
    }

    int printedMetricsPort() {
        return Integer.parseInt(find(METRICS));
    }

    List<String> output() {
        return output;
    }

    private String find(Pattern pattern) {
        for (String line : output) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("up printed no line matching " + pattern + ":\n" + String.join("\n", output));
    }

    /** SIGTERM, as Ctrl-C: up stops the processor, Connect and Kafka. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
