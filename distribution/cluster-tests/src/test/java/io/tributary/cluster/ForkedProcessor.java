package io.tributary.cluster;

import io.tributary.testsupport.Await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stateful processor instance as shipped: {@code bin/tributary-processor config/demo.yaml} from the unpacked
 * tarball, as a user or the processor image runs it, with the demo's jobs as shipped and only the environment saying
 * what differs per instance (the broker, its own state directory and operations port, the heap). Instances with the
 * same application.id share the work (Kafka Streams moves tasks between them).
 */
final class ForkedProcessor implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ForkedProcessor(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts an instance from the unpacked distribution {@code home} against {@code bootstrap}, its state in
     * {@code stateDir} and its operations endpoint on 127.0.0.1:{@code port}; its output (the log) is appended to
     * {@code dir}/processor.log.
     */
    static ForkedProcessor start(Path home, String bootstrap, Path stateDir, int port, Path dir) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve("processor.log");
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/tributary-processor").toString(),
                    "config/demo.yaml")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("TRIBUTARY_") || k.equals("JAVA_OPTS"));
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("TRIBUTARY_PROCESSOR_BOOTSTRAP_SERVERS", bootstrap);
            env.put("TRIBUTARY_PROCESSOR_STATE_DIR", stateDir.toString());
            env.put("TRIBUTARY_PROCESSOR_HTTP_LISTEN", "127.0.0.1:" + port);
            env.put("TRIBUTARY_PROCESSOR_HEAP", "384m");
            env.put("JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1");
            return new ForkedProcessor(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a processor instance", e);
        }
    }

    /** Waits until {@code /ready} answers 200 (running, no store restoring). */
    ForkedProcessor awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Await.until(timeout, "processor on port " + port + " ready (log: " + log + ")", () -> {
            if (!process.isAlive()) {
                throw new AssertionError("processor exited with " + process.exitValue() + "; see " + log);
            }
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return this;
    }

    /** SIGTERM and wait at most {@code timeout}: how long the instance took to exit, or null if it was killed. */
    Duration terminate(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Duration.ofNanos(System.nanoTime() - started);
        }
        process.destroyForcibly().waitFor();
        return null;
    }

    int exitValue() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
