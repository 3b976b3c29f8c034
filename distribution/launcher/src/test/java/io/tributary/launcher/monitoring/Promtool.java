package io.tributary.launcher.monitoring;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} (Debian's {@code prometheus} package, installed by
 * {@code ./tributary services start}) as a real program: {@code check rules} and {@code test rules}.
 */
final class Promtool {

    /** What one run printed (stdout and stderr together) and how it exited. */
    record Result(List<String> command, int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        String describe() {
            return String.join(" ", command) + " exited " + exitCode + ":\n" + output;
        }
    }

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    /**
     * promtool from {@code $PROMTOOL}, else from the PATH, else {@code /usr/bin/promtool}; an
     * {@link IllegalStateException} saying how to install it when there is none.
     */
    static Promtool find() {
        return locate().map(Promtool::new).orElseThrow(() -> new IllegalStateException(
                "promtool not found (not $PROMTOOL, not on the PATH, not /usr/bin/promtool): run ./tributary services"
                        + " start, which installs Debian's prometheus package that brings it"));
    }

    private static Optional<Path> locate() {
        String env = System.getenv("PROMTOOL");
        if (env != null && !env.isBlank()) {
            return Optional.of(Paths.get(env)).filter(Files::isExecutable);
        }
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Paths.get(dir, "promtool"));
            }
        }
        candidates.add(Paths.get("/usr/bin/promtool"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    Result checkRules(List<Path> ruleFiles) throws IOException, InterruptedException {
        return run("check", "rules", ruleFiles);
    }

    Result testRules(List<Path> testFiles) throws IOException, InterruptedException {
        return run("test", "rules", testFiles);
    }

    private Result run(String verb, String noun, List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString(), verb, noun));
        files.forEach(f -> command.add(f.toString()));
        Path output = Files.createTempFile("promtool-", ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 2 minutes");
            }
            return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
