package io.tributary.launcher;

import io.tributary.launcher.security.SecureKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * What every demo pipeline does around its own events ({@link Demo}, {@link CartEventsDemo}): a fresh directory, the
 * local stack, topics, connectors created from their files and awaited, a ClickHouse database of its own, and the
 * wait for every stage to reach its count.
 */
final class DemoSteps {

    private final Path home;
    private final Path root;
    private final Path bundle;
    private final PrintStream out;
    /** Null for a plaintext stack; otherwise every client authenticates (the worker, the processor, the demo's). */
    private final SecureKafka security;
    /** Stops the stack and the processor in order on a signal; the demo's own try-with-resources on a normal end. */
    private final StopSequence stops;

    DemoSteps(Path home, Path root, Path bundle, PrintStream out, SecureKafka security, StopSequence stops) {
        this.home = home;
        this.root = root;
        this.bundle = bundle;
        this.out = out;
        this.security = security;
        this.stops = stops;
    }

    Path root() {
        return root;
    }

    PrintStream out() {
        return out;
    }

    StopSequence stops() {
        return stops;
    }

    /** {@code $TRIBUTARY_HOME/demo}, emptied: each run starts from nothing. */
    Path freshDirectory() throws IOException {
        Path demo = home.resolve("demo");
        Bundle.deleteRecursively(demo);
        return Files.createDirectories(demo);
    }

    /** Refuses to start when a push source's port is taken (it must be the one its connector file names). */
    void requireFree(int port, String what) throws IOException {
        if (!Ports.isFree(port)) {
            throw new IOException("port " + port + " on 127.0.0.1 is taken; the demo's " + what + " needs it (is `tributary"
                    + " up` running? stop it first)");
        }
    }

    /** When ClickHouse answers: {@code database} dropped and made again, said so; false (and said so) when not. */
    boolean freshClickHouseDatabase(ClickHouseCheck clickHouse, String database, String what)
            throws IOException, InterruptedException {
        if (!clickHouse.answers()) {
            out.println("  ClickHouse is not answering on 127.0.0.1:8123 (./tributary services start): no ClickHouse sink");
            return false;
        }
        clickHouse.query("DROP DATABASE IF EXISTS " + database);
        clickHouse.query("CREATE DATABASE " + database);
        out.printf("  ClickHouse %s answers on 127.0.0.1:8123: %s go into database %s%n", clickHouse.version(), what,
                database);
        return true;
    }

    /** Kafka and Connect with the bundle, data under {@code demo/stack}, offsets flushed every second. */
    LocalStack startStack(Path demo, long startedNanos) throws IOException, InterruptedException {
        out.println("  starting Kafka and Connect on 127.0.0.1 ...");
        // Offsets (and so the sinks' time-based commits) every second, so the last results show up quickly.
        StackSettings settings = StackSettings.defaults(demo.resolve("stack"), bundle,
                        root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withWorkerOverrides(Map.of("offset.flush.interval.ms", "1000"));
        if (security != null) {
            settings = settings.withSecurity(security);
        }
        LocalStack stack = LocalStack.start(settings, out, stops);
        out.printf("  broker %s%s, Connect REST %s (%.1f s)%n", stack.bootstrapServers(),
                security == null ? "" : " (SASL_SSL, SCRAM-SHA-512; mTLS " + stack.mtlsBootstrapServers()
                        + "; ACLs; worker, processor and demo clients each their own user)",
                stack.restUrl(), seconds(startedNanos));
        return stack;
    }

    /** The demo's topics, 3 partitions each. */
    static void createTopics(Map<String, Object> client, List<String> topics) throws IOException {
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, 3, (short) 1)).toList()).all().get();
        } catch (ExecutionException e) {
            throw new IOException("Cannot create the demo's topics: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Creates the connector of a file through the REST API and waits until it and its tasks run; its name. */
    String applyConnector(ConnectClient connect, Path file) throws IOException, InterruptedException {
        String name = connect.apply(file);
        connect.awaitRunning(name, Duration.ofSeconds(60));
        out.printf("  connector %s RUNNING (%s)%n", name, root.relativize(file));
        return name;
    }

    /**
     * Waits for the pipeline after the last event went in, as {@link Demo.Wait} says: true once every stage reached
     * its count (and a second more passed, which shows whether anything arrives twice), false when the wait gave up
     * (said why).
     */
    boolean awaitStages(long events, Supplier<List<Demo.Stage>> stages) throws InterruptedException {
        Demo.Wait wait = new Demo.Wait(events, out, System::nanoTime);
        while (true) {
            List<Demo.Stage> now = stages.get();
            if (now.stream().allMatch(Demo.Stage::arrived)) {
                Thread.sleep(1_000);
                return true;
            }
            String givenUp = wait.observe(now);
            if (givenUp != null) {
                out.println();
                out.println(givenUp);
                return false;
            }
            Thread.sleep(1_000);
        }
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
