package io.tributary.connect.source.file.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What makes a file the same file across renames and restarts: the file system's key (device and inode on
 * Linux). Spool identities add the modification time, so a new file that reuses a deleted file's inode is not
 * mistaken for the old one; tailed files grow, so theirs do not.
 */
public final class FileIdentity {

    private FileIdentity() {
    }

    public static String of(BasicFileAttributes attributes, boolean withModifiedTime) {
        Object key = attributes.fileKey();
        String base = key != null ? key.toString() : "created:" + attributes.creationTime().toMillis();
        return withModifiedTime ? base + "@" + attributes.lastModifiedTime().toMillis() : base;
    }

    public static String of(Path file, boolean withModifiedTime) throws IOException {
        return of(Files.readAttributes(file, BasicFileAttributes.class), withModifiedTime);
    }
}
