package io.tributary.connect.sink.file.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TopicReader;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.tributary.connect.sink.file.it.RegistryReadings.V1;
import static io.tributary.connect.sink.file.it.RegistryReadings.V2;
import static io.tributary.connect.sink.file.it.RegistryReadings.V3;
import static io.tributary.connect.sink.file.it.RegistryReadings.reading;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file sink behind Apicurio's AvroConverter in a real worker, against the real registry: records of three
 * registered versions of one schema (and a tombstone) land in one file per version, each read back with Avro's own
 * DataFileReader under the schema it was produced with and under the newest one.
 */
class FileSinkRegistryIT {

    @RegisterExtension
    static final WorkerCluster WORKER = new WorkerCluster("file-sink-registry-it");

    @TempDir
    Path dir;

    /**
     * Offsets 0-2 v1, 3-4 v2, 5 a tombstone, 6 v2, 7-11 v3. rotate.records is 5 and time never rotates, so the only
     * file ends before 7 are the schema changes: the v3 file closes by count at 11, nothing else can end a file.
     */
    private static List<GenericRecord> sent() {
        List<GenericRecord> values = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            values.add(reading(V1, n));
        }
        values.add(reading(V2, 3));
        values.add(reading(V2, 4));
        values.add(null);
        values.add(reading(V2, 6));
        for (int n = 7; n < 12; n++) {
            values.add(reading(V3, n));
        }
        return values;
    }

    private Map<String, String> connector(String topic, String format, Path out) {
        Map<String, String> config = new HashMap<>(RegistryReadings.avroConverter());
        config.put("connector.class", "io.tributary.connect.sink.file.FileSinkConnector");
        config.put("topics", topic);
        config.put("file.path", out.toString());
        config.put("format", format);
        config.put("rotate.records", "5");
        config.put("rotate.interval.ms", "0");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topic + "-dlq-" + format);
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        return config;
    }

    @Test
    void eachRegisteredVersionGetsItsOwnFilesAndEveryRecordReadsBackUnderItsOwnAndTheNewestSchema() throws IOException {
        ConnectCluster cluster = WORKER.cluster();
        ConnectRest rest = WORKER.rest();
        String topic = "readings-" + UUID.randomUUID().toString().substring(0, 8);
        cluster.createTopic(topic, 1);
        RegistryReadings.produce(cluster.bootstrapServers(), topic, sent());
        Path avroOut = dir.resolve("avro");
        Path csvOut = dir.resolve("csv");
        rest.configure(topic + "-avro", connector(topic, "avro", avroOut));
        rest.configure(topic + "-csv", connector(topic, "csv", csvOut));

        Await.until(Duration.ofSeconds(60), "three committed Avro files", () -> files(avroOut).size() == 3,
                () -> files(avroOut).toString());
        List<Path> files = files(avroOut);
        assertThat(files).extracting(FileSinkRegistryIT::firstOffset).containsExactly(0L, 3L, 7L);

        // Each file under the schema its records were produced with: every field equal to what was sent.
        assertThat(read(files.get(0), V1)).isEqualTo(strings(reading(V1, 0), reading(V1, 1), reading(V1, 2)));
        assertThat(read(files.get(1), V2)).isEqualTo(strings(reading(V2, 3), reading(V2, 4), reading(V2, 6)));
        List<String> v3 = new ArrayList<>();
        for (int n = 7; n < 12; n++) {
            v3.add(reading(V3, n).toString());
        }
        assertThat(read(files.get(2), V3)).isEqualTo(v3);
        // Every file under the newest schema (Avro's resolution: unit defaults to null, int id promoted to long).
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(),
                    new GenericDatumReader<>(null, V3))) {
                reader.forEach(r -> ids.add(r.get("id").getClass().getSimpleName() + ":" + r.get("id") + ":"
                        + r.get("unit")));
            }
        }
        assertThat(ids).containsExactly("Long:0:null", "Long:1:null", "Long:2:null", "Long:3:null", "Long:4:C",
                "Long:6:null", "Long:3000000007:C", "Long:3000000008:C", "Long:3000000009:null",
                "Long:3000000010:C", "Long:3000000011:C");

        // The tombstone has nothing an Avro file can hold: a dead letter saying so, the task running.
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                topic + "-dlq-avro", 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).offset()).isZero();
        assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8)).contains("a tombstone (null value, no schema)");
        assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.offset").value(),
                StandardCharsets.UTF_8)).isEqualTo("5");
        assertThat(rest.status(topic + "-avro").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");

        // CSV: a header per version. The tombstone (no Struct, no map) is a dead letter there too.
        Await.until(Duration.ofSeconds(60), "three committed CSV files", () -> files(csvOut).size() == 3,
                () -> files(csvOut).toString());
        List<Path> csv = files(csvOut);
        assertThat(csv).extracting(FileSinkRegistryIT::firstOffset).containsExactly(0L, 3L, 7L);
        String v1Header = "id,sensor,amount,at,day,blob,location,tags,counts";
        assertThat(Files.readAllLines(csv.get(0))).hasSize(4).first().isEqualTo(v1Header);
        assertThat(Files.readAllLines(csv.get(1))).hasSize(4).first().isEqualTo(v1Header + ",unit");
        assertThat(Files.readAllLines(csv.get(2))).hasSize(6).first().isEqualTo(v1Header + ",unit");
        assertThat(Files.readAllLines(csv.get(2)).get(1)).isEqualTo("3000000007,s-7,70.05,2024-05-01T12:00:07.250Z,"
                + "2024-05-08,Yjc=,\"{\"\"city\"\":\"\"city-7\"\",\"\"zip\"\":\"\"07\"\"}\",\"[\"\"t7\"\",\"\"all\"\"]\","
                + "\"{\"\"a\"\":7,\"\"b\"\":70}\",C");
    }

    private static List<String> strings(GenericRecord... records) {
        return Stream.of(records).map(GenericRecord::toString).toList();
    }

    /** The file's records with Avro's reader, resolved to {@code readerSchema}, as Avro's JSON-like text. */
    private static List<String> read(Path file, Schema readerSchema) throws IOException {
        List<String> rows = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(),
                new GenericDatumReader<>(null, readerSchema))) {
            reader.forEach(r -> rows.add(r.toString()));
        }
        return rows;
    }

    private static List<Path> files(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !root.relativize(p).toString().startsWith("."))
                    .sorted((a, b) -> Long.compare(firstOffset(a), firstOffset(b))).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();   // a temporary file renamed or deleted under the walk: look again
        }
    }

    private static long firstOffset(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf('+') + 1, name.indexOf('.')));
    }
}
