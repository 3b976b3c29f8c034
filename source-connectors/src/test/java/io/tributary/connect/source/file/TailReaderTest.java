package io.tributary.connect.source.file;

import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.file.offset.FileOffset;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TailReaderTest {

    @TempDir
    Path dir;
    private final MockTime time = new MockTime();
    private final InMemoryOffsets offsets = new InMemoryOffsets();

    private FileSourceMode tail(String... extra) {
        String[] config = new String[extra.length + 6];
        config[0] = "file.mode";
        config[1] = "tail";
        config[2] = "format";
        config[3] = "lines";
        config[4] = "file.glob";
        config[5] = "*.log";
        System.arraycopy(extra, 0, config, 6, extra.length);
        return FileSourceModes.create(TestConfigs.config(dir, config), "test", offsets, TaskMetrics.none(), time);
    }

    private void append(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private List<String> poll(FileSourceMode mode) throws IOException {
        time.sleep(10_000);
        return mode.poll(1_000).stream().map(r -> (String) r.value()).toList();
    }

    @Test
    void followsAGrowingFileEmittingOnlyCompleteLines() throws IOException {
        append("app.log", "one\ntw");
        FileSourceMode mode = tail();
        assertThat(poll(mode)).containsExactly("one");
        append("app.log", "o\nthree\n");
        assertThat(poll(mode)).containsExactly("two", "three");
        assertThat(poll(mode)).isEmpty();
    }

    @Test
    void newFilesArePickedUp() throws IOException {
        append("a.log", "a1\n");
        FileSourceMode mode = tail();
        assertThat(poll(mode)).containsExactly("a1");
        append("b.log", "b1\n");
        assertThat(poll(mode)).containsExactly("b1");
    }

    @Test
    void aRotatedFileIsReadToItsEndBeforeTheNewFileAtItsPath() throws IOException {
        append("app.log", "old1\n");
        FileSourceMode mode = tail();
        assertThat(poll(mode)).containsExactly("old1");
        append("app.log", "old2\nold3-unterminated");
        Files.move(dir.resolve("app.log"), dir.resolve("app.log.1"));
        append("app.log", "new1\n");
        List<SourceRecord> records;
        time.sleep(10_000);
        records = mode.poll(1_000);
        assertThat(records).extracting(r -> (String) r.value()).containsExactly("old2", "old3-unterminated", "new1");
        assertThat(records).extracting(r -> (Object) r.sourcePartition().get("path")).containsOnly("app.log");
        assertThat(records.get(2).sourceOffset().get("id")).isNotEqualTo(records.get(0).sourceOffset().get("id"));
    }

    @Test
    void aFileTruncatedInPlaceIsReadAgainFromItsStart() throws IOException {
        append("app.log", "aaaaaaaaaa\nbbbbbbbbbb\n");
        FileSourceMode mode = tail();
        assertThat(poll(mode)).containsExactly("aaaaaaaaaa", "bbbbbbbbbb");
        Files.writeString(dir.resolve("app.log"), "c\n", StandardOpenOption.TRUNCATE_EXISTING);
        assertThat(poll(mode)).containsExactly("c");
    }

    @Test
    void afterARestartTheRestOfAFileRotatedWhileStoppedIsReadFirst() throws IOException {
        append("app.log", "one\n");
        FileSourceMode first = tail();
        time.sleep(10_000);
        offsets.commit(first.poll(100));
        first.close();

        append("app.log", "two\n");
        Files.move(dir.resolve("app.log"), dir.resolve("app.log.1"));
        append("app.log", "three\n");
        assertThat(poll(tail())).containsExactly("two", "three");
    }

    @Test
    void afterARestartAFileIsResumedWhereItWasCommitted() throws IOException {
        append("app.log", "one\ntwo\n");
        FileSourceMode first = tail();
        time.sleep(10_000);
        List<SourceRecord> records = first.poll(1);
        offsets.commit(records);
        first.close();
        append("app.log", "three\n");
        assertThat(poll(tail())).containsExactly("two", "three");
    }

    /** The identity the version before host-independent identities stored for a tailed file: the JDK's file key. */
    private String identityWithDevice(String name) throws IOException {
        return Files.readAttributes(dir.resolve(name), BasicFileAttributes.class).fileKey().toString();
    }

    @Test
    void afterAnUpgradeAFileIsResumedWhereAnOffsetStoredWithTheDeviceSays() throws IOException {
        append("app.log", "one\ntwo\n");
        offsets.store(FileOffset.partition("app.log"), Map.of(FileOffset.IDENTITY, identityWithDevice("app.log"),
                FileOffset.POSITION, 4L, FileOffset.LINES, 1L, FileOffset.EOF, false));
        append("app.log", "three\n");
        assertThat(poll(tail())).containsExactly("two", "three");
    }

    @Test
    void afterAnUpgradeTheRestOfAFileRotatedWhileStoppedIsFoundByAnIdentityStoredWithTheDevice() throws IOException {
        append("app.log", "one\ntwo\n");
        offsets.store(FileOffset.partition("app.log"), Map.of(FileOffset.IDENTITY, identityWithDevice("app.log"),
                FileOffset.POSITION, 4L, FileOffset.LINES, 1L, FileOffset.EOF, false));
        Files.move(dir.resolve("app.log"), dir.resolve("app.log.1"));
        append("app.log", "three\n");
        // A glob matching the rotated name too: the old file is drained once, under its old path, not read again.
        assertThat(poll(tail("file.glob", "app.log*"))).containsExactly("two", "three");
    }

    @Test
    void startingAtTheEndSkipsWhatExistedAndReadsWhatFollows() throws IOException {
        append("app.log", "history1\nhistory2\n");
        FileSourceMode mode = tail("tail.start.position", "end");
        assertThat(poll(mode)).isEmpty();
        append("app.log", "fresh\n");
        assertThat(poll(mode)).containsExactly("fresh");
    }

    @Test
    void aDeletedFileIsReadToTheEndOfWhatWasWrittenAndDropped() throws IOException {
        append("app.log", "one\n");
        FileSourceMode mode = tail();
        assertThat(poll(mode)).containsExactly("one");
        append("app.log", "last words");
        Files.delete(dir.resolve("app.log"));
        assertThat(poll(mode)).containsExactly("last words");
        assertThat(poll(mode)).isEmpty();
    }
}
