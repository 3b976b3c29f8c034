package io.tributary.connect.source.file.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * What makes a file the same file across renames and restarts: the file system's key (device and inode on
 * Linux). Spool identities add the modification time (to the nanosecond the file system keeps) and the size, so a
 * new file that reuses a deleted file's inode is not mistaken for the old one: Linux stamps files from a clock that
 * ticks every few milliseconds, so a file deleted and written again at once can reuse both the inode and the
 * millisecond. Spool files are complete when read, so neither changes while they are; tailed files grow, so their
 * identity is the key alone.
 */
public final class FileIdentity {

    private FileIdentity() {
    }

    public static String of(BasicFileAttributes attributes, boolean withModifiedTime) {
        Object key = attributes.fileKey();
        String base = key != null ? key.toString() : "created:" + attributes.creationTime().toMillis();
        return withModifiedTime
                ? base + "@" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "+" + attributes.size()
                : base;
    }

    public static String of(Path file, boolean withModifiedTime) throws IOException {
        return of(Files.readAttributes(file, BasicFileAttributes.class), withModifiedTime);
    }
}
