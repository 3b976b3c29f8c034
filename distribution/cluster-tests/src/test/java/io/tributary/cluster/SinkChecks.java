package io.tributary.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.ConnectRest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a sink's output holds exactly the records of a topic: each record once, none extra, offset by offset. */
final class SinkChecks {

    /** The file sink's committed file names: {@code <topic>+<partition>+<first offset, 20 digits>.<ext>}. */
    private static final Pattern FILE = Pattern.compile("(.+)\\+(\\d+)\\+(\\d{20})\\.[a-z.]+");

    private SinkChecks() {
    }

    /**
     * Each partition's committed files, in first-offset order, hold the partition's records in order: the first
     * line of a file is the record at the offset in its name, each line the next record, and the files together
     * every record once (transaction markers take offsets, so "next" is the next record read, not offset + 1).
     */
    static void fileSinkHoldsExactly(Path output, TopicRecords topic) {
        Map<Integer, Map<Long, Path>> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(output)) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(p -> !output.relativize(p).toString().startsWith(".")).toList()) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (m.matches() && m.group(1).equals(topic.topic())) {
                    Path previous = files.computeIfAbsent(Integer.parseInt(m.group(2)), p -> new TreeMap<>())
                            .put(Long.parseLong(m.group(3)), file);
                    assertThat(previous).as("two committed files start at " + file.getFileName()).isNull();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, List<TopicRecords.Rec>> partitions = topic.byPartition();
        assertThat(files.keySet()).as(topic.topic() + " partitions in the file sink's output")
                .isEqualTo(partitions.keySet());
        partitions.forEach((partition, records) -> {
            int next = 0;
            for (Map.Entry<Long, Path> file : files.get(partition).entrySet()) {
                String where = output.relativize(file.getValue()).toString();
                assertThat(next).as("records left for " + where).isLessThan(records.size());
                assertThat(file.getKey()).as("first offset of " + where).isEqualTo(records.get(next).offset());
                for (String line : readLines(file.getValue())) {
                    assertThat(next).as("a line of " + where + " beyond the partition's records")
                            .isLessThan(records.size());
                    assertThat(eventId(line)).as("line " + next + " of " + topic.topic() + "-" + partition + " in " + where)
                            .isEqualTo(records.get(next).eventId());
                    next++;
                }
            }
            assertThat(next).as("records of " + topic.topic() + "-" + partition + " in the file sink's files")
                    .isEqualTo(records.size());
        });
    }

    /** Each partition's rows carry exactly the partition's record offsets, each once, and the topic's name. */
    static void clickHouseHoldsExactly(ClickHouse clickHouse, String table, TopicRecords topic) {
        Map<Integer, List<Long>> rows = new TreeMap<>();
        String answer = clickHouse.query("SELECT _topic, _partition, _offset FROM " + table
                + " ORDER BY _partition, _offset FORMAT TabSeparated");
        for (String line : answer.isEmpty() ? List.<String>of() : List.of(answer.split("\n"))) {
            String[] f = line.split("\t");
            assertThat(f[0]).as("_topic of a row in " + table).isEqualTo(topic.topic());
            rows.computeIfAbsent(Integer.parseInt(f[1]), p -> new ArrayList<>()).add(Long.parseLong(f[2]));
        }
        Map<Integer, List<Long>> expected = new TreeMap<>();
        topic.byPartition().forEach((p, records) -> expected.put(p,
                records.stream().map(TopicRecords.Rec::offset).sorted(Comparator.naturalOrder()).toList()));
        assertThat(rows).as("offsets of the rows in " + table + " per partition").isEqualTo(expected);
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String eventId(String line) {
        try {
            JsonNode json = ConnectRest.JSON.readTree(line);
            return json.path("event_id").asText(null);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + line, e);
        }
    }
}
