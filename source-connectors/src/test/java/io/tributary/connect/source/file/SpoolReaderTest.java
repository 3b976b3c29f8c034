package io.tributary.connect.source.file;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.file.offset.FileOffset;
import io.tributary.connect.source.file.scan.FileIdentity;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SpoolReaderTest {

    @TempDir
    Path dir;
    private final MockTime time = new MockTime();
    private final InMemoryOffsets offsets = new InMemoryOffsets();

    private FileSourceMode reader(String... config) {
        return FileSourceModes.create(TestConfigs.config(dir, config), "test", offsets, TaskMetrics.none(), time);
    }

    private void write(String name, int lines) throws IOException {
        StringBuilder content = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            content.append("{\"file\":\"").append(name).append("\",\"n\":").append(i).append("}\n");
        }
        Files.writeString(dir.resolve(name), content);
    }

    private static List<String> values(List<SourceRecord> records) {
        return records.stream().map(r -> ((Map<?, ?>) r.value()).get("file") + ":" + ((Map<?, ?>) r.value()).get("n"))
                .collect(Collectors.toList());
    }

    private static void acknowledgeAll(FileSourceMode mode, List<SourceRecord> records) {
        records.forEach(mode::acknowledged);
    }

    @Test
    void readsEachFileOnceAndTheLastRecordOfEachCarriesEof() throws IOException {
        write("a.jsonl", 2);
        write("b.jsonl", 2);
        FileSourceMode mode = reader();
        List<SourceRecord> records = mode.poll(100);
        assertThat(values(records)).containsExactly("a.jsonl:1", "a.jsonl:2", "b.jsonl:1", "b.jsonl:2");
        assertThat(records).extracting(r -> (Object) r.sourceOffset().get(FileOffset.EOF)).containsExactly(false, true, false, true);
        assertThat(records.get(0).sourcePartition()).isEqualTo(Map.of("path", "a.jsonl"));
        assertThat(records.get(1).sourceOffset().get(FileOffset.POSITION)).isEqualTo(
                (long) Files.size(dir.resolve("a.jsonl")));
        assertThat(mode.poll(100)).isEmpty();
    }

    @Test
    void aFileIsMovedOnlyOnceKafkaAcknowledgedEveryRecordFromIt() throws IOException {
        write("a.jsonl", 3);
        FileSourceMode mode = reader();
        List<SourceRecord> records = mode.poll(100);
        acknowledgeAll(mode, records.subList(0, 2));
        mode.poll(100);
        assertThat(dir.resolve("a.jsonl")).exists();
        mode.acknowledged(records.get(2));
        mode.poll(100);
        assertThat(dir.resolve("a.jsonl")).doesNotExist();
        assertThat(dir.resolve("finished/a.jsonl")).exists();
        assertThat(mode.metrics().filesCompleted.count()).isEqualTo(1);
    }

    @Test
    void aRestartedTaskResumesRightAfterTheLastCommittedRecord() throws IOException {
        write("a.jsonl", 5);
        FileSourceMode first = reader("batch.max.records", "3");
        List<SourceRecord> before = first.poll(3);
        offsets.commit(before);
        first.close();

        FileSourceMode restarted = reader();
        List<SourceRecord> after = restarted.poll(100);
        assertThat(values(before)).containsExactly("a.jsonl:1", "a.jsonl:2", "a.jsonl:3");
        assertThat(values(after)).containsExactly("a.jsonl:4", "a.jsonl:5");
        assertThat(after.get(0).sourceOffset().get(FileOffset.LINES)).isEqualTo(4L);
    }

    @Test
    void restartsAfterEveryFewRecordsAroundAnUnterminatedCsvQuoteReadEachRowOnce() throws IOException {
        StringBuilder csv = new StringBuilder("id,comment\n1,one\n2,\"never closed\n");
        for (int i = 3; i <= 40; i++) {
            csv.append(i).append(",row ").append(i).append('\n');
        }
        Files.writeString(dir.resolve("a.csv"), csv);
        List<SourceRecord> all = new ArrayList<>();
        // Batches of 3: the first restart resumes inside the lines the broken row gave back to be read again.
        for (int restarts = 0; restarts < 30; restarts++) {
            FileSourceMode mode = reader("format", "csv", "format.csv.quoted.max.lines", "5", "dlq.topic", "dead",
                    "batch.max.records", "3");
            List<SourceRecord> batch = mode.poll(3);
            offsets.commit(batch);
            mode.close();
            all.addAll(batch);
            if (!batch.isEmpty() && Boolean.TRUE.equals(batch.get(batch.size() - 1).sourceOffset().get(FileOffset.EOF))) {
                break;
            }
        }
        List<String> read = all.stream().map(r -> r.topic().equals("dead")
                ? "dead:" + r.headers().lastWithName(ErrorHeaders.SOURCE_LINE).value()
                : String.valueOf(((org.apache.kafka.connect.data.Struct) r.value()).get("id"))).toList();
        List<String> expected = new ArrayList<>(List.of("1", "dead:3"));
        for (int i = 3; i <= 40; i++) {
            expected.add(String.valueOf(i));
        }
        assertThat(read).containsExactlyElementsOf(expected);
        assertThat(all.get(1).sourceOffset().get(FileOffset.LINES)).isEqualTo(3L);
    }

    @Test
    void aFileFullyCommittedBeforeARestartIsOnlyCleanedUp() throws IOException {
        write("a.jsonl", 2);
        FileSourceMode first = reader();
        offsets.commit(first.poll(100));
        first.close();
        FileSourceMode restarted = reader();
        assertThat(restarted.poll(100)).isEmpty();
        assertThat(dir.resolve("finished/a.jsonl")).exists();
    }

    /** The identity the version before host-independent identities stored: the JDK's file key, device included. */
    private String identityWithDevice(String name) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(dir.resolve(name), BasicFileAttributes.class);
        return attrs.fileKey() + "@" + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "+" + attrs.size();
    }

    private void storeOffset(String name, String identity, long position, long lines, boolean eof) {
        offsets.store(FileOffset.partition(name), Map.of(FileOffset.IDENTITY, identity, FileOffset.POSITION, position,
                FileOffset.LINES, lines, FileOffset.EOF, eof));
    }

    @Test
    void afterAnUpgradeAFileIsResumedWhereAnOffsetStoredWithTheDeviceSays() throws IOException {
        write("a.jsonl", 5);
        String legacy = identityWithDevice("a.jsonl");
        assertThat(legacy).startsWith("(dev=");
        long afterThree = Files.readAllLines(dir.resolve("a.jsonl")).subList(0, 3).stream()
                .mapToLong(line -> line.length() + 1).sum();
        storeOffset("a.jsonl", legacy, afterThree, 3, false);

        List<SourceRecord> after = reader().poll(100);
        assertThat(values(after)).containsExactly("a.jsonl:4", "a.jsonl:5");
        // From now on the offset names the file in the form every host shares.
        assertThat((String) after.get(0).sourceOffset().get(FileOffset.IDENTITY)).startsWith("ino=")
                .isEqualTo(FileIdentity.portable(legacy));
    }

    @Test
    void afterAnUpgradeAFileAnOffsetStoredWithTheDeviceMarksAsDoneIsOnlyCleanedUp() throws IOException {
        write("a.jsonl", 2);
        storeOffset("a.jsonl", identityWithDevice("a.jsonl"), Files.size(dir.resolve("a.jsonl")), 2, true);
        FileSourceMode mode = reader();
        assertThat(mode.poll(100)).isEmpty();
        assertThat(dir.resolve("finished/a.jsonl")).exists();
    }

    @Test
    void anOffsetStoredWithTheDeviceForAnEarlierFileAtThePathDoesNotApplyToANewOne() throws IOException {
        write("a.jsonl", 3);
        String earlier = identityWithDevice("a.jsonl");
        Files.setLastModifiedTime(dir.resolve("a.jsonl"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        storeOffset("a.jsonl", earlier, Files.size(dir.resolve("a.jsonl")), 3, true);
        assertThat(values(reader().poll(100))).containsExactly("a.jsonl:1", "a.jsonl:2", "a.jsonl:3");
    }

    @Test
    void aNewFileAtTheSamePathIsReadFromItsStart() throws IOException {
        write("a.jsonl", 2);
        FileSourceMode mode = reader("spool.cleanup.policy", "delete");
        List<SourceRecord> first = mode.poll(100);
        offsets.commit(first);
        acknowledgeAll(mode, first);
        mode.poll(100);
        assertThat(dir.resolve("a.jsonl")).doesNotExist();
        write("a.jsonl", 1);
        time.sleep(10_000);
        assertThat(values(mode.poll(100))).containsExactly("a.jsonl:1");
    }

    @Test
    void policyNoneLeavesFilesInPlaceAndNeverReadsThemTwice() throws IOException {
        write("a.jsonl", 1);
        FileSourceMode mode = reader("spool.cleanup.policy", "none");
        List<SourceRecord> records = mode.poll(100);
        acknowledgeAll(mode, records);
        time.sleep(10_000);
        assertThat(mode.poll(100)).isEmpty();
        time.sleep(10_000);
        assertThat(mode.poll(100)).isEmpty();
        assertThat(dir.resolve("a.jsonl")).exists();
    }

    @Test
    void anUnreadableFileBecomesOneDeadLetterAndMovesToTheErrorDirectory() throws IOException {
        Files.writeString(dir.resolve("broken.avro"), "this is not an avro container");
        FileSourceMode mode = reader("format", "avro");
        List<SourceRecord> records = mode.poll(100);
        assertThat(records).hasSize(1);
        SourceRecord letter = records.get(0);
        assertThat(letter.topic()).isEqualTo("events-dlq");
        assertThat(letter.headers().lastWithName(ErrorHeaders.ERROR_STAGE).value()).isEqualTo("read");
        assertThat(letter.headers().lastWithName(ErrorHeaders.SOURCE_FILE).value()).isEqualTo("broken.avro");
        assertThat((String) letter.headers().lastWithName(ErrorHeaders.ERROR_MESSAGE).value()).startsWith("cannot open the file");
        acknowledgeAll(mode, records);
        mode.poll(100);
        assertThat(dir.resolve("error/broken.avro")).exists();
        assertThat(mode.metrics().filesFailed.count()).isEqualTo(1);
    }

    @Test
    void deadLettersCarryTheRawLineAndItsOrigin() throws IOException {
        Files.write(dir.resolve("a.jsonl"), "{\"ok\":1}\n{\"broken\":\n".getBytes(StandardCharsets.UTF_8));
        List<SourceRecord> records = reader("dlq.topic", "bad-events").poll(100);
        SourceRecord letter = records.get(1);
        assertThat(letter.topic()).isEqualTo("bad-events");
        assertThat(letter.value()).isEqualTo("{\"broken\":".getBytes(StandardCharsets.UTF_8));
        assertThat(letter.headers().lastWithName(ErrorHeaders.SOURCE_LINE).value()).isEqualTo(2L);
        assertThat(letter.headers().lastWithName(ErrorHeaders.SOURCE_POSITION).value()).isEqualTo(9L);
        assertThat(letter.headers().lastWithName(ErrorHeaders.CONNECTOR).value()).isEqualTo("test");
        assertThat(letter.sourceOffset().get(FileOffset.EOF)).isEqualTo(true);
    }

    @Test
    void aFileDeletedWhileBeingReadIsReadToItsEndFromTheOpenFileWithoutFailing() throws IOException {
        write("a.jsonl", 50_000);
        FileSourceMode mode = reader("batch.max.records", "10");
        List<SourceRecord> first = mode.poll(10);
        Files.delete(dir.resolve("a.jsonl"));
        List<SourceRecord> all = new ArrayList<>(first);
        List<SourceRecord> batch;
        while (!(batch = mode.poll(10_000)).isEmpty()) {
            all.addAll(batch);
        }
        assertThat(all).hasSize(50_000);
        acknowledgeAll(mode, all);
        mode.poll(10);
        assertThat(dir.resolve("finished/a.jsonl")).doesNotExist();
    }

    @Test
    void aFileTruncatedWhileBeingReadEndsWhereItNowEndsWithoutFailing() throws IOException {
        write("a.jsonl", 50_000);
        long size = Files.size(dir.resolve("a.jsonl"));
        FileSourceMode mode = reader();
        List<SourceRecord> first = mode.poll(10);
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve("a.jsonl"),
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size / 2);
        }
        List<SourceRecord> all = new ArrayList<>(first);
        List<SourceRecord> batch;
        while (!(batch = mode.poll(10_000)).isEmpty()) {
            all.addAll(batch);
        }
        // Up to the cut, in order; the line the cut went through is dead-lettered, and it ends the file.
        assertThat(all.size()).isBetween(10, 49_999);
        SourceRecord cut = all.get(all.size() - 1);
        assertThat(cut.topic()).isEqualTo("events-dlq");
        assertThat(cut.sourceOffset().get(FileOffset.EOF)).isEqualTo(true);
        List<String> good = values(all.subList(0, all.size() - 1));
        assertThat(good.get(good.size() - 1)).isEqualTo("a.jsonl:" + good.size());
        acknowledgeAll(mode, all);
        mode.poll(10);
        assertThat(dir.resolve("finished/a.jsonl")).exists();
    }

    @Test
    void aDirectoryOfManyFilesIsListedOncePerPassNotOncePerPoll() throws IOException {
        int files = 100_000;
        for (int i = 0; i < files; i++) {
            Files.write(dir.resolve(String.format("f%06d.jsonl", i)), ("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
        }
        FileSourceMode mode = reader("spool.cleanup.policy", "none");
        List<SourceRecord> all = new ArrayList<>();
        int polls = 0;
        List<SourceRecord> batch;
        while (!(batch = mode.poll(5_000)).isEmpty()) {
            all.addAll(batch);
            polls++;
        }
        assertThat(all).hasSize(files);
        assertThat(polls).isGreaterThanOrEqualTo(20);
        assertThat(mode.metrics().scans.count()).isEqualTo(1);
        assertThat(((Map<?, ?>) all.get(files - 1).value()).get("n")).isEqualTo((long) files - 1);
    }
}
