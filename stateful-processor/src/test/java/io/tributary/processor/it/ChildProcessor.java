package io.tributary.processor.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The processor in a child JVM with the test's classpath, so it can be killed for real; its output in {@code log}. */
record ChildProcessor(Process process, Path log) {

    static ChildProcessor start(Path config, Path log) throws IOException {
        return start(config, log, List.of());
    }

    static ChildProcessor start(Path config, Path log, List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tributary.processor.ProcessorMain",
                "--config", config.toString()));
        return new ChildProcessor(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
    }

    /** True while it runs; an assertion error naming its log once it has exited on its own. */
    boolean alive() {
        if (!process.isAlive()) {
            String printed;
            try {
                List<String> lines = Files.readAllLines(log);
                printed = String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                printed = "(its log cannot be read: " + e + ")";
            }
            throw new AssertionError("the processor exited with " + process.exitValue() + "; the end of its log:\n"
                    + printed);
        }
        return true;
    }

    /** SIGTERM: the processor closes cleanly. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** SIGKILL: no shutdown hook, no commit, the open transaction left to be aborted. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
