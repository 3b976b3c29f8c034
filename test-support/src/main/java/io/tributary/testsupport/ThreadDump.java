package io.tributary.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The threads of another JVM, by the JDK's {@code jcmd <pid> Thread.print}: what a process that will not stop is on. */
public final class ThreadDump {

    private ThreadDump() {
    }

    /**
     * Writes the dump of {@code pid} to {@code target}.
     *
     * @return the dump's text, or null when jcmd could not be run or printed nothing within 20 s
     */
    public static String write(long pid, Path target) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(target.toFile()).start();
            if (!dump.waitFor(20, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
            }
            String text = Files.readString(target);
            return text.isBlank() ? null : text;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
