package io.tributary.launcher;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tributary demo} as the script runs it, for the demo ITs: the launcher in a JVM of its own with its own
 * classpath (the built jar and lib/, no plugin), C1 only as the script gives the demo, TRIBUTARY_HOME, TRIBUTARY_ROOT
 * and TRIBUTARY_BUNDLE set, the output in {@code home/demo-output.txt} and the log in {@code home/demo.log}.
 */
final class DemoProcess {

    private DemoProcess() {
    }

    /**
     * Runs {@code demo} with {@code args} (and {@code env} on top of the usual variables), waits up to 5 minutes,
     * asserts that it finished with exit 0 and that every event was accounted for; what it printed.
     */
    static String runAndReconcile(Path home, Map<String, String> env, String... args) throws Exception {
        Path launcher = Path.of(System.getProperty("tributary.launcher.dir"));
        String classpath = launcher.resolve("tributary-launcher.jar") + File.pathSeparator + launcher.resolve("lib") + "/*";
        Path output = home.resolve("demo-output.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-XX:TieredStopAtLevel=1", // as the tributary script runs the demo
                "-Dtributary.log.file=" + home.resolve("demo.log"),
                "-cp", classpath, "io.tributary.launcher.Main", "demo"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("TRIBUTARY_HOME", home.toString());
        builder.environment().put("TRIBUTARY_ROOT", Path.of(System.getProperty("tributary.root")).toAbsolutePath().toString());
        builder.environment().put("TRIBUTARY_BUNDLE", System.getProperty("tributary.bundle.zip"));
        builder.environment().putAll(env);
        Process demo = builder.start();
        boolean finished = demo.waitFor(5, TimeUnit.MINUTES);
        String printed = Files.readString(output);
        if (!finished) {
            demo.destroyForcibly();
        }
        assertThat(finished).as("demo finished; it printed:%n%s", printed).isTrue();
        assertThat(demo.exitValue()).as("exit code; it printed:%n%s", printed).isZero();
        assertThat(printed).contains("Every event is accounted for.");
        return printed;
    }
}
