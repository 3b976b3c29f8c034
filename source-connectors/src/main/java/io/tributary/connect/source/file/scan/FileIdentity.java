package io.tributary.connect.source.file.scan;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes a file the same file across renames, restarts and workers: its inode number ({@code ino=1234}). Spool
 * identities add the modification time (to the nanosecond the file system keeps) and the size, so a new file that
 * reuses a deleted file's inode is not mistaken for the old one: Linux stamps files from a clock that ticks every
 * few milliseconds, so a file deleted and written again at once can reuse both the inode and the millisecond. Spool
 * files are complete when read, so neither changes while they are; tailed files grow, so their identity is the
 * inode alone.
 *
 * <p>The identity is stored in Connect's offsets topic and read back by whichever worker runs the task next, so it
 * must mean the same on every host that mounts the directory. Why the inode without the device:
 * <ul>
 *   <li>The device number ({@code st_dev}) is the mounting host's own: two NFS clients of one export see different
 *       devices for the same file, so the file key the JDK gives ({@code (dev=803,ino=1234)}) changes when the task
 *       moves, and the new worker would read every file again. The inode number is the server's file id, the same
 *       on every client of the share (NFS, EFS, SMB with {@code serverino}); the modification time and size come
 *       from the server too.</li>
 *   <li>The device only ever told apart files on different file systems, and identities are only compared for one
 *       path (the source partition) or within one directory (a rotated file), which are on one file system. The
 *       one set compared across directories, tail mode's files already read, is kept per run on one host and keyed
 *       by {@link #localKey} (device included).</li>
 *   <li>Not a fingerprint of the first bytes (Filebeat's {@code file_identity.fingerprint}): it costs a read of
 *       every file on every scan, and the spool identity already tells a reused inode by time and size. Not the
 *       path alone: spool files are renamed into place and tail rotation is a rename; the path is already the
 *       source partition, and the identity is what tells two files at one path apart.</li>
 * </ul>
 *
 * <p>Offsets written before this form carry the device ({@code (dev=803,ino=1234)@...}); {@link #portable} reads
 * them as the same identity, so an upgrade neither reads a file again nor skips one.
 */
public final class FileIdentity {

    /** The JDK's Unix file key, {@code UnixFileKey.toString()}: device in hex, inode in decimal. */
    private static final Pattern UNIX_FILE_KEY = Pattern.compile("^\\(dev=[0-9a-fA-F]+,ino=(\\d+)\\)");

    private FileIdentity() {
    }

    public static String of(BasicFileAttributes attributes, boolean withModifiedTime) {
        Object key = attributes.fileKey();
        String base = key != null ? inodeOf(key.toString()) : "created:" + attributes.creationTime().toMillis();
        return withModifiedTime
                ? base + "@" + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "+" + attributes.size()
                : base;
    }

    public static String of(Path file, boolean withModifiedTime) throws IOException {
        return of(Files.readAttributes(file, BasicFileAttributes.class), withModifiedTime);
    }

    /**
     * The file system's own key (device and inode on Unix), for sets kept in memory by one task on one host: it
     * tells apart files of different file systems under one directory tree, which the portable identity does not.
     * Never stored.
     */
    public static Object localKey(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key != null ? key : of(attributes, false);
    }

    /**
     * A stored identity in the current form: one written by an earlier version, with the device
     * ({@code (dev=803,ino=1234)@1700000000000000000+42}), becomes {@code ino=1234@1700000000000000000+42}; any other
     * is returned as it is. Null stays null (an offset without identity matches any file).
     */
    public static String portable(String stored) {
        if (stored == null) {
            return null;
        }
        Matcher legacy = UNIX_FILE_KEY.matcher(stored);
        return legacy.find() ? "ino=" + legacy.group(1) + stored.substring(legacy.end()) : stored;
    }

    /** {@code ino=<n>} from a Unix file key; another platform's key as it prints itself. */
    private static String inodeOf(String fileKey) {
        Matcher unix = UNIX_FILE_KEY.matcher(fileKey);
        return unix.find() && unix.end() == fileKey.length() ? "ino=" + unix.group(1) : fileKey;
    }
}
