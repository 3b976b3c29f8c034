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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A stateful processor instance in a child JVM: {@code ProcessorMain --config FILE}, as {@code ./tributary processor}
 * runs it, with the demo's jobs and this instance's own state directory and operations port. Instances with the same
 * application.id share the work (Kafka Streams moves tasks between them).
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
     * Starts an instance of {@code demoYaml}'s jobs against {@code bootstrap}, its state in {@code stateDir} and its
     * operations endpoint on 127.0.0.1:{@code port}; it logs to {@code dir}.
     */
    static ForkedProcessor start(Path demoYaml, String bootstrap, Path stateDir, int port, Path dir, String classpath) {
        try {
            Files.createDirectories(dir);
            // The demo's file as shipped, with only what differs per instance: the broker, state.dir, the port.
            String yaml = Files.readString(demoYaml)
                    .replaceFirst("(?m)^bootstrap\\.servers:.*$", "bootstrap.servers: " + bootstrap)
                    + "\nstate.dir: " + stateDir + "\nhttp.listen: 127.0.0.1:" + port + "\n";
            Path config = dir.resolve("processor.yaml");
            Files.writeString(config, yaml);
            Path log = dir.resolve("processor.log");
            Path log4j = dir.resolve("log4j2-processor.xml");
            Files.writeString(log4j, LOG4J.replace("@LOG@", log.toString()));
            Process process = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=" + log4j.toUri(),
                    "-cp", classpath,
                    "io.tributary.processor.ProcessorMain", "--config", config.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("processor.out").toFile()))
                    .start();
            return new ForkedProcessor(process, port, log);
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

    private static final String LOG4J = String.join("\n",
            "<Configuration status=\"warn\">",
            "  <Appenders><File name=\"file\" fileName=\"@LOG@\"><PatternLayout pattern=\"%d %-5p [%t] %c{1}: %m%n\"/></File></Appenders>",
            "  <Loggers>",
            "    <Logger name=\"io.tributary\" level=\"info\"/>",
            "    <Logger name=\"org.apache.kafka.streams.KafkaStreams\" level=\"info\"/>",
            "    <Root level=\"warn\"><AppenderRef ref=\"file\"/></Root>",
            "  </Loggers>",
            "</Configuration>");
}
