package io.tributary.launcher;

import io.tributary.generator.cli.Flags;
import io.tributary.generator.cli.GenerateCommand;
import io.tributary.launcher.clickhouse.ClickHouseCommand;
import io.tributary.launcher.dlq.DlqCommand;
import io.tributary.launcher.security.AclPlan;
import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Java side of the {@code tributary} command: {@code up}, {@code demo}, {@code generate}, {@code dlq} and
 * {@code clickhouse}. The shell script
 * builds what is missing and passes the locations through the environment: TRIBUTARY_ROOT (the checkout),
 * TRIBUTARY_HOME (data, usually .tributary/) and TRIBUTARY_BUNDLE (the ZIP to install).
 */
public final class Main {

    /** {@code demo --pipeline cart-events}: connector-configs/pipelines/cart-events/ ({@link CartEventsDemo}). */
    static final String CART_EVENTS = "cart-events";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length == 0) {
            out.println(usage());
            System.exit(ExitCodes.USAGE);
        }
        if (args[0].equals("up") || args[0].equals("demo")) {
            runStack(args, out);
            return;
        }
        try {
            int code = switch (args[0]) {
                case "generate" -> GenerateCommand.run(args, 1);
                case "dlq" -> DlqCommand.run(args, 1, out, System.err);
                case "clickhouse" -> ClickHouseCommand.run(args, 1, out, System.err);
                default -> {
                    out.println(usage());
                    yield ExitCodes.USAGE;
                }
            };
            System.exit(code);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary " + args[0] + ": " + e.getMessage());
            System.exit(ExitCodes.USAGE);
        }
    }

    /**
     * {@code up} or {@code demo}: first the home's lock (a second instance is refused before it touches anything,
     * not even the log file), then SIGTERM/Ctrl-C handling, then the stack. Every way out goes through the stop
     * sequence, so what started is stopped, within the bound, and the JVM exits with a code of {@link ExitCodes}.
     */
    private static void runStack(String[] args, PrintStream out) {
        String command = args[0];
        StopSequence stops;
        try {
            Path home = env("TRIBUTARY_HOME");
            stops = new StopSequence(StopSequence.boundFromEnvironment(), System.err);
            HomeLock.acquire(home, "tributary " + String.join(" ", args));
        } catch (IllegalArgumentException e) {
            System.err.println("tributary " + command + ": " + e.getMessage());
            System.exit(ExitCodes.USAGE);
            return;
        } catch (HomeLock.HomeInUse e) {
            System.err.println("tributary " + command + ": refused: " + e.getMessage());
            System.exit(ExitCodes.HOME_IN_USE);
            return;
        } catch (IOException e) {
            System.err.println("tributary " + command + ": cannot lock $TRIBUTARY_HOME: " + causes(e));
            System.exit(ExitCodes.FAILED);
            return;
        }
        stopOnSignals(command, stops, out);
        int code;
        try {
            code = command.equals("up") ? up(args, out, stops) : demo(args, out, stops);
        } catch (IllegalArgumentException e) {
            code = fail(command, stops, e.getMessage(), ExitCodes.USAGE);
        } catch (Throwable e) {
            code = fail(command, stops, "failed: " + causes(e), ExitCodes.FAILED);
        }
        // The demo's own try-with-resources stopped its stack already: the sequence finds nothing left to stop.
        if (!stops.run()) {
            awaitExitByOthers();
        }
        System.exit(code);
    }

    private static int fail(String command, StopSequence stops, String message, int code) {
        if (stops.started()) {
            // Stopping on a signal makes the running parts fail: not this command's failure to report.
            awaitExitByOthers();
        }
        System.err.println("tributary " + command + ": " + message);
        System.err.println("  (stopping what had started, at most " + stops.bound().toSeconds() + " s)");
        return code;
    }

    /**
     * SIGTERM and SIGINT (Ctrl-C) stop the stack in order rather than leaving it to shutdown hooks, which the JVM
     * runs all at once (Connect's own would race ours) and after which the exit status is always 143.
     */
    private static void stopOnSignals(String command, StopSequence stops, PrintStream out) {
        AtomicBoolean signalled = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (!signalled.compareAndSet(false, true)) {
                // Some supervisors (timeout(1), process-group kills) deliver the same stop twice: the watchdog, not a
                // second signal, bounds the stop.
                System.err.println("tributary " + command + ": SIG" + signal.getName() + " again: already stopping (at "
                        + "most " + stops.bound().toSeconds() + " s)");
                return;
            }
            out.println("Stopping (SIG" + signal.getName() + "; at most " + stops.bound().toSeconds()
                    + " s, TRIBUTARY_STOP_TIMEOUT) ...");
            if (stops.run()) {
                out.println("Stopped.");
                // An interrupted demo did not finish: the shell's 128 + signal. A stopped up did what it should.
                System.exit(command.equals("up") ? ExitCodes.OK : 128 + signal.getNumber());
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }

    /** Someone else (the signal handler, or the watchdog) ends the JVM; this thread must not exit it first. */
    private static void awaitExitByOthers() {
        while (true) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException ignored) {
                // keep waiting
            }
        }
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }

    private static int demo(String[] args, PrintStream out, StopSequence stops) throws Exception {
        Flags flags = Flags.parse(args, 1, Set.of("events", "rate", "secure", "avro", "pipeline"));
        long events = flags.longValue("events", 100_000);
        double rate = flags.doubleValue("rate", 20_000);
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1");
        }
        String pipeline = flags.string("pipeline", "demo");
        if (pipeline.equals(CART_EVENTS)) {
            for (String flag : List.of("secure", "avro")) {
                if (flags.has(flag)) {
                    throw new IllegalArgumentException("--" + flag + " is for the default demo pipeline, not --pipeline "
                            + CART_EVENTS);
                }
            }
            return new CartEventsDemo(new DemoSteps(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"),
                    env("TRIBUTARY_BUNDLE"), out, null, stops)).run(events, rate);
        }
        if (!pipeline.equals("demo")) {
            throw new IllegalArgumentException("--pipeline is demo (the default) or " + CART_EVENTS + ", not '"
                    + pipeline + "'");
        }
        SecureKafka security = flags.has("secure") ? security(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), out) : null;
        return new Demo(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), env("TRIBUTARY_BUNDLE"), out, security, stops,
                flags.has("avro")).run(events, rate);
    }

    private static int up(String[] args, PrintStream out, StopSequence stops) throws Exception {
        boolean secure = Flags.parse(args, 1, Set.of("secure")).has("secure");
        Path home = env("TRIBUTARY_HOME");
        Path root = env("TRIBUTARY_ROOT");
        out.println("Starting Kafka and Connect on 127.0.0.1 (data in " + home.resolve("stack") + ") ...");
        StackSettings settings = StackSettings.defaults(home.resolve("stack"), env("TRIBUTARY_BUNDLE"),
                root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withPorts(port("TRIBUTARY_KAFKA_PORT", 9092), port("TRIBUTARY_CONTROLLER_PORT", 9093),
                        port("TRIBUTARY_CONNECT_PORT", 8083))
                .withExtraPluginDirs(ExtraPlugins.dirs(home, out));
        if (secure) {
            settings = settings.withSecurity(security(home, root, out));
        }
        LocalStack stack = LocalStack.start(settings, out, stops);
        // The push sources' worker group (no exactly-once source support) starts in its own JVM while the processor
        // starts here.
        PushWorker pushWorker = PushWorker.start(stack, root, home, port("TRIBUTARY_PUSH_CONNECT_PORT", 8084), out);
        stops.add(PushWorker.STOP_STEP, pushWorker::close);
        DemoProcessor processor = DemoProcessor.start(root, home.resolve("processor/state"),
                stack.clientConfig(Principals.PROCESSOR),
                Ports.preferred(port("TRIBUTARY_PROCESSOR_PORT", 8090), "processor operations", out),
                stack.restUrl().toString(), List.of(pushWorker.restUrl().toString()),
                pushWorker.metricsUrl() == null ? List.of() : List.of(pushWorker.metricsUrl()));
        stops.add(DemoProcessor.STOP_STEP, processor::close);
        pushWorker.awaitReady();
        out.println();
        out.println("  Kafka bootstrap servers   " + stack.bootstrapServers() + (secure ? " (SASL_SSL, SCRAM-SHA-512)" : ""));
        if (secure) {
            SecureStackHints.print(stack, out);
        }
        out.println("  Connect REST API          " + stack.restUrl());
        out.println("  Connect REST API (push)   " + pushWorker.restUrl() + " (the HTTP listener and WebSocket server: "
                + "a worker group without exactly-once source support, " + PushWorker.TEMPLATE + "; log "
                + pushWorker.log() + ")");
        out.println("  Schema registry           " + new RegistryCheck().describe());
        WorkerMetrics.describe(out);
        if (pushWorker.metricsUrl() != null) {
            out.println("  Worker metrics (push)     " + pushWorker.metricsUrl());
        }
        out.println("  Stateful processor        " + DemoProcessor.CONFIG + " (dedup, windows): http://127.0.0.1:"
                + processor.httpPort() + "/metrics, /ready, /jobs/per-type-1m/windows?key=payment");
        out.println("  Pipeline status           http://127.0.0.1:" + processor.httpPort() + "/pipeline/status, "
                + "/events/stats (connectors, tasks, jobs, lag, rates, dead letters; docs/processor.md)");
        out.println();
        // The demo file source's validate() refuses a file.path that does not exist: made here, so the steps below
        // work in the order printed on a fresh home.
        Files.createDirectories(home.resolve("demo/input"));
        out.println("  Create the demo pipeline (push sources on the push worker, the others on the main one):");
        out.println("    for f in connector-configs/pipelines/demo/*.json; do");
        out.println("      case $f in *listener*|*websocket*) url=" + pushWorker.restUrl() + ";; *) url="
                + stack.restUrl() + ";; esac");
        out.println("      curl -s -X POST -H 'Content-Type: application/json' --data @$f ${url}connectors; done");
        out.println("  Feed it:  ./tributary generate --events 1000 --to-dir " + home.resolve("demo/input"));
        out.println("  or push events in (HTTP listener and WebSocket source of the pipeline; answered once Kafka has them):");
        out.println("    curl -s -H 'Content-Type: application/json' --data '{\"event_id\":"
                + "\"00000000-0000-4000-8000-000000000001\",\"event_type\":\"click\",\"ts\":"
                + "\"2026-01-01T00:00:00Z\",\"user_id\":\"u-000001\"}' http://127.0.0.1:" + Demo.LISTENER_PORT
                + "/events");
        out.println("    ./tributary generate --events 1000 --batch 500 --to-url http://127.0.0.1:"
                + Demo.LISTENER_PORT + "/events/batch");
        out.println("    WebSocket: ws://127.0.0.1:" + Demo.WEBSOCKET_PORT + "/events/stream (text frames of JSON or NDJSON; "
                + "ack frames back)");
        out.println("  List plugins:  curl -s " + stack.restUrl() + "connector-plugins");
        out.println();
        out.println("  Stopping (Ctrl-C or SIGTERM) takes at most " + stops.bound().toSeconds()
                + " s (TRIBUTARY_STOP_TIMEOUT); exit codes: ./tributary up --help");
        out.println();
        out.println("Press Ctrl-C to stop.");
        // SIGTERM or Ctrl-C ends the JVM through the stop sequence (stopOnSignals).
        awaitExitByOthers();
        return ExitCodes.OK;
    }

    /** The secure stack's CA, keystores and passwords under $TRIBUTARY_HOME/secure (made on first use), and ACLs. */
    private static SecureKafka security(Path home, Path root, PrintStream out) throws Exception {
        Path dir = home.resolve("secure");
        out.println("Secure stack: certificate authority, keystores and passwords in " + dir + " ...");
        return SecureKafka.prepare(dir).withAcls(AclPlan.localStack(DemoProcessor.applicationId(root)));
    }

    /** A preferred port from the environment (tests and side-by-side stacks), else the usual one. */
    private static int port(String variable, int usual) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            return usual;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(variable + " must be a port number (is '" + value + "')");
    }

    private static Path env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set: run this through ./tributary");
        }
        return Path.of(value).toAbsolutePath();
    }

    static String usage() {
        return String.join("\n",
                "usage: tributary <command>",
                "  demo [--events N] [--rate PER_SECOND] [--secure] [--avro]   run the demo pipeline on a fresh local stack "
                        + "(--avro: Avro through the schema registry), then stop",
                "  demo --pipeline cart-events [--events N] [--rate R]          the cart-events pipeline instead",
                "  clickhouse retention --database D --months N [--dry-run]    drop month partitions older than N months "
                        + "(servers without table TTL)",
                "  up [--secure]                            run Kafka, Connect with the bundle and the processor until Ctrl-C",
                "  generate ...                             synthetic events to files, HTTP or Kafka (--help)",
                "  dlq inspect|replay ...                   read dead letters decoded, or send them back (--help)");
    }
}
