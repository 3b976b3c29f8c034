package io.tributary.launcher;

import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@code ./tributary up} stops and refuses to start, run as the script runs it (its own JVM, no plugin on its
 * class path), on free ports given through TRIBUTARY_*_PORT. One stack serves the first two tests: a second
 * {@code up} and a second {@code demo} on its home are refused without touching it, then it is stopped with SIGTERM
 * while a pipeline runs (the demo listener on the push-source worker group among it) and an extra consumer group and
 * a second processor instance are attached. The third starts its own stack with a stop step that never ends, to see
 * the watchdog cut it off; the fourth kills one with SIGKILL and sees its push-source worker JVM end too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpStopIT {

    /** Far above the 30 s bound: only a stop that hangs misses it. */
    private static final Duration GENEROUS = Duration.ofSeconds(120);

    /** Under target/, kept after the run: what each process printed and the worker logs are there to read. */
    private final Path dir = Path.of(System.getProperty("tributary.launcher.dir"))
            .resolve("up-stop-it-" + System.currentTimeMillis());

    private Path home;
    private Up up;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startUp() throws Exception {
        home = dir.resolve("home");
        up = Up.start(dir, home, "up", Map.of(), List.of());
        up.awaitRunning();
    }

    @AfterAll
    void stopUp() throws InterruptedException {
        if (up != null) {
            up.kill();
        }
    }

    @Test
    @Order(1)
    void aSecondUpOrDemoOnTheSameHomeIsRefusedBeforeItTouchesAnything() throws Exception {
        Path lock = home.resolve(HomeLock.FILE);
        String lockContent = Files.readString(lock);
        Path log = home.resolve("logs/up.log");
        String firstLogLine = Files.readAllLines(log).get(0);
        long logSize = Files.size(log);
        // The demo would begin by deleting $TRIBUTARY_HOME/demo; up made it (demo/input) for the printed steps.
        Path marker = Files.writeString(home.resolve("demo/input/kept.txt"), "not the demo's to delete");
        Path meta = home.resolve("stack/kafka/meta.properties");
        String metaContent = Files.readString(meta);

        for (String command : List.of("up", "demo")) {
            Up second = Up.start(dir, home, command, Map.of(), List.of());
            assertThat(second.process.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS))
                    .as("the second %s ended; it printed:%n%s", command, second.printed()).isTrue();
            assertThat(second.process.exitValue()).as("exit code of the second %s", command)
                    .isEqualTo(ExitCodes.HOME_IN_USE);
            assertThat(second.stderr()).contains("tributary " + command + ": refused: " + home + " is in use by another "
                    + "tributary (pid " + up.process.pid() + ": tributary up");
            assertThat(second.stdout()).doesNotContain("Starting").doesNotContain("starting");
        }

        assertThat(Files.readString(lock)).isEqualTo(lockContent);
        assertThat(Files.readAllLines(log).get(0)).as("up.log not truncated").isEqualTo(firstLogLine);
        assertThat(Files.size(log)).isGreaterThanOrEqualTo(logSize);
        assertThat(marker).exists();
        assertThat(home.resolve("logs/demo.log")).as("the refused demo did not even open its log").doesNotExist();
        assertThat(Files.readString(meta)).isEqualTo(metaContent);
        assertThat(get(up.rest().resolve("connectors")).statusCode()).as("the first still answers REST").isEqualTo(200);
        assertThat(up.process.isAlive()).isTrue();
    }

    @Test
    @Order(2)
    void sigtermWithAPipelineAndExtraClientsAttachedStopsUpWithExitZero() throws Exception {
        Path root = Up.root();
        for (String file : List.of("10-file-source.json", "20-file-sink.json")) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(up.rest().resolve("connectors"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(root.resolve("connector-configs/pipelines/demo/" + file)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as("%s: %s", file, created.body()).isEqualTo(201);
        }
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            events.append("{\"event_id\":\"").append(UUID.randomUUID()).append("\",\"event_type\":\"click\",\"ts\":\"")
                    .append("2026-01-01T00:00:00Z\",\"user_id\":\"u-").append(String.format("%06d", i % 50))
                    .append("\"}\n");
        }
        Files.writeString(home.resolve("demo/input/events-1.jsonl"), events);

        // An extra consumer group, polling throughout the stop, and a second instance of the processor (its group).
        AtomicLong consumed = new AtomicLong();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(consumed, polling), "extra-consumer");
        consumer.setDaemon(true);
        consumer.start();
        ProcessorRuntime secondProcessor = secondProcessor(root);
        try {
            await("the pipeline to route events to the extra consumer", () -> consumed.get() > 0);
            await("the second processor to run", () -> secondProcessor.streams().state() == KafkaStreams.State.RUNNING);

            // The demo's listener on the push-source worker group, as up's printed steps post it: a durable answer
            // means Kafka has the event, written by the push worker (its own JVM, no exactly-once source support).
            String listener = Files.readString(root.resolve("connector-configs/pipelines/demo/11-http-listener.json"))
                    .replace("\"listener.port\": \"8088\"", "\"listener.port\": \"" + up.spare() + "\"");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(up.pushRest().resolve("connectors"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(listener))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as("listener on the push worker: %s", created.body()).isEqualTo(201);
            URI pushed = URI.create("http://127.0.0.1:" + up.spare() + "/events");
            await("the listener on the push worker to answer", () -> pushEvent(pushed) == 200);
            String status = get(up.pushRest().resolve("connectors/demo-http-listener/status")).body();
            assertThat(status).contains("\"worker_id\":\"127.0.0.1:" + up.pushRest().getPort() + "\"")
                    .doesNotContain("FAILED");
            assertThat(get(up.rest().resolve("connectors/demo-http-listener")).statusCode())
                    .as("the main worker group does not know the push group's connector").isEqualTo(404);
            List<ProcessHandle> children = up.children();
            assertThat(children).as("up's push-source worker JVM").isNotEmpty();

            up.process.destroy();
            boolean ended = up.process.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS);
            assertThat(ended).as("up ended after SIGTERM; it printed:%n%s", up.printed()).isTrue();
            assertThat(up.process.exitValue()).as("exit code; it printed:%n%s", up.printed()).isZero();
            assertThat(up.stdout()).contains("Stopping (SIGTERM; at most 30 s").contains("Stopped.");
            for (int port : up.ports()) {
                assertThat(Ports.isFree(port)).as("port %d is free after up ended", port).isTrue();
            }
            assertThat(children).as("the push-source worker stopped with up").noneMatch(ProcessHandle::isAlive);
        } finally {
            polling.set(false);
            // The broker is gone: its close may wait out its own timeout, which is not what this test measures.
            Thread closing = new Thread(secondProcessor::close, "close-second-processor");
            closing.setDaemon(true);
            closing.start();
            closing.join(10_000);
            consumer.join(10_000);
        }
    }

    @Test
    @Order(3)
    void aStopStepThatDoesNotEndIsCutOffByTheWatchdogNamingIt() throws Exception {
        Path other = dir.resolve("home-watchdog");
        try (Up hanging = Up.start(dir, other, "up", Map.of("TRIBUTARY_STOP_TIMEOUT", "3"),
                // The step blocked is the first to stop (the processor, started last): the watchdog then names it on
                // every run. Blocking a later step made the named step depend on how fast the earlier ones stopped
                // (a loaded clean-clone run: the processor's close took over 3 s and was named instead).
                List.of("-D" + StopSequence.BLOCK_STEP_PROPERTY + "=" + DemoProcessor.STOP_STEP))) {
            hanging.awaitRunning();
            hanging.process.destroy();
            assertThat(hanging.process.waitFor(GENEROUS.toSeconds(), TimeUnit.SECONDS))
                    .as("up ended; it printed:%n%s", hanging.printed()).isTrue();
            assertThat(hanging.process.exitValue()).as("exit code; it printed:%n%s", hanging.printed())
                    .isEqualTo(ExitCodes.STOP_TIMED_OUT);
            assertThat(hanging.stderr()).contains("tributary: not stopped within 3 s (TRIBUTARY_STOP_TIMEOUT): the "
                    + DemoProcessor.STOP_STEP + " had not stopped; halting (exit " + ExitCodes.STOP_TIMED_OUT + ")");
            assertThat(hanging.stdout()).doesNotContain("Stopped.");
        }
    }

    @Test
    @Order(4)
    void aKilledUpLeavesNoPushWorkerBehind() throws Exception {
        try (Up killed = Up.start(dir, dir.resolve("home-killed"), "up", Map.of(), List.of())) {
            killed.awaitRunning();
            List<ProcessHandle> children = killed.children();
            assertThat(children).as("up's push-source worker JVM").isNotEmpty();
            killed.kill();
            // The push worker watches its parent (PushWorkerMain) and stops through Connect's shutdown hook.
            await("the push-source worker to end after up was killed", () -> children.stream().noneMatch(
                    ProcessHandle::isAlive));
            await("the push worker's REST port to be free", () -> Ports.isFree(killed.pushRest().getPort()));
        }
    }

    /** POSTs one valid demo event; the status code, or -1 while nothing listens. */
    private int pushEvent(URI events) {
        String event = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_type\":\"click\",\"ts\":"
                + "\"2026-01-01T00:00:00Z\",\"user_id\":\"u-000001\"}";
        try {
            return http.send(HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private ProcessorRuntime secondProcessor(Path root) throws IOException {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("bootstrap.servers", up.bootstrap());
        overrides.put("state.dir", dir.resolve("second-processor-state").toString());
        ProcessorConfig config = ProcessorConfig.load(root.resolve(DemoProcessor.CONFIG)).with(overrides, null, 0);
        return ProcessorRuntime.start(config, null, null);
    }

    private void consume(AtomicLong consumed, AtomicBoolean polling) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, up.bootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "extra-console-consumer");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        try {
            consumer.subscribe(List.of("events-clicks", "events-invalid", "events-unroutable"));
            while (polling.get()) {
                consumed.addAndGet(consumer.poll(Duration.ofMillis(500)).count());
            }
        } finally {
            // The broker is gone by then: no waiting to leave the group.
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    /** {@code up} or {@code demo} in a child JVM as the script starts it, on free ports; its output outside the home. */
    private static final class Up implements AutoCloseable {

        final Process process;
        private final Path stdout;
        private final Path stderr;
        private final List<Integer> ports;

        private Up(Process process, Path stdout, Path stderr, List<Integer> ports) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
            this.ports = ports;
        }

        static Path root() {
            return Path.of(System.getProperty("tributary.root")).toAbsolutePath().normalize();
        }

        static Up start(Path dir, Path home, String command, Map<String, String> env, List<String> jvmOptions)
                throws IOException {
            Files.createDirectories(home.resolve("logs"));
            Set<Integer> free = new LinkedHashSet<>();
            while (free.size() < 6) {
                free.add(Ports.anyFree());
            }
            List<Integer> ports = new ArrayList<>(free);
            Path launcher = Path.of(System.getProperty("tributary.launcher.dir"));
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "-Dtributary.log.file=" + home.resolve("logs/" + command + ".log")));
            line.addAll(jvmOptions);
            line.addAll(List.of("-cp", launcher.resolve("tributary-launcher.jar") + File.pathSeparator
                    + launcher.resolve("lib") + "/*", "io.tributary.launcher.Main", command));
            String name = command + "-" + UUID.randomUUID();
            Path out = dir.resolve(name + ".out");
            Path err = dir.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(line).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("TRIBUTARY_ROOT", root().toString());
            builder.environment().put("TRIBUTARY_HOME", home.toString());
            builder.environment().put("TRIBUTARY_BUNDLE", System.getProperty("tributary.bundle.zip"));
            builder.environment().put("TRIBUTARY_KAFKA_PORT", String.valueOf(ports.get(0)));
            builder.environment().put("TRIBUTARY_CONTROLLER_PORT", String.valueOf(ports.get(1)));
            builder.environment().put("TRIBUTARY_CONNECT_PORT", String.valueOf(ports.get(2)));
            builder.environment().put("TRIBUTARY_PROCESSOR_PORT", String.valueOf(ports.get(3)));
            builder.environment().put("TRIBUTARY_PUSH_CONNECT_PORT", String.valueOf(ports.get(4)));
            builder.environment().putAll(env);
            return new Up(builder.start(), out, err, ports);
        }

        void awaitRunning() throws InterruptedException, IOException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!stdout().contains("Press Ctrl-C to stop.")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("up did not start (alive: " + process.isAlive() + "); it printed:\n" + printed());
                }
                Thread.sleep(200);
            }
            // The ports asked for are the ones used (none was taken in between), so the checks name the right ones.
            assertThat(stdout()).doesNotContain("is taken on 127.0.0.1");
        }

        String stdout() throws IOException {
            return Files.readString(stdout, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }

        String printed() throws IOException {
            return stdout() + "\n--- stderr ---\n" + stderr();
        }

        List<Integer> ports() {
            return ports;
        }

        String bootstrap() {
            return "127.0.0.1:" + ports.get(0);
        }

        URI rest() {
            return URI.create("http://127.0.0.1:" + ports.get(2) + "/");
        }

        /** The push-source worker group's REST API. */
        URI pushRest() {
            return URI.create("http://127.0.0.1:" + ports.get(4) + "/");
        }

        /** A free port, not one of the stack's: for a listener connector. */
        int spare() {
            return ports.get(5);
        }

        /** The JVMs this one started (the push-source worker). */
        List<ProcessHandle> children() {
            return process.descendants().toList();
        }

        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
