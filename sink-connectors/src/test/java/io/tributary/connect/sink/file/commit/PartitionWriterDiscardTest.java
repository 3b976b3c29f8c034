package io.tributary.connect.sink.file.commit;

import io.tributary.connect.common.io.Compression;
import io.tributary.connect.sink.file.config.FileSinkConfig;
import io.tributary.connect.sink.file.format.FileFormat;
import io.tributary.connect.sink.file.format.RecordFileWriter;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Discarding a partition's files completes even when a writer fails to free what it holds (Arrow's leak check). */
class PartitionWriterDiscardTest {

    private static final TopicPartition TP = new TopicPartition("events", 0);

    @TempDir
    Path out;

    /** Lines; the writer of every file throws on {@link RecordFileWriter#abandon}, as a leaking allocator does. */
    private final List<OutputStream> streams = new ArrayList<>();
    private final FileFormat format = new FileFormat() {
        @Override
        public String extension() {
            return ".txt";
        }

        @Override
        public RecordFileWriter open(OutputStream stream, SinkRecord first) {
            streams.add(stream);
            return new RecordFileWriter() {
                @Override
                public boolean accepts(SinkRecord record) {
                    return true;
                }

                @Override
                public void write(SinkRecord record) throws IOException {
                    stream.write((record.value() + "\n").getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void finish() {
                }

                @Override
                public void abandon() {
                    throw new IllegalStateException("Memory was leaked by query");
                }
            };
        }
    };

    private static SinkRecord record(long offset, long hour) {
        return new SinkRecord(TP.topic(), TP.partition(), null, null, null, "r" + offset, offset,
                hour * 3_600_000L, TimestampType.CREATE_TIME);
    }

    @Test
    void everyOpenFileIsClosedAndDeletedWhenAWriterFailsToFreeItsMemory() throws IOException {
        PartitionWriter writer = new PartitionWriter(TP, out, format, Compression.NONE,
                new PathLayout(FileSinkConfig.Layout.TIME, "HH", ZoneOffset.UTC), new OffsetMarkers(out, false),
                false, new MockTime());
        writer.recover();
        writer.write(record(0, 1));
        writer.write(record(1, 2));
        assertThat(streams).as("two buckets, two open files").hasSize(2);
        assertThat(temps()).hasSize(2);

        writer.discard();

        assertThat(temps()).as("temporary files left").isEmpty();
        for (OutputStream stream : streams) {
            assertThatThrownBy(() -> {
                stream.write('x');
                stream.flush();
            }).as("stream closed").isInstanceOf(IOException.class);
        }
        // Writing resumes at the committed offset: nothing committed yet, so record 0 is written again.
        assertThat(writer.write(record(0, 1))).isEqualTo(PartitionWriter.Outcome.WRITTEN);
    }

    private List<Path> temps() throws IOException {
        try (Stream<Path> walk = Files.walk(out.resolve(".tributary-tmp"))) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
