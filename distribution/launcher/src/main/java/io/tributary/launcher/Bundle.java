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

    /** The top folder of the archives built before they followed the component-archive naming. */
    private static final String EARLIER_PREFIX = "tributary-connect-";

    /** Unzips {@code zip} into {@code pluginDir}, replacing an earlier install of any version. */
    static void install(Path zip, Path pluginDir) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IOException("The bundle " + zip + " does not exist: build it with ./tributary (or mvn package)");
        }
        Files.createDirectories(pluginDir);
        String prefix = installPrefix(zip.getFileName().toString());
        try (Stream<Path> old = Files.list(pluginDir)) {
            for (Path previous : old.filter(p -> p.getFileName().toString().startsWith(prefix)
                    || p.getFileName().toString().startsWith(EARLIER_PREFIX)).toList()) {
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

    /**
     * "tributary-tributary-connect-" for "tributary-tributary-connect-0.1.0.zip": the archive's name without its
     * version ({@code <owner>-<name>-<version>.zip}, whose top folder has the same name), so installs of every version
     * are replaced.
     */
    static String installPrefix(String zipName) {
        return zipName.replaceFirst("\\.zip$", "").replaceFirst("-\\d[^-]*(-[A-Za-z0-9.]+)?$", "-");
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
