package io.tributary.processor;

import io.tributary.processor.config.ConfigError;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * {@code java -cp ... io.tributary.processor.ProcessorMain --config FILE} (or {@code ./tributary processor --config
 * FILE}): runs the config's jobs until SIGTERM or Ctrl-C, then closes Kafka Streams cleanly (committing, and
 * under exactly-once completing or aborting the open transaction). Exit 2 for a config error, 1 if the
 * application died.
 */
public final class ProcessorMain {

    private static final Logger log = LoggerFactory.getLogger(ProcessorMain.class);

    private ProcessorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 2 || !args[0].equals("--config")) {
            System.err.println("usage: processor --config FILE");
            System.exit(2);
        }
        ProcessorConfig config;
        try {
            config = ProcessorConfig.load(Path.of(args[1]));
        } catch (ConfigError | IOException e) {
            System.err.println("processor: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.createTopics()) {
            try {
                List<String> created = Topics.createMissing(config);
                if (!created.isEmpty()) {
                    log.info("Created the missing topics {}", created);
                }
            } catch (ExecutionException e) {
                System.err.println("processor: cannot create the jobs' topics on " + config.streams().get("bootstrap.servers")
                        + ": " + e.getCause().getMessage());
                System.exit(1);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        boolean[] failed = {false};
        for (JobSpec job : config.jobs()) {
            log.info("Job '{}': {} {} -> {}", job.name(), job.kind(), String.join(",", job.inputs()),
                    job.output());
        }
        ProcessorRuntime runtime;
        try {
            runtime = ProcessorRuntime.start(config, (now, before) -> {
                log.info("Processor state {} -> {}", before, now);
                if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                    stopped.countDown();
                }
            }, e -> {
                log.error("A stream thread died; shutting the processor down", e);
                failed[0] = true;
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
        } catch (IOException e) {
            System.err.println("processor: cannot listen on " + config.httpHost() + ":" + config.httpPort() + " ("
                    + e.getMessage() + "); set http.listen to a free port, or off");
            System.exit(1);
            return;
        } catch (org.apache.kafka.streams.errors.StreamsException e) {
            // Most often a second instance on this machine with the same state.dir: Kafka Streams locks it.
            System.err.println("processor: cannot start: " + e.getMessage()
                    + (String.valueOf(e.getMessage()).contains("state directory") ? "; give each instance on one "
                    + "machine its own state.dir (now " + config.streams().get("state.dir") + ")" : ""));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "processor-shutdown"));
        stopped.await();
        runtime.close();
        System.exit(failed[0] ? 1 : 0);
    }
}
