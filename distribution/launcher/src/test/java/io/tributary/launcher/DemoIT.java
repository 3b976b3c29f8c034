package io.tributary.launcher;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary demo} as the script runs it: the launcher in its own JVM with its own classpath (no plugin on
 * it), the bundle installed into the worker's plugin path, the demo pipeline created through the REST API from
 * connector-configs/, and every event reconciled — in plaintext and with {@code --secure} (SASL_SSL with SCRAM,
 * mTLS and ACLs: the worker, its connectors' clients, the processor and the demo's clients each log in as their own
 * principal).
 */
class DemoIT {

    @TempDir
    Path home;

    @ParameterizedTest(name = "secure={0}")
    @ValueSource(booleans = {false, true})
    void theDemoPipelineAccountsForEveryEvent(boolean secure) throws Exception {
        Path launcher = Path.of(System.getProperty("tributary.launcher.dir"));
        String classpath = launcher.resolve("tributary-launcher.jar") + File.pathSeparator + launcher.resolve("lib") + "/*";
        Path output = home.resolve("demo-output.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-XX:TieredStopAtLevel=1", // as the tributary script runs the demo
                "-Dtributary.log.file=" + home.resolve("demo.log"),
                "-cp", classpath, "io.tributary.launcher.Main", "demo", "--events", "20000", "--rate", "10000"));
        if (secure) {
            command.add("--secure");
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("TRIBUTARY_HOME", home.toString());
        builder.environment().put("TRIBUTARY_ROOT", Path.of(System.getProperty("tributary.root")).toAbsolutePath().toString());
        builder.environment().put("TRIBUTARY_BUNDLE", System.getProperty("tributary.bundle.zip"));
        Process demo = builder.start();
        boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
        String printed = Files.readString(output);
        if (!finished) {
            demo.destroyForcibly();
        }
        assertThat(finished).as("demo finished; it printed:%n%s", printed).isTrue();
        assertThat(demo.exitValue()).as("exit code; it printed:%n%s", printed).isZero();
        assertThat(printed).contains("Every event is accounted for.").contains("events generated             20,000");
        // The summary names each count and reconciles it (" = "); every kind of event is present in a run this size.
        for (String count : List.of("dead-lettered, malformed", "dead-lettered, invalid", "validated and routed",
                "enriched", "records in output files", "repeats dropped", "unique events", "per-type-1m",
                "user-sessions")) {
            assertThat(printed).containsPattern(count + " +[1-9][\\d,]* += ");
        }
    }
}
