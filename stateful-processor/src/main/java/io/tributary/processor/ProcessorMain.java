package io.tributary.processor;

import io.tributary.processor.config.ConfigError;
import io.tributary.processor.config.EnvironmentOverrides;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.state.StateDirLock;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ProcessorMain --config FILE} (or just {@code FILE}; {@code bin/tributary-processor FILE},
 * {@code ./tributary processor --config FILE}): runs the config's jobs until SIGTERM or Ctrl-C, then closes Kafka
 * Streams within {@code shutdown.timeout} (committing, and under exactly-once completing or aborting the open
 * transaction, and leaving the group). The exit status says how it ended: see the {@code EXIT_} constants.
 *
 * <p>Order of a start: the config (with the environment's settings), then the state directory's lock, then a check
 * that the brokers answer, then topic creation and Kafka Streams. A second instance on the same state directory
 * is refused before it touches Kafka; unreachable brokers end the start with their cause instead of a retry loop.
 */
public final class ProcessorMain {

    /** Stopped by SIGTERM (or Ctrl-C) and Kafka Streams closed within {@code shutdown.timeout}. */
    public static final int EXIT_STOPPED = 0;
    /** Could not start (brokers unreachable, port taken, topics not creatable), or the application died. */
    public static final int EXIT_FAILED = 1;
    /** Bad arguments, a config file that cannot be read, or a config (or environment override) that is wrong. */
    public static final int EXIT_CONFIG_ERROR = 2;
    /** Another processor of the same application holds the state directory on this machine. */
    public static final int EXIT_STATE_DIR_LOCKED = 3;
    /** Stopped, but Kafka Streams did not close within {@code shutdown.timeout}: halted without a clean close. */
    public static final int EXIT_FORCED_HALT = 4;

    /** Beyond the close's own bound: for the operations endpoint and the JVM's output to finish. */
    private static final Duration WATCHDOG_MARGIN = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

    /** Held for the life of the process: an unreachable channel may be cleaned up, which would release the lock. */
    private static StateDirLock stateDirLock;

    private ProcessorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path file = configFile(args);
        if (file == null) {
            System.err.println("usage: tributary-processor [--config] FILE");
            System.exit(EXIT_CONFIG_ERROR);
            return;
        }
        EnvironmentOverrides environment = EnvironmentOverrides.from(System.getenv());
        ProcessorConfig config;
        try {
            config = ProcessorConfig.load(file, environment);
        } catch (NoSuchFileException e) {
            System.err.println("processor: cannot read the config file " + file + ": it does not exist");
            System.exit(EXIT_CONFIG_ERROR);
            return;
        } catch (ConfigError | IOException e) {
            System.err.println("processor: " + (e instanceof IOException ? "cannot read the config file " + file
                    + ": " : "") + e.getMessage());
            System.exit(EXIT_CONFIG_ERROR);
            return;
        }
        if (!environment.isEmpty()) {
            log.info("Settings from the environment (values not shown): {}", environment.describe());
        }
        if (!environment.ignored().isEmpty()) {
            log.warn("Ignored {}: not a setting (top-level keys are {}<KEY>, Kafka Streams settings {}<KEY>)",
                    environment.ignored(), EnvironmentOverrides.PREFIX, EnvironmentOverrides.STREAMS_PREFIX);
        }
        String application = config.streams().get(StreamsConfig.APPLICATION_ID_CONFIG);
        Path stateDir = stateDir(config);
        try {
            stateDirLock = StateDirLock.acquire(stateDir, application);
        } catch (StateDirLock.HeldElsewhere e) {
            System.err.println("processor: another instance of application '" + application + "' is running on "
                    + "this machine with state.dir " + stateDir + (e.ownerPid().map(pid -> " (pid " + pid + ")")
                    .orElse("")) + "; nothing was started. Give each instance its own state.dir, or stop the other.");
            System.exit(EXIT_STATE_DIR_LOCKED);
            return;
        } catch (IOException e) {
            System.err.println("processor: cannot lock the state directory " + stateDir + ": " + e);
            System.exit(EXIT_FAILED);
            return;
        }
        log.info("Holding {} (state.dir {})", stateDirLock.file(), stateDir);
        String bootstrap = config.streams().get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        try {
            log.info("Kafka cluster {} at {}", Topics.checkReachable(config), bootstrap);
            if (config.createTopics()) {
                List<String> created = Topics.createMissing(config);
                if (!created.isEmpty()) {
                    log.info("Created the missing topics {}", created);
                }
            }
        } catch (ExecutionException | KafkaException e) {
            System.err.println("processor: cannot start: the Kafka cluster at " + bootstrap + " did not answer or "
                    + "refused: " + causes(e instanceof ExecutionException ? e.getCause() : e));
            System.exit(EXIT_FAILED);
            return;
        }
        for (JobSpec job : config.jobs()) {
            log.info("Job '{}': {} {} -> {}", job.name(), job.kind(), String.join(",", job.inputs()),
                    job.output());
        }
        run(config);
    }

    /** Runs the started processor until it stops, and ends the JVM with the status saying how. */
    private static void run(ProcessorConfig config) throws InterruptedException {
        CountDownLatch ended = new CountDownLatch(1);
        ProcessorRuntime runtime;
        try {
            runtime = ProcessorRuntime.start(config, (now, before) -> {
                log.info("Processor state {} -> {}", before, now);
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    ended.countDown();
                }
            }, e -> {
                log.error("A stream thread died; shutting the processor down", e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
        } catch (IOException e) {
            System.err.println("processor: cannot listen on " + config.httpHost() + ":" + config.httpPort() + " ("
                    + e.getMessage() + "); set http.listen to a free port, or off");
            System.exit(EXIT_FAILED);
            return;
        } catch (StreamsException e) {
            System.err.println("processor: cannot start: " + e.getMessage());
            System.exit(EXIT_FAILED);
            return;
        }
        Duration timeout = config.shutdownTimeout();
        // Whoever claims the stop first (the shutdown hook on SIGTERM, or this thread when Kafka Streams ended on its
        // own) closes the processor; the hook then halts with the code, so the status is ours rather than the
        // JVM's 143 for a signal, and no other hook can hold the exit back.
        AtomicBoolean claimed = new AtomicBoolean();
        AtomicInteger code = new AtomicInteger(EXIT_FAILED);
        CountDownLatch decided = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (claimed.compareAndSet(false, true)) {
                System.out.println("processor: stopping (signal): closing Kafka Streams, at most " + seconds(timeout));
                code.set(stop(runtime, timeout));
                decided.countDown();
            } else {
                try {
                    if (!decided.await(timeout.plus(WATCHDOG_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                        code.set(EXIT_FORCED_HALT);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code.get());
        }, "processor-shutdown"));
        ended.await();
        if (!claimed.compareAndSet(false, true)) {
            return;   // the shutdown hook is stopping the processor and ends the JVM
        }
        System.err.println("processor: Kafka Streams stopped on its own (state " + runtime.streams().state()
                + ", see the log above); exiting with " + EXIT_FAILED);
        runtime.close(timeout);
        code.set(EXIT_FAILED);
        decided.countDown();
        System.exit(EXIT_FAILED);
    }

    /** Closes the processor within {@code timeout}; a watchdog halts the JVM if even that hangs. */
    private static int stop(ProcessorRuntime runtime, Duration timeout) {
        long start = System.nanoTime();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.plus(WATCHDOG_MARGIN).toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("processor: the stop took longer than " + seconds(timeout.plus(WATCHDOG_MARGIN))
                    + "; halting with " + EXIT_FORCED_HALT);
            Runtime.getRuntime().halt(EXIT_FORCED_HALT);
        }, "processor-stop-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        boolean clean = runtime.close(timeout);
        watchdog.interrupt();
        String took = String.format("%.1f s", (System.nanoTime() - start) / 1e9);
        if (clean) {
            System.out.println("processor: stopped cleanly in " + took + " (exit " + EXIT_STOPPED + ")");
            return EXIT_STOPPED;
        }
        System.err.println("processor: Kafka Streams did not close within " + seconds(timeout) + " (shutdown.timeout);"
                + " halting with " + EXIT_FORCED_HALT + ". Under exactly-once the open transaction is aborted when "
                + "the next instance starts or when it times out.");
        return EXIT_FORCED_HALT;
    }

    /** Each message of the cause chain, with its exception's name: the outer ones rarely say what went wrong. */
    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(out.isEmpty() ? "" : "; caused by ").append(t.getClass().getSimpleName()).append(": ")
                    .append(t.getMessage());
        }
        return out.toString();
    }

    /** {@code --config FILE} or {@code FILE}; null for anything else. */
    static Path configFile(String[] args) {
        if (args.length == 2 && args[0].equals("--config")) {
            return Path.of(args[1]);
        }
        if (args.length == 1 && !args[0].startsWith("-")) {
            return Path.of(args[0]);
        }
        return null;
    }

    /** Where Kafka Streams will keep state: the config's state.dir, or Kafka Streams' default. */
    static Path stateDir(ProcessorConfig config) {
        String dir = ProcessorApp.properties(config).getProperty(StreamsConfig.STATE_DIR_CONFIG);
        return (dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams"))
                .toAbsolutePath().normalize();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
