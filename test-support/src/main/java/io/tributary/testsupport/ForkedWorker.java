package io.tributary.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A distributed Connect worker in a child JVM, so a test can kill it for real ({@code SIGKILL}: no shutdown hooks,
 * no final offset commit, no graceful rebalance) — the failure exactly-once and at-least-once claims are about.
 * It joins the cluster described by the worker properties given (usually {@link ConnectCluster#workerProps()}).
 */
public final class ForkedWorker implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    /** Where the threads of a worker that had to be killed were dumped, or null. */
    private Path threadDump;

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);

    private ForkedWorker(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a worker with the test's own classpath (plugins found through their service files on it).
     *
     * @param workDir where the worker's properties and log go
     */
    public static ForkedWorker start(Map<String, String> workerProps, Path workDir) {
        return start(workerProps, workDir, System.getProperty("java.class.path"));
    }

    /**
     * Starts a worker with the given classpath, e.g. another Connect version's runtime (logging set up for both
     * log4j 2, Connect 4.x, and reload4j, Connect 3.x).
     */
    public static ForkedWorker start(Map<String, String> workerProps, Path workDir, String classpath) {
        return start(workerProps, workDir, classpath, Map.of(), 0);
    }

    /**
     * Starts a worker with the given classpath and extra environment variables (read by the worker's
     * {@code EnvVarConfigProvider}, e.g. a push source's port per worker: {@code ${env:LISTENER_PORT}}), on
     * {@code restPort} (0: a free one; a restarted worker keeps its port, so its id stays the same).
     */
    public static ForkedWorker start(Map<String, String> workerProps, Path workDir, String classpath,
                                     Map<String, String> env, int restPort) {
        try {
            Files.createDirectories(workDir);
            int port = restPort > 0 ? restPort : freePort();
            Properties props = new Properties();
            props.putAll(workerProps);
            props.put("listeners", "http://127.0.0.1:" + port);
            props.put("rest.advertised.host.name", "127.0.0.1");
            props.put("rest.advertised.port", String.valueOf(port));
            Path config = workDir.resolve("worker-" + port + ".properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                props.store(out, "forked Connect worker");
            }
            Path log = workDir.resolve("worker-" + port + ".log");
            Path log4j = workDir.resolve("log4j2-worker.xml");
            Files.writeString(log4j, LOG4J.replace("@LOG@", log.toString()));
            // Connect before 4.0 logs through reload4j (log4j 1), which reads its own file and property.
            Path log4j1 = workDir.resolve("log4j-worker.properties");
            Files.writeString(log4j1, LOG4J1.replace("@LOG@", log.toString()));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=" + log4j.toUri(),
                    "-Dlog4j.configuration=" + log4j1.toUri(),
                    "-cp", classpath,
                    "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("worker-" + port + ".out").toFile()))
                    .start();
            return new ForkedWorker(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a forked worker", e);
        }
    }

    /** Waits until the worker answers on its REST port. */
    public ForkedWorker awaitUp(Duration timeout) {
        ConnectRest rest = rest();
        Await.until(timeout, "forked worker on port " + port + " to answer (log: " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("forked worker exited with " + process.exitValue() + "; see " + log);
            }
            return rest.isUp();
        });
        return this;
    }

    public ConnectRest rest() {
        return new ConnectRest(url());
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The id Connect reports for tasks on this worker ({@code worker_id} in task status). */
    public String workerId() {
        return "127.0.0.1:" + port;
    }

    /** Of two workers, the one running task {@code task} of {@code connector} (as {@code a}'s REST API reports). */
    public static ForkedWorker runningTask(String connector, int task, ForkedWorker a, ForkedWorker b) {
        return a.workerId().equals(a.rest().workerOfTask(connector, task)) ? a : b;
    }

    /** Of two workers, the one that is not {@code worker}. */
    public static ForkedWorker other(ForkedWorker worker, ForkedWorker a, ForkedWorker b) {
        return worker == a ? b : a;
    }

    /** Waits until tasks 0 to {@code tasks - 1} of {@code connector} all run on this worker (the other one died). */
    public void awaitTasksHere(String connector, int tasks, Duration timeout) {
        ConnectRest rest = rest();
        Await.until(timeout, tasks + " task(s) of " + connector + " on the surviving worker " + workerId(), () -> {
            for (int task = 0; task < tasks; task++) {
                if (!workerId().equals(rest.workerOfTask(connector, task))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** SIGKILL: the process dies at once, mid-whatever it was doing. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /**
     * SIGTERM, as an orchestrator stops a worker for a rolling restart (Connect's shutdown hook stops its tasks and
     * leaves the group), then waits at most {@code timeout}; SIGKILL after that.
     *
     * @return how long the worker took to exit, or null when it had to be killed
     */
    public Duration terminate(Duration timeout) {
        long started = System.nanoTime();
        process.destroy();
        try {
            if (process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dumpThreads();
        kill();
        return null;
    }

    /** The worker's threads, by the JDK's jcmd, next to its log: what it was stuck on when it had to be killed. */
    private void dumpThreads() {
        Path target = log.resolveSibling("worker-" + port + "-threads.txt");
        threadDump = ThreadDump.write(process.pid(), target) == null ? null : target;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The REST port (kept by a worker restarted with {@link #start(Map, Path, String, Map, int)}). */
    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /**
     * SIGTERM and a bounded wait. A Connect 4.3.1 worker can hang for good in its shutdown hook: Jetty's own
     * shutdown thread races Connect's {@code RestServer.stop()}, which then waits in {@code Server.join()} for ever
     * ("Unable to destroy ... IllegalStateException: STARTED" in the worker log; seen once in ~40 suite runs, in
     * WebSocketWorkerKillIT, the whole suite hung). After {@link #CLOSE_TIMEOUT} the worker's threads are dumped
     * next to its log (jcmd), the hang is reported on stderr and the worker is killed, so a test run never hangs on
     * Connect's stop; tests that time a stop use {@link #terminate(Duration)}.
     */
    @Override
    public void close() {
        if (process.isAlive() && terminate(CLOSE_TIMEOUT) == null) {
            System.err.println("forked worker " + workerId() + " (pid " + process.pid() + ") had not stopped "
                    + CLOSE_TIMEOUT.toSeconds() + " s after SIGTERM and was killed; its threads: " + threadDump);
        }
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        return LoopbackPorts.free();
    }

    /** The classpath of this JVM without entries matching {@code exclude} (e.g. the plugins under test). */
    public static String classpathWithout(String... exclude) {
        List<String> kept = new ArrayList<>();
        outer:
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            for (String e : exclude) {
                if (entry.contains(e)) {
                    continue outer;
                }
            }
            kept.add(entry);
        }
        return String.join(File.pathSeparator, kept);
    }

    private static final String LOG4J = String.join("\n",
            "<Configuration status=\"warn\">",
            "  <Appenders><File name=\"file\" fileName=\"@LOG@\"><PatternLayout pattern=\"%d %-5p [%t] %c{1}: %m%n\"/></File></Appenders>",
            "  <Loggers>",
            "    <Logger name=\"io.tributary\" level=\"info\"/>",
            "    <Logger name=\"org.apache.kafka.connect.runtime.distributed\" level=\"info\"/>",
            "    <Root level=\"warn\"><AppenderRef ref=\"file\"/></Root>",
            "  </Loggers>",
            "</Configuration>");

    private static final String LOG4J1 = String.join("\n",
            "log4j.rootLogger=WARN, file",
            "log4j.appender.file=org.apache.log4j.FileAppender",
            "log4j.appender.file.File=@LOG@",
            "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.file.layout.ConversionPattern=%d %-5p [%t] %c{1}: %m%n",
            "log4j.logger.io.tributary=INFO",
            "log4j.logger.org.apache.kafka.connect.runtime.distributed=INFO",
            "");
}
