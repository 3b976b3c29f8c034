package io.tributary.connect.source.file;

import io.tributary.connect.source.file.config.FileSourceConfig.Cleanup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Moves or deletes spooled files once every record from them is in Kafka. Files that could not be read to the end
 * go to the error directory whatever the policy (except 'none', which leaves every file in place and remembers it).
 */
final class SpoolCleaner {

    private static final Logger log = LoggerFactory.getLogger(SpoolCleaner.class);

    private final Cleanup policy;
    private final Path finished;
    private final Path error;
    /** Files left in place (policy 'none'), by relative path: their identity, so they are not read again. */
    private final Map<String, String> leftInPlace = new ConcurrentHashMap<>();

    SpoolCleaner(Cleanup policy, Path finished, Path error) {
        this.policy = policy;
        this.finished = finished;
        this.error = error;
    }

    /** Whether a file at {@code relative} with {@code identity} was already finished and left in place. */
    boolean isDone(String relative, String identity) {
        return identity.equals(leftInPlace.get(relative));
    }

    void finish(Path file, String relative, String identity, boolean failed) {
        if (policy == Cleanup.NONE) {
            leftInPlace.put(relative, identity);
            return;
        }
        try {
            if (failed) {
                move(file, error.resolve(relative));
                log.warn("File {} could not be read to the end; moved to {}", relative, error);
            } else if (policy == Cleanup.DELETE) {
                Files.deleteIfExists(file);
            } else {
                move(file, finished.resolve(relative));
            }
        } catch (NoSuchFileException gone) {
            log.warn("File {} was removed by someone else before it could be cleaned up", relative);
        } catch (IOException e) {
            // Left in place and remembered: its offset says it is done, so it will not be read twice.
            leftInPlace.put(relative, identity);
            log.error("Could not clean up file {} ({}); it stays in place and will not be read again", relative,
                    e.toString());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        // rename(2) would silently replace an earlier file of the same name: keep both.
        Path target = to;
        for (int n = 1; Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            target = to.resolveSibling(to.getFileName() + "." + n);
        }
        Files.move(from, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
