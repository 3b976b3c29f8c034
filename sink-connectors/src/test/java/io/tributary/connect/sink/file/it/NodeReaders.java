package io.tributary.connect.sink.file.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.ConnectRest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Readers the project did not write, run by Node.js on a file the sink wrote, printing what they read as JSON:
 * hyparquet for Parquet, apache-arrow (Arrow's JavaScript implementation) for Arrow IPC. Installed from npm on first
 * use by {@code distribution/scripts/node-readers.sh} into this module's {@code target/node-readers}.
 */
final class NodeReaders {

    private static Path installed;

    private NodeReaders() {
    }

    /** hyparquet: {@code {"rowGroups": n, "codecs": [...], "rows": [...]}}; 64-bit integers as strings. */
    static JsonNode hyparquet(Path parquet) {
        return read("read-parquet.mjs", parquet);
    }

    /**
     * apache-arrow: {@code {"format": "file"|"stream", "batchRows": [...], "fields": [...], "metadata": {...},
     * "decoded": {"LZ4_FRAME": n, "ZSTD": n}, "rows": [...]}}; values as distribution/scripts/node-readers/
     * read-arrow.mjs prints them (64-bit integers and decimals as strings, binary as hex, maps as pairs).
     */
    static JsonNode apacheArrow(Path arrow) {
        return read("read-arrow.mjs", arrow);
    }

    private static JsonNode read(String script, Path file) {
        Path dir = install();
        String out = run(List.of("node", dir.resolve(script).toString(), file.toString()), dir);
        try {
            return ConnectRest.JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException(script + "'s output is not JSON: " + out, e);
        }
    }

    private static synchronized Path install() {
        if (installed == null) {
            Path script = repositoryRoot().resolve("distribution/scripts/node-readers.sh");
            Path dir = Path.of("target", "node-readers").toAbsolutePath();
            run(List.of("bash", script.toString(), dir.toString()), dir.getParent());
            installed = dir;
        }
        return installed;
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("distribution/scripts/node-readers.sh"))) {
                return p;
            }
        }
        throw new IllegalStateException("distribution/scripts/node-readers.sh not found above "
                + Path.of("").toAbsolutePath());
    }

    private static String run(List<String> command, Path directory) {
        try {
            Files.createDirectories(directory);
            Path errors = Files.createTempFile("node-reader", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectError(errors.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " failed: " + Files.readString(errors));
            }
            Files.deleteIfExists(errors);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
