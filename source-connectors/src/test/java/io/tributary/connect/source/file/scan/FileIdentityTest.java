package io.tributary.connect.source.file.scan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class FileIdentityTest {

    @TempDir
    Path dir;

    /** Prints itself as the JDK's {@code UnixFileKey} does: device in hex, inode in decimal. */
    private record UnixKey(long dev, long ino) {
        @Override
        public String toString() {
            return "(dev=" + Long.toHexString(dev) + ",ino=" + ino + ")";
        }
    }

    /** The attributes one host sees for a file: its own device number, the server's inode, time and size. */
    private static BasicFileAttributes attributes(long dev, long ino, long modifiedNanos, long size) {
        return new BasicFileAttributes() {
            @Override public FileTime lastModifiedTime() { return FileTime.from(modifiedNanos, TimeUnit.NANOSECONDS); }
            @Override public FileTime lastAccessTime() { return lastModifiedTime(); }
            @Override public FileTime creationTime() { return lastModifiedTime(); }
            @Override public boolean isRegularFile() { return true; }
            @Override public boolean isDirectory() { return false; }
            @Override public boolean isSymbolicLink() { return false; }
            @Override public boolean isOther() { return false; }
            @Override public long size() { return size; }
            @Override public Object fileKey() { return new UnixKey(dev, ino); }
        };
    }

    private static final long MODIFIED = 1_700_000_000_123_456_789L;

    @Test
    void theSameFileSeenFromTwoHostsWithDifferentDevicesHasOneIdentity() {
        BasicFileAttributes hostA = attributes(0x803, 1234, MODIFIED, 42);
        BasicFileAttributes hostB = attributes(0x2a, 1234, MODIFIED, 42);
        assertThat(FileIdentity.of(hostA, true)).isEqualTo(FileIdentity.of(hostB, true))
                .isEqualTo("ino=1234@" + MODIFIED + "+42");
        assertThat(FileIdentity.of(hostA, false)).isEqualTo(FileIdentity.of(hostB, false)).isEqualTo("ino=1234");
    }

    @Test
    void aNewSpoolFileReusingAnInodeHasAnotherIdentityByTimeOrSize() {
        String old = FileIdentity.of(attributes(0x803, 1234, MODIFIED, 42), true);
        assertThat(FileIdentity.of(attributes(0x803, 1234, MODIFIED + 1, 42), true)).isNotEqualTo(old);
        assertThat(FileIdentity.of(attributes(0x803, 1234, MODIFIED, 43), true)).isNotEqualTo(old);
        assertThat(FileIdentity.of(attributes(0x803, 1235, MODIFIED, 42), true)).isNotEqualTo(old);
    }

    @Test
    void theLocalKeyStillTellsFilesOfTwoFileSystemsApart() {
        BasicFileAttributes first = attributes(0x803, 1234, MODIFIED, 42);
        BasicFileAttributes second = attributes(0x804, 1234, MODIFIED, 42);
        assertThat(FileIdentity.of(first, false)).isEqualTo(FileIdentity.of(second, false));
        assertThat(FileIdentity.localKey(first)).isNotEqualTo(FileIdentity.localKey(second));
    }

    @Test
    void anIdentityStoredWithTheDeviceReadsAsTheCurrentForm() {
        assertThat(FileIdentity.portable("(dev=803,ino=1234)@" + MODIFIED + "+42"))
                .isEqualTo("ino=1234@" + MODIFIED + "+42");
        assertThat(FileIdentity.portable("(dev=fd01,ino=98765)")).isEqualTo("ino=98765");
        assertThat(FileIdentity.portable("ino=1234@" + MODIFIED + "+42")).isEqualTo("ino=1234@" + MODIFIED + "+42");
        assertThat(FileIdentity.portable("created:1700000000000")).isEqualTo("created:1700000000000");
        assertThat(FileIdentity.portable(null)).isNull();
    }

    @Test
    void aRealFileIsNamedByItsInodeAndMatchesWhatTheEarlierVersionStoredForIt() throws IOException {
        Path file = Files.writeString(dir.resolve("a.jsonl"), "x\n");
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        Object inode = Files.getAttribute(file, "unix:ino");
        assertThat(FileIdentity.of(attrs, false)).isEqualTo("ino=" + inode);
        // What the earlier version stored: the JDK's file key, device included.
        String stored = attrs.fileKey() + "@" + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "+" + attrs.size();
        assertThat(stored).startsWith("(dev=");
        assertThat(FileIdentity.portable(stored)).isEqualTo(FileIdentity.of(attrs, true));
        assertThat(FileIdentity.portable(attrs.fileKey().toString())).isEqualTo(FileIdentity.of(attrs, false));
    }
}
