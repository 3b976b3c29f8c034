package io.tributary.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Connect worker started the way an operator starts one from an example file in connector-configs/worker/:
 * {@code ConnectDistributed <file>} in a JVM of its own (the launcher's runtime classpath: Apache Kafka's Connect
 * runtime, no plugin), with its environment and system properties. The file is used as written except for what
 * its header says to set for one's environment: the values of a few keys (addresses, plugin.path) and text such as
 * {@code /etc/tributary/secrets} replaced by where the test keeps them.
 */
final class ExampleWorker implements AutoCloseable {

    private final Process process;
    private final URI rest;
    private final Path log;
    private final Path config;

    private ExampleWorker(Process process, URI rest, Path log, Path config) {
        this.process = process;
        this.rest = rest;
        this.log = log;
        this.config = config;
    }

    static Builder from(Path example) {
        return new Builder(example);
    }

    static final class Builder {
        private final Path example;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> text = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();

        private Builder(Path example) {
            this.example = example;
        }

        /** Sets the value of {@code key} (which the file must have). */
        Builder set(String key, String value) {
            values.put(key, value);
            return this;
        }

        /** Replaces every occurrence of {@code placeholder} (which the file must have) by {@code actual}. */
        Builder replace(String placeholder, String actual) {
            text.put(placeholder, actual);
            return this;
        }

        Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Builder jvmOption(String option) {
            jvmOptions.add(option);
            return this;
        }

        ExampleWorker start(Path workDir) throws IOException {
            Files.createDirectories(workDir);
            String content = Files.readString(example);
            for (Map.Entry<String, String> e : text.entrySet()) {
                if (!content.contains(e.getKey())) {
                    throw new IllegalArgumentException(example + " has no " + e.getKey() + " to replace");
                }
                content = content.replace(e.getKey(), e.getValue());
            }
            StringBuilder out = new StringBuilder();
            List<String> unset = new ArrayList<>(values.keySet());
            for (String line : content.split("\n", -1)) {
                int eq = line.indexOf('=');
                String key = line.startsWith("#") || eq < 0 ? null : line.substring(0, eq).trim();
                if (key != null && values.containsKey(key)) {
                    out.append(key).append('=').append(values.get(key)).append('\n');
                    unset.remove(key);
                } else {
                    out.append(line).append('\n');
                }
            }
            if (!unset.isEmpty()) {
                throw new IllegalArgumentException(example + " does not set " + unset);
            }
            Path config = workDir.resolve(example.getFileName());
            Files.writeString(config, out.toString());
            Path log = workDir.resolve("worker.log");
            Path log4j = workDir.resolve("log4j2-worker.xml");
            Files.writeString(log4j, LOG4J.replace("@LOG@", log.toString()));
            Path launcher = Path.of(System.getProperty("tributary.launcher.dir"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=" + log4j.toUri()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", launcher.resolve("lib") + File.separator + "*",
                    "org.apache.kafka.connect.cli.ConnectDistributed", config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("worker.out").toFile()));
            builder.environment().putAll(env);
            URI rest = URI.create(values.getOrDefault("listeners", "") + "/");
            return new ExampleWorker(builder.start(), rest, log, config);
        }
    }

    URI rest() {
        return rest;
    }

    Path log() {
        return log;
    }

    /** The worker's properties as started (placeholders replaced). */
    Path config() {
        return config;
    }

    /** Waits until the REST API answers; fails at once, naming the log, if the worker exits. */
    ExampleWorker awaitUp(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker from " + config + " exited with " + process.exitValue()
                        + "; log: " + tail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.resolve("connectors"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("worker from " + config + " did not answer within " + timeout.toSeconds()
                + " s; log: " + tail());
    }

    /** The last lines of the worker's log, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
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
}
