package io.tributary.processor.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * One processor per application and state directory on a machine: an exclusive lock on
 * {@code <state.dir>/<application.id>.lock}, taken before anything else happens (no topic is created, Kafka Streams
 * is not started), and holding the owner's pid for the refusal message. Kafka Streams locks the application's
 * directory itself, but only once it starts, after topic creation and with a message that does not name the other
 * process. The OS releases the lock when the process ends, however it ends, so a stale file never blocks a start;
 * the file is left in place (deleting it would let a third process lock a different file than the second waits on).
 */
public final class StateDirLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;
    private final Path file;

    private StateDirLock(FileChannel channel, FileLock lock, Path file) {
        this.channel = channel;
        this.lock = lock;
        this.file = file;
    }

    /** Thrown when another process (or this one) holds the lock. */
    public static final class HeldElsewhere extends Exception {
        private final Path file;
        private final String owner;

        HeldElsewhere(Path file, String owner) {
            super(file + " is locked by " + (owner == null ? "another process" : "the process with pid " + owner));
            this.file = file;
            this.owner = owner;
        }

        public Path file() {
            return file;
        }

        /** The owner's pid as it wrote it, if it did. */
        public Optional<String> ownerPid() {
            return Optional.ofNullable(owner);
        }
    }

    public static Path fileFor(Path stateDir, String applicationId) {
        return stateDir.resolve(applicationId + ".lock");
    }

    /** Takes the lock (creating the state directory if needed), or says who holds it. Never waits. */
    public static StateDirLock acquire(Path stateDir, String applicationId) throws IOException, HeldElsewhere {
        Files.createDirectories(stateDir);
        Path file = fileFor(stateDir, applicationId);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;   // this JVM holds it already
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new HeldElsewhere(file, ownerOf(file));
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new StateDirLock(channel, lock, file);
    }

    private static String ownerOf(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.UTF_8).trim();
            return pid.matches("\\d+") ? pid : null;
        } catch (IOException e) {
            return null;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
