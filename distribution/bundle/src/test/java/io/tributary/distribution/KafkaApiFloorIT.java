package io.tributary.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No class in the ZIP's lib/ links to a Kafka class, method or field that the oldest supported Connect
 * ({@code connect.floor.version} in the pom, 3.7.2) lacks. ConnectVersionMatrixIT runs the pipelines on each
 * version; this covers the code paths those pipelines do not take (every connector, every transform, every branch).
 * A newer API is still usable where the code catches its absence: {@code TaskMetrics.from(() ->
 * context.pluginMetrics())} calls a 4.1 method, so {@code pluginMetrics()} is the one expected entry per task.
 */
class KafkaApiFloorIT {

    private static final Path ZIP = Path.of(System.getProperty("tributary.bundle.zip"));
    private static final Path FLOOR = Path.of(System.getProperty("tributary.kafka.floor.dir"));

    private static List<Path> lib;
    private static KafkaApiFloor floor;

    @BeforeAll
    static void unpack() throws IOException {
        Path plugins = Files.createTempDirectory("tributary-api-floor");
        lib = jars(BundleZip.unzipComponent(ZIP, plugins).resolve("lib"));
        floor = KafkaApiFloor.of(jars(FLOOR));
        assertThat(jars(FLOOR)).as("the floor's Kafka jars").hasSize(4);
    }

    @Test
    void bundledClassesLinkOnlyToKafkaApiTheOldestSupportedWorkerHas() {
        assertThat(floor.missingReferencesIn(lib))
                .as("references the oldest supported Connect lacks, other than the guarded pluginMetrics() calls")
                .allMatch(reference -> reference.endsWith(
                        "-> method org/apache/kafka/connect/source/SourceTaskContext.pluginMetrics()"
                                + "Lorg/apache/kafka/common/metrics/PluginMetrics;")
                        || reference.endsWith("-> method org/apache/kafka/connect/sink/SinkTaskContext.pluginMetrics()"
                                + "Lorg/apache/kafka/common/metrics/PluginMetrics;"));
    }

    @Test
    void theOnlyNewerCallsArePluginMetricsInsideLambdasThatTaskMetricsGuards() {
        assertThat(floor.missingReferencesIn(lib))
                .allSatisfy(reference -> assertThat(reference).matches("io/tributary/\\S+\\.lambda\\$\\S+ -> .*"));
    }

    @Test
    void theCheckFindsAMethodReferenceToAMethodTheFloorLacks() throws IOException {
        KafkaApiFloor fresh = KafkaApiFloor.of(jars(FLOOR));
        assertThat(fresh.missingReferencesIn(List.of(new ClassReader(LinksToPluginMetrics.class.getName()))))
                .contains(LinksToPluginMetrics.class.getName().replace('.', '/')
                        + ".metrics -> method org/apache/kafka/connect/source/SourceTaskContext.pluginMetrics()"
                        + "Lorg/apache/kafka/common/metrics/PluginMetrics;")
                .contains(LinksToPluginMetrics.class.getName().replace('.', '/')
                        + ".metrics -> class org/apache/kafka/common/metrics/PluginMetrics");
    }

    /** A task that asks for plugin metrics through a method reference: what failed on Connect before 4.1. */
    static final class LinksToPluginMetrics {
        static java.util.function.Supplier<org.apache.kafka.common.metrics.PluginMetrics> metrics(
                org.apache.kafka.connect.source.SourceTaskContext context) {
            return context::pluginMetrics;
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }
}
