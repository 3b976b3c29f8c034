package io.tributary.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Installs the component ZIP into a plugin directory, as {@code confluent-hub install} or a user's unzip would. */
final class Bundle {

    private Bundle() {
    }

    /** Unzips {@code zip} into {@code pluginDir}, replacing an earlier install of any version. */
    static void install(Path zip, Path pluginDir) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException("The bundle " + zip + " does not exist: build it with ./tributary (or mvn package)");
        }
        Files.createDirectories(pluginDir);
        try (Stream<Path> old = Files.list(pluginDir)) {
            for (Path previous : old.filter(p -> p.getFileName().toString().startsWith("tributary-connect-")).toList()) {
                deleteRecursively(previous);
            }
        }
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = pluginDir.resolve(entry.getName()).normalize();
                if (!target.startsWith(pluginDir)) {
                    throw new IOException("Refusing zip entry outside the plugin directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(in, target);
                }
            }
        }
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
