package io.tributary.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plugins installed beside the bundle, each in a folder of its own under {@code $TRIBUTARY_HOME/plugins} (so each
 * gets its own class loader): today Snowflake's connector, by {@code ./tributary plugins install snowflake}. Only
 * {@code up} adds them to the worker's plugin path; the demo needs none of them and does not load them.
 */
final class ExtraPlugins {

    private ExtraPlugins() {
    }

    /** {@code $TRIBUTARY_HOME/plugins} when it holds a plugin folder, else nothing; says which on {@code out}. */
    static List<Path> dirs(Path home, PrintStream out) throws IOException {
        Path plugins = home.resolve("plugins");
        List<String> folders = List.of();
        if (Files.isDirectory(plugins)) {
            try (Stream<Path> entries = Files.list(plugins)) {
                folders = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(name -> !name.startsWith(".")).sorted().toList();
            }
        }
        if (folders.isEmpty()) {
            out.println("Snowflake's connector is not installed (./tributary plugins install snowflake adds it).");
            return List.of();
        }
        out.println("Plugins beside the bundle (" + plugins + "): " + String.join(", ", folders));
        return List.of(plugins);
    }
}
