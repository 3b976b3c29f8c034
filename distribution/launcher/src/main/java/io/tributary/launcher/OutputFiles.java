package io.tributary.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Counts the lines of the files a file sink committed under a directory. Committed files never change, so each is
 * read once; the sink's temporary and offset-marker directories (hidden) are not looked at.
 */
final class OutputFiles {

    private final Path root;
    private final Map<Path, Long> counted = new HashMap<>();
    private long lines;

    OutputFiles(Path root) {
        this.root = root;
    }

    /** Reads files committed since the last call; returns the total of lines in all committed files. */
    long refresh() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                if (!counted.containsKey(file) && !root.relativize(file).toString().startsWith(".")) {
                    long n = countLines(file);
                    counted.put(file, n);
                    lines += n;
                }
            }
        }
        return lines;
    }

    int files() {
        return counted.size();
    }

    long lines() {
        return lines;
    }

    private static long countLines(Path file) throws IOException {
        long n = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        n++;
                    }
                }
            }
        }
        return n;
    }
}
