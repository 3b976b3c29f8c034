package io.tributary.launcher;

import io.tributary.generator.cli.Flags;
import io.tributary.generator.cli.GenerateCommand;
import io.tributary.launcher.security.AclPlan;
import io.tributary.launcher.security.Principals;
import io.tributary.launcher.security.SecureKafka;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The Java side of the {@code tributary} command: {@code up}, {@code demo} and {@code generate}. The shell script
 * builds what is missing and passes the locations through the environment: TRIBUTARY_ROOT (the checkout),
 * TRIBUTARY_HOME (data, usually .tributary/) and TRIBUTARY_BUNDLE (the ZIP to install).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length == 0) {
            out.println(usage());
            System.exit(2);
        }
        try {
            int code = switch (args[0]) {
                case "demo" -> demo(args, out);
                case "up" -> up(args, out);
                case "generate" -> GenerateCommand.run(args, 1);
                default -> {
                    out.println(usage());
                    yield 2;
                }
            };
            System.exit(code);
        } catch (IllegalArgumentException e) {
            System.err.println("tributary " + args[0] + ": " + e.getMessage());
            System.exit(2);
        }
    }

    private static int demo(String[] args, PrintStream out) throws Exception {
        Flags flags = Flags.parse(args, 1, Set.of("events", "rate", "secure"));
        long events = flags.longValue("events", 100_000);
        double rate = flags.doubleValue("rate", 20_000);
        if (events < 1) {
            throw new IllegalArgumentException("--events must be at least 1");
        }
        SecureKafka security = flags.has("secure") ? security(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), out) : null;
        return new Demo(env("TRIBUTARY_HOME"), env("TRIBUTARY_ROOT"), env("TRIBUTARY_BUNDLE"), out, security)
                .run(events, rate);
    }

    private static int up(String[] args, PrintStream out) throws Exception {
        boolean secure = Flags.parse(args, 1, Set.of("secure")).has("secure");
        Path home = env("TRIBUTARY_HOME");
        Path root = env("TRIBUTARY_ROOT");
        out.println("Starting Kafka and Connect on 127.0.0.1 (data in " + home.resolve("stack") + ") ...");
        StackSettings settings = StackSettings.defaults(home.resolve("stack"), env("TRIBUTARY_BUNDLE"),
                root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withExtraPluginDirs(ExtraPlugins.dirs(home, out));
        if (secure) {
            settings = settings.withSecurity(security(home, root, out));
        }
        LocalStack stack = LocalStack.start(settings, out);
        DemoProcessor processor = DemoProcessor.start(root, home.resolve("processor/state"),
                stack.clientConfig(Principals.PROCESSOR),
                Ports.preferred(8090, "processor operations", out));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the processor, Connect and Kafka ...");
            processor.close();
            stack.close();
            stopped.countDown();
        }, "tributary-shutdown"));
        out.println();
        out.println("  Kafka bootstrap servers   " + stack.bootstrapServers() + (secure ? " (SASL_SSL, SCRAM-SHA-512)" : ""));
        if (secure) {
            SecureStackHints.print(stack, out);
        }
        out.println("  Connect REST API          " + stack.restUrl());
        WorkerMetrics.describe(out);
        out.println("  Stateful processor        " + DemoProcessor.CONFIG + " (dedup, windows): http://127.0.0.1:"
                + processor.httpPort() + "/metrics, /ready, /jobs/per-type-1m/windows?key=payment");
        out.println();
        // The demo file source's validate() refuses a file.path that does not exist: made here, so the steps below
        // work in the order printed on a fresh home.
        Files.createDirectories(home.resolve("demo/input"));
        out.println("  Create the demo pipeline:");
        out.println("    for f in connector-configs/pipelines/demo/*.json; do");
        out.println("      curl -s -X POST -H 'Content-Type: application/json' --data @$f " + stack.restUrl() + "connectors; done");
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
        out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /** The secure stack's CA, keystores and passwords under $TRIBUTARY_HOME/secure (made on first use), and ACLs. */
    private static SecureKafka security(Path home, Path root, PrintStream out) throws Exception {
        Path dir = home.resolve("secure");
        out.println("Secure stack: certificate authority, keystores and passwords in " + dir + " ...");
        return SecureKafka.prepare(dir).withAcls(AclPlan.localStack(DemoProcessor.applicationId(root)));
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
                "  demo [--events N] [--rate PER_SECOND] [--secure]   run the demo pipeline on a fresh local stack, then stop",
                "  up [--secure]                            run Kafka, Connect with the bundle and the processor until Ctrl-C",
                "  generate ...                             synthetic events to files, HTTP or Kafka (--help)");
    }
}
