package io.tributary.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One {@code up} or {@code demo} per $TRIBUTARY_HOME: an exclusive OS lock on {@code $TRIBUTARY_HOME/tributary.lock},
 * taken before anything else is touched and held until the JVM ends. The OS drops the lock with the process, however
 * it ends, so a lock file left by a dead process never blocks. The file says who holds it (pid and command), for the
 * refusal's message; it is only rewritten by the holder, never truncated by the one refused.
 */
final class HomeLock {

    static final String FILE = "tributary.lock";

    /** Held for the JVM's life: a lock is released when its channel is closed or collected. */
    private static FileChannel held;

    private HomeLock() {
    }

    /** Another instance holds the home: its pid and command as it recorded them. */
    static final class HomeInUse extends Exception {
        HomeInUse(String message) {
            super(message);
        }
    }

    /** Takes the home's lock for this process running {@code command}, or says who has it. */
    static synchronized void acquire(Path home, String command) throws IOException, HomeInUse {
        Files.createDirectories(home);
        Path file = home.resolve(FILE);
        // No TRUNCATE_EXISTING: opening must not change the file another instance wrote.
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new HomeInUse(home + " is in use by another tributary (" + holder + "); stop it first, or set "
                    + "TRIBUTARY_HOME to another directory");
        }
        String who = "pid " + ProcessHandle.current().pid() + ": " + command + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(who.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        held = channel;
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer content = ByteBuffer.allocate(512);
            channel.read(content, 0);
            String text = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "pid unknown: it has not written " + FILE + " yet" : text;
        } catch (IOException e) {
            return "pid unknown: " + e.getMessage();
        }
    }
}
