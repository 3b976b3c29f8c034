package io.tributary.connect.sink.file.commit;

import io.tributary.connect.sink.file.config.FileSinkConfig;
import org.apache.kafka.connect.sink.SinkRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Where a record's file goes, relative to the output directory, and what committed files are called:
 * {@code <topic>+<partition>+<first offset, 20 digits>}, so a replay of the same records writes the same name.
 * '+' cannot occur in a topic name, so names split back unambiguously.
 *
 * <p>The directory is the record's topic and partition as the connector's transforms left them (a router chooses
 * it); the file name is the topic-partition and offset the record was read from (what offsets are kept by), so two
 * original partitions routed into one directory never write the same name.
 */
public final class PathLayout {

    static final String NO_TIMESTAMP = "_no_timestamp";

    private final FileSinkConfig.Layout layout;
    private final DateTimeFormatter formatter;

    public PathLayout(FileSinkConfig.Layout layout, String timePattern, ZoneId zone) {
        this.layout = layout;
        this.formatter = DateTimeFormatter.ofPattern(timePattern).withZone(zone);
    }

    /** Whether every record of a topic-partition goes to the same directory (so it can be computed once). */
    public boolean perPartition() {
        return layout == FileSinkConfig.Layout.PARTITION;
    }

    /** The directory of a record's file, relative to the output directory: by its topic after transforms. */
    public String bucket(SinkRecord record) {
        if (layout == FileSinkConfig.Layout.PARTITION) {
            return record.topic() + "/partition=" + record.kafkaPartition();
        }
        Long timestamp = record.timestamp();
        return record.topic() + "/" + (timestamp == null ? NO_TIMESTAMP : formatter.format(Instant.ofEpochMilli(timestamp)));
    }

    /** The name of a committed file: the original topic-partition and the original offset of its first record. */
    public static String fileName(String topic, int partition, long firstOffset, String extension) {
        return topic + "+" + partition + "+" + String.format("%020d", firstOffset) + extension;
    }
}
