package io.tributary.processor.it;

import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.testsupport.Await;
import org.apache.kafka.streams.KafkaStreams;

import java.nio.file.Path;
import java.time.Duration;

/** What the processor ITs that run it in this JVM share: the settings their YAML starts with, and the start. */
final class ProcessorRuns {

    private ProcessorRuns() {
    }

    /**
     * The settings before the jobs: application {@code <prefix>app}, exactly-once, state in {@code stateDir}, one
     * stream thread, replication factor 1, commits every 100 ms (so results show within a tenth of a second), no
     * operations endpoint.
     */
    static String settings(String prefix, String bootstrap, Path stateDir) {
        return settings(prefix, bootstrap, stateDir, "");
    }

    /**
     * {@link #settings} for a processor in a child JVM that a test kills: a 6-second session, so that the tasks of a
     * killed instance move to the next one within seconds.
     */
    static String childSettings(String prefix, String bootstrap, Path stateDir) {
        return settings(prefix, bootstrap, stateDir, """
                  session.timeout.ms: 6000
                  heartbeat.interval.ms: 1000
                """);
    }

    private static String settings(String prefix, String bootstrap, Path stateDir, String moreStreams) {
        return """
                application.id: %1$sapp
                bootstrap.servers: %2$s
                processing.guarantee: exactly_once_v2
                state.dir: %3$s
                streams:
                  num.stream.threads: 1
                  replication.factor: 1
                  commit.interval.ms: 100
                %4$shttp.listen: off
                """.formatted(prefix, bootstrap, stateDir, moreStreams);
    }

    /** The processor in this JVM, once its Kafka Streams application is RUNNING. */
    static ProcessorRuntime start(ProcessorConfig config) throws Exception {
        ProcessorRuntime processor = ProcessorRuntime.start(config, null, null);
        Await.until(Duration.ofSeconds(120), "the processor to run",
                () -> processor.streams().state() == KafkaStreams.State.RUNNING);
        return processor;
    }
}
