package io.tributary.connect.sink.file;

import io.tributary.testsupport.InMemorySinkContext;
import io.airlift.compress.zstd.ZstdInputStream;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FileSinkTaskTest {

    private static final String TOPIC = "events";
    private static final TopicPartition TP0 = new TopicPartition(TOPIC, 0);

    @TempDir
    Path out;
    private final MockTime time = new MockTime();

    private FileSinkTask task(InMemorySinkContext context, String... config) {
        Map<String, String> props = new HashMap<>();
        props.put("file.path", out.toString());
        props.put("rotate.interval.ms", "0");
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        FileSinkTask task = new FileSinkTask(time);
        task.initialize(context);
        task.start(props);
        task.open(List.of(TP0));
        return task;
    }

    private static SinkRecord record(long offset) {
        return new SinkRecord(TOPIC, 0, null, null, null, Map.of("n", offset), offset, 1_700_000_000_000L + offset * 60_000,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
    }

    private static List<SinkRecord> records(long from, long toExclusive) {
        List<SinkRecord> list = new ArrayList<>();
        for (long i = from; i < toExclusive; i++) {
            list.add(record(i));
        }
        return list;
    }

    /** Visible data files (not the hidden temp and marker directories). */
    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !out.relativize(p).toString().startsWith(".")).sorted().toList();
        }
    }

    private List<String> lines() throws IOException {
        List<String> all = new ArrayList<>();
        for (Path file : files()) {
            all.addAll(Files.readAllLines(file));
        }
        return all;
    }

    private static Map<TopicPartition, OffsetAndMetadata> current(long next) {
        return Map.of(TP0, new OffsetAndMetadata(next));
    }

    @Test
    void commitsFilesNamedByTopicPartitionAndFirstOffsetAtTheRecordLimit() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext(), "rotate.records", "10");
        task.put(records(0, 25));
        assertThat(files()).extracting(p -> out.relativize(p).toString()).containsExactly(
                "events/partition=0/events+0+00000000000000000000.jsonl",
                "events/partition=0/events+0+00000000000000000010.jsonl");
        assertThat(lines()).hasSize(20).first().isEqualTo("{\"n\":0}");
        assertThat(task.preCommit(current(25))).isEqualTo(current(20));
    }

    @Test
    void nothingIsVisibleAndNoOffsetIsCommittedBeforeACommit() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext());
        task.put(records(0, 5));
        assertThat(files()).isEmpty();
        assertThat(task.preCommit(current(5))).isEmpty();
        task.close(List.of(TP0));
        assertThat(lines()).hasSize(5);
    }

    @Test
    void aTaskKilledBeforeCommitLeavesNoPartialFileAndItsSuccessorNoDuplicate() throws IOException {
        FileSinkTask first = task(new InMemorySinkContext(), "rotate.records", "10");
        first.put(records(0, 15));
        // Killed here: no close(), no stop(). Records 10..14 are only in a temporary file.
        assertThat(lines()).hasSize(10);

        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask successor = task(context, "rotate.records", "10");
        assertThat(context.requestedOffsets()).as("no seek: redelivered records below the marker are skipped").isEmpty();
        // The consumer's committed offset lagged behind: Kafka redelivers from 5.
        successor.put(records(5, 30));
        successor.close(List.of(TP0));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            expected.add("{\"n\":" + i + "}");
        }
        assertThat(lines()).containsExactlyElementsOf(expected);
        try (Stream<Path> temp = Files.list(out.resolve(".tributary-tmp/events+0"))) {
            assertThat(temp).isEmpty();
        }
    }

    @Test
    void aCrashBetweenRenameAndMarkerIsRepairedByTheReplayWritingTheSameNames() throws IOException {
        FileSinkTask first = task(new InMemorySinkContext(), "rotate.records", "10");
        first.put(records(0, 10));
        // Emulate a crash after the files were renamed but before the marker moved: put the old marker back.
        Files.delete(out.resolve(".tributary-offsets/events+0"));

        FileSinkTask successor = task(new InMemorySinkContext(), "rotate.records", "7");
        successor.put(records(0, 14));
        successor.close(List.of(TP0));
        assertThat(lines()).hasSize(14).doesNotHaveDuplicates();
        assertThat(files()).extracting(p -> p.getFileName().toString()).containsExactly(
                "events+0+00000000000000000000.jsonl", "events+0+00000000000000000007.jsonl");
    }

    @Test
    void filesThatStayOpenTooLongAreCommittedWhenOffsetsAreCommitted() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext(), "rotate.interval.ms", "30000");
        task.put(records(0, 3));
        assertThat(task.preCommit(current(3))).isEmpty();
        time.sleep(30_000);
        assertThat(task.preCommit(current(3))).isEqualTo(current(3));
        assertThat(lines()).hasSize(3);
    }

    @Test
    void theTimeLayoutBucketsByRecordTimestamp() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext(), "path.layout", "time", "path.time.pattern", "yyyy/MM/dd/HH");
        // One record a minute from 22:13 UTC: three hours' directories.
        task.put(records(0, 120));
        task.close(List.of(TP0));
        assertThat(files()).extracting(p -> out.relativize(p.getParent()).toString())
                .containsExactly("events/2023/11/14/22", "events/2023/11/14/23", "events/2023/11/15/00");
        assertThat(lines()).hasSize(120);
    }

    @Test
    void gzipAndZstdFilesAreCompleteWhenTheyAppear() throws IOException {
        for (String codec : List.of("gzip", "zstd")) {
            Path dir = out.resolve(codec);
            Map<String, String> props = Map.of("file.path", dir.toString(), "format.compression", codec,
                    "rotate.records", "100");
            FileSinkTask task = new FileSinkTask(time);
            task.initialize(new InMemorySinkContext());
            task.start(props);
            task.open(List.of(TP0));
            task.put(records(0, 100));
            Path file;
            try (Stream<Path> walk = Files.walk(dir.resolve("events"))) {
                file = walk.filter(Files::isRegularFile).findFirst().orElseThrow();
            }
            assertThat(file.toString()).endsWith(codec.equals("gzip") ? ".jsonl.gz" : ".jsonl.zst");
            try (InputStream in = codec.equals("gzip") ? new GZIPInputStream(Files.newInputStream(file))
                    : new ZstdInputStream(Files.newInputStream(file))) {
                String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(content.lines()).hasSize(100).endsWith("{\"n\":99}");
            }
        }
    }

    private static final Schema V1 = SchemaBuilder.struct().name("Reading").field("id", Schema.INT64_SCHEMA)
            .field("sensor", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema V2 = SchemaBuilder.struct().name("Reading").field("id", Schema.INT64_SCHEMA)
            .field("sensor", Schema.OPTIONAL_STRING_SCHEMA).field("value", Schema.OPTIONAL_FLOAT64_SCHEMA).build();

    private static SinkRecord struct(long offset, Schema schema) {
        Struct value = new Struct(schema).put("id", offset).put("sensor", offset % 2 == 0 ? "s" + offset : null);
        if (schema == V2) {
            value.put("value", offset * 1.5);
        }
        return new SinkRecord(TOPIC, 0, null, null, schema, value, offset);
    }

    @Test
    void csvFilesHaveAHeaderAndANewSchemaStartsANewFile() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext(), "format", "csv");
        task.put(List.of(struct(0, V1), struct(1, V1), struct(2, V2)));
        task.close(List.of(TP0));
        List<Path> files = files();
        assertThat(files).hasSize(2);
        assertThat(Files.readAllLines(files.get(0))).containsExactly("id,sensor", "0,s0", "1,");
        assertThat(Files.readAllLines(files.get(1))).containsExactly("id,sensor,value", "2,s2,3.0");
    }

    @Test
    void avroFilesCarryTheRecordsSchema() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext(), "format", "avro");
        task.put(List.of(struct(0, V1), struct(1, V1)));
        task.close(List.of(TP0));
        try (DataFileStream<GenericRecord> avro = new DataFileStream<>(Files.newInputStream(files().get(0)),
                new GenericDatumReader<>())) {
            assertThat(avro.getSchema().getName()).isEqualTo("Reading");
            List<String> rows = new ArrayList<>();
            avro.forEach(r -> rows.add(r.get("id") + ":" + r.get("sensor")));
            assertThat(rows).containsExactly("0:s0", "1:null");
        }
    }

    /**
     * Arrow files hold their open record batch off the heap: files discarded when the task stops (no close() first,
     * as after a failed commit) must free it, or stop() reports the allocator's leak.
     */
    @Test
    void arrowFilesDiscardedByAStopFreeTheirMemory() throws IOException {
        FileSinkTask first = task(new InMemorySinkContext(), "format", "arrow", "rotate.records", "10");
        // The schema change commits the first file; the second stays open.
        first.put(List.of(struct(0, V1), struct(1, V1), struct(2, V2), struct(3, V2)));
        first.stop();
        assertThat(files()).extracting(p -> out.relativize(p).toString())
                .containsExactly("events/partition=0/events+0+00000000000000000000.arrow");
        try (Stream<Path> temp = Files.list(out.resolve(".tributary-tmp/events+0"))) {
            assertThat(temp).isEmpty();
        }

        FileSinkTask second = task(new InMemorySinkContext(), "format", "arrow", "rotate.records", "10");
        second.put(List.of(struct(2, V2), struct(3, V2), struct(4, V2)));
        second.close(List.of(TP0));
        second.stop();
        assertThat(files()).extracting(p -> out.relativize(p).toString()).containsExactly(
                "events/partition=0/events+0+00000000000000000000.arrow",
                "events/partition=0/events+0+00000000000000000002.arrow");
        assertThat(io.tributary.connect.sink.file.format.ArrowRows.read(files().get(1)).rows())
                .extracting(row -> row.get("id")).containsExactly(2L, 3L, 4L);
    }

    /**
     * A record batch failing inside Arrow (here its codec, once) fails the task with the partition's uncommitted
     * files discarded: the close() Connect still calls commits nothing, so the failing record is not committed below
     * the marker and a restart writes every record once.
     */
    @Test
    void anArrowBatchFailingInsideArrowIsDiscardedAndARestartWritesEveryRecordOnce() throws IOException {
        Map<String, String> props = new HashMap<>(Map.of("file.path", out.toString(), "rotate.interval.ms", "0",
                "format", "arrow", "format.arrow.compression", "lz4-frame", "format.arrow.batch.rows", "2",
                "rotate.records", "10"));
        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask first = new FileSinkTask(time, io.tributary.connect.sink.file.format.ArrowSamples::failingOnce);
        first.initialize(context);
        first.start(props);
        first.open(List.of(TP0));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.put(List.of(struct(0, V1), struct(1, V1),
                        struct(2, V1))))
                .isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
                .hasMessageContaining("restart the task").hasRootCauseMessage("injected codec failure");
        // What Connect does with a task whose put() failed: offsets, then its partitions closed, then stop().
        assertThat(first.preCommit(current(3))).isEmpty();
        first.close(List.of(TP0));
        assertThat(files()).as("nothing committed").isEmpty();
        // The buffers Arrow retained for the failed batch are reported at stop, after every file was discarded.
        org.assertj.core.api.Assertions.assertThatThrownBy(first::stop)
                .hasMessageContaining("did not release all its memory");
        try (Stream<Path> temp = Files.list(out.resolve(".tributary-tmp/events+0"))) {
            assertThat(temp).isEmpty();
        }

        FileSinkTask restarted = task(new InMemorySinkContext(), "format", "arrow",
                "format.arrow.compression", "lz4-frame", "format.arrow.batch.rows", "2", "rotate.records", "10");
        restarted.put(List.of(struct(0, V1), struct(1, V1), struct(2, V1)));
        restarted.close(List.of(TP0));
        restarted.stop();
        assertThat(files()).hasSize(1);
        assertThat(io.tributary.connect.sink.file.format.ArrowRows.read(files().get(0)).rows())
                .extracting(row -> row.get("id")).containsExactly(0L, 1L, 2L);
    }

    @Test
    void recordsThatCannotBeEncodedGoToTheErrantReporterAndTheirOffsetsStillCommit() throws IOException {
        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask task = task(context, "format", "avro", "rotate.records", "3");
        task.put(List.of(struct(0, V1), record(1), struct(2, V1)));
        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(1L);
        assertThat(context.errors().get(0).getMessage()).contains("needs records with a value schema");
        assertThat(task.preCommit(current(3))).isEqualTo(current(3));
    }

    @Test
    void anIoErrorFailsTheTaskAndARestartResumesFromTheLastCommittedFile() throws IOException {
        FileSinkTask first = task(new InMemorySinkContext(), "rotate.records", "10");
        first.put(records(0, 12));
        // Sabotage: the partition's temporary directory becomes a plain file; its open file is unlinked.
        Path temp = out.resolve(".tributary-tmp/events+0");
        try (Stream<Path> walk = Files.walk(temp)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(temp, "not a directory");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.put(records(12, 30))).isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class).hasMessageContaining("restart the task");

        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask restarted = task(context, "rotate.records", "10");
        assertThat(context.requestedOffsets()).as("no seek: redelivered records below the marker are skipped").isEmpty();
        restarted.put(records(10, 30));
        restarted.close(List.of(TP0));
        assertThat(lines()).hasSize(30).doesNotHaveDuplicates();
    }

    @Test
    void redeliveredRecordsAfterARewindAreNotWrittenTwice() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext());
        task.put(records(0, 5));
        task.put(records(3, 8));
        task.close(List.of(TP0));
        assertThat(lines()).hasSize(8).doesNotHaveDuplicates();
    }

    // Transforms on the sink: a router renames the topic; offsets stay with the partition the record was read from.

    private FileSinkTask openTask(InMemorySinkContext context, List<TopicPartition> assigned, String... config) {
        context.assign(assigned.toArray(TopicPartition[]::new));
        Map<String, String> props = new HashMap<>();
        props.put("file.path", out.toString());
        props.put("rotate.interval.ms", "0");
        for (int i = 0; i < config.length; i += 2) {
            props.put(config[i], config[i + 1]);
        }
        FileSinkTask task = new FileSinkTask(time);
        task.initialize(context);
        task.start(props);
        task.open(assigned);
        return task;
    }

    /** A record read at {@code topic-partition@offset} that a router (RegexRouter, ValidateSchema) renamed. */
    private static SinkRecord routed(String topic, int partition, long offset, String routedTo) {
        SinkRecord read = new SinkRecord(topic, partition, null, null, null, Map.of("t", topic, "n", offset), offset,
                1_700_000_000_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        return read.newRecord(routedTo, partition, null, null, null, read.value(), read.timestamp());
    }

    private static List<SinkRecord> routedRange(String topic, long from, long toExclusive, String routedTo) {
        List<SinkRecord> list = new ArrayList<>();
        for (long i = from; i < toExclusive; i++) {
            list.add(routed(topic, 0, i, routedTo));
        }
        return list;
    }

    private List<String> relativeFiles() throws IOException {
        return files().stream().map(p -> out.relativize(p).toString()).toList();
    }

    @Test
    void aRenamedTopicChoosesTheDirectoryWhileFileNamesAndOffsetsKeepTheOriginalPartition() throws IOException {
        TopicPartition source = new TopicPartition("rename-src", 0);
        FileSinkTask task = openTask(new InMemorySinkContext(), List.of(source), "rotate.records", "10");
        task.put(routedRange("rename-src", 0, 25, "table_src"));
        assertThat(relativeFiles()).containsExactly(
                "table_src/partition=0/rename-src+0+00000000000000000000.jsonl",
                "table_src/partition=0/rename-src+0+00000000000000000010.jsonl");
        assertThat(task.preCommit(Map.of(source, new OffsetAndMetadata(25))))
                .isEqualTo(Map.of(source, new OffsetAndMetadata(20)));
        assertThat(Files.readString(out.resolve(".tributary-offsets/rename-src+0"))).isEqualTo("20\n");
        assertThat(out.resolve(".tributary-offsets/table_src+0")).doesNotExist();
    }

    @Test
    void aSuccessorOfARenamingTaskRewindsTheOriginalPartitionAndRewritesNothing() throws IOException {
        TopicPartition source = new TopicPartition("rename-src", 0);
        FileSinkTask first = openTask(new InMemorySinkContext(), List.of(source), "rotate.records", "10");
        first.put(routedRange("rename-src", 0, 15, "table_src"));
        // Killed here: records 10..14 are only in a temporary file.

        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask successor = openTask(context, List.of(source), "rotate.records", "10");
        assertThat(context.requestedOffsets()).isEmpty();
        // The consumer's committed offset lagged: Kafka redelivers from 5.
        successor.put(routedRange("rename-src", 5, 30, "table_src"));
        successor.close(List.of(source));
        assertThat(lines()).hasSize(30).doesNotHaveDuplicates();
        assertThat(relativeFiles()).containsExactly(
                "table_src/partition=0/rename-src+0+00000000000000000000.jsonl",
                "table_src/partition=0/rename-src+0+00000000000000000010.jsonl",
                "table_src/partition=0/rename-src+0+00000000000000000020.jsonl");
    }

    @Test
    void twoTopicsRoutedIntoOneNameKeepTheirOwnFilesMarkersAndOffsets() throws IOException {
        TopicPartition a = new TopicPartition("rename-a", 0);
        TopicPartition b = new TopicPartition("rename-b", 0);
        FileSinkTask task = openTask(new InMemorySinkContext(), List.of(a, b), "rotate.records", "5");
        List<SinkRecord> batch = new ArrayList<>();
        for (long i = 0; i < 7; i++) {
            batch.add(routed("rename-a", 0, i, "table"));
            batch.add(routed("rename-b", 0, i, "table"));
        }
        task.put(batch);
        assertThat(task.preCommit(Map.of(a, new OffsetAndMetadata(7), b, new OffsetAndMetadata(7))))
                .isEqualTo(Map.of(a, new OffsetAndMetadata(5), b, new OffsetAndMetadata(5)));
        task.close(List.of(a, b));
        assertThat(relativeFiles()).containsExactly(
                "table/partition=0/rename-a+0+00000000000000000000.jsonl",
                "table/partition=0/rename-a+0+00000000000000000005.jsonl",
                "table/partition=0/rename-b+0+00000000000000000000.jsonl",
                "table/partition=0/rename-b+0+00000000000000000005.jsonl");
        assertThat(lines()).hasSize(14).doesNotHaveDuplicates();
        assertThat(Files.readString(out.resolve(".tributary-offsets/rename-a+0"))).isEqualTo("7\n");
        assertThat(Files.readString(out.resolve(".tributary-offsets/rename-b+0"))).isEqualTo("7\n");
    }

    @Test
    void recordsOfOnePartitionRoutedToTwoNamesAreCommittedTogetherUnderOneOffset() throws IOException {
        TopicPartition source = new TopicPartition("events", 0);
        FileSinkTask task = openTask(new InMemorySinkContext(), List.of(source), "rotate.records", "6");
        List<SinkRecord> batch = new ArrayList<>();
        for (long i = 0; i < 8; i++) {
            // Every third record is invalid and routed to the dead-letter name, as ValidateSchema's route does.
            batch.add(routed("events", 0, i, i % 3 == 2 ? "events-invalid" : "events"));
        }
        task.put(batch);
        assertThat(relativeFiles()).containsExactly(
                "events-invalid/partition=0/events+0+00000000000000000002.jsonl",
                "events/partition=0/events+0+00000000000000000000.jsonl");
        assertThat(task.preCommit(Map.of(source, new OffsetAndMetadata(8))))
                .isEqualTo(Map.of(source, new OffsetAndMetadata(6)));
        task.close(List.of(source));
        assertThat(lines()).hasSize(8).doesNotHaveDuplicates();
        assertThat(Files.readAllLines(out.resolve("events-invalid/partition=0/events+0+00000000000000000002.jsonl")))
                .hasSize(2);
    }

    @Test
    void aSuccessorCommitsTheMarkersOffsetOnceConnectRedeliveredUpToItEvenWithNothingNew() throws IOException {
        FileSinkTask first = task(new InMemorySinkContext(), "rotate.records", "10");
        first.put(records(0, 10));
        // Killed before Kafka's offset commit: the consumer group still says 5, the marker 10.

        FileSinkTask successor = task(new InMemorySinkContext(), "rotate.records", "10");
        successor.put(records(5, 8));
        assertThat(successor.preCommit(current(8))).as("not beyond what Connect consumed").isEqualTo(current(8));
        successor.put(records(8, 10));
        assertThat(successor.preCommit(current(10))).isEqualTo(current(10));
        assertThat(lines()).hasSize(10).doesNotHaveDuplicates();
    }
}
