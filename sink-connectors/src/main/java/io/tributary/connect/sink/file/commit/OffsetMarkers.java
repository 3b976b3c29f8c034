package io.tributary.connect.sink.file.commit;

import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * One small file per topic-partition, beside the data, holding the next offset to write: everything before it is
 * in committed files. It is written (atomically, by rename) right after a commit's files are renamed into place,
 * and read when the partition is assigned, so a task resumes after the last committed file even when the
 * consumer's own offset commit had not happened yet. That is what makes a crash and replay never duplicate.
 *
 * <p>Markers are named by the topic-partition the records were read from (the one Connect assigns), not by the topic
 * a transform renamed them to: the marker is found again on assignment whatever the transforms do, and two original
 * topics routed into one name keep one marker each.
 */
public final class OffsetMarkers {

    private final Path directory;
    private final boolean fsync;

    public OffsetMarkers(Path outputDirectory, boolean fsync) {
        this.directory = outputDirectory.resolve(".tributary-offsets");
        this.fsync = fsync;
    }

    public OptionalLong read(TopicPartition tp) throws IOException {
        try {
            String text = Files.readString(marker(tp), StandardCharsets.US_ASCII).trim();
            return OptionalLong.of(Long.parseLong(text));
        } catch (NoSuchFileException none) {
            return OptionalLong.empty();
        } catch (NumberFormatException corrupt) {
            throw new IOException("offset marker " + marker(tp) + " is corrupt");
        }
    }

    public void write(TopicPartition tp, long nextOffset) throws IOException {
        Files.createDirectories(directory);
        Path temp = directory.resolve("." + tp.topic() + "+" + tp.partition() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap((nextOffset + "\n").getBytes(StandardCharsets.US_ASCII)));
            if (fsync) {
                channel.force(true);
            }
        }
        Files.move(temp, marker(tp), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
            Durability.syncDirectory(directory);
        }
    }

    private Path marker(TopicPartition tp) {
        return directory.resolve(tp.topic() + "+" + tp.partition());
    }
}
