package io.tributary.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Unpacks the built component ZIP into a plugin directory, as a user's unzip (or confluent-hub install) does. */
final class BundleZip {

    private BundleZip() {
    }

    /** Unpacks the ZIP into {@code into} and returns its one top folder (the component). */
    static Path unzipComponent(Path zip, Path into) throws IOException {
        unzip(zip, into);
        try (java.util.stream.Stream<Path> top = Files.list(into)) {
            List<Path> folders = top.filter(Files::isDirectory).toList();
            if (folders.size() != 1) {
                throw new IllegalStateException("expected one top folder in " + zip + ", found " + folders);
            }
            return folders.get(0);
        }
    }

    static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }
}
