package io.tributary.connect.sink.file.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parquet through a real worker: the file sink writes Structs (from JsonConverter's schema envelope) into Parquet
 * files; hyparquet, a reader the project did not write, reads every row back, and so does the file source, into a
 * topic. Each compares every value of every record.
 */
class ParquetRoundTripIT {

    private static final int RECORDS = 2_500;
    private static final long EPOCH_MS = 1_765_000_000_000L;
    private static final String SCHEMA = "{\"type\":\"struct\",\"name\":\"io.tributary.it.Order\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"customer\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"amount\",\"type\":\"double\",\"optional\":false},"
            + "{\"field\":\"paid\",\"type\":\"boolean\",\"optional\":false},"
            + "{\"field\":\"placed\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\","
            + "\"version\":1,\"optional\":false},"
            + "{\"field\":\"tags\",\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":false},"
            + "\"optional\":false},"
            + "{\"field\":\"note\",\"type\":\"string\",\"optional\":false}]}";

    @RegisterExtension
    static final WorkerCluster WORKER = new WorkerCluster("parquet-round-trip-it");

    @TempDir
    Path dir;

    private static String customer(long id) {
        return id % 5 == 0 ? null : "customer-" + id;
    }

    private static double amount(long id) {
        return id * 1.25;
    }

    /**
     * About 400 bytes of hex that compresses poorly and differs in every record: a file of 1,000 records then holds
     * several 64 KiB row groups, which hyparquet must read too.
     */
    private static String note(long id) {
        StringBuilder note = new StringBuilder("note " + id + " ");
        for (long k = 0; k < 25; k++) {
            long z = (id * 25 + k) * 0x9E3779B97F4A7C15L;   // SplitMix64's finalizer: well spread bits
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            note.append(String.format("%016x", z ^ (z >>> 31)));
        }
        return note.toString();
    }

    private static String payload(long id) {
        String customer = customer(id);
        return "{\"id\":" + id + ",\"customer\":" + (customer == null ? "null" : "\"" + customer + "\"")
                + ",\"amount\":" + amount(id) + ",\"paid\":" + (id % 2 == 0) + ",\"placed\":" + (EPOCH_MS + id)
                + ",\"tags\":[\"t" + id % 7 + "\",\"all\"],\"note\":\"" + note(id) + "\"}";
    }

    @Test
    void everyRowTheSinkWritesIsReadBackByHyparquetAndByTheFileSource() throws IOException {
        ConnectCluster cluster = WORKER.cluster();
        ConnectRest rest = WORKER.rest();
        cluster.createTopic("orders", 2);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (long id = 0; id < RECORDS; id++) {
                producer.send(new ProducerRecord<>("orders", String.valueOf(id % 13),
                        "{\"schema\":" + SCHEMA + ",\"payload\":" + payload(id) + "}"));
            }
        }
        Path out = dir.resolve("out");
        rest.configure("parquet-sink", Map.ofEntries(
                Map.entry("connector.class", "io.tributary.connect.sink.file.FileSinkConnector"),
                Map.entry("topics", "orders"),
                Map.entry("file.path", out.toString()),
                Map.entry("format", "parquet"),
                Map.entry("format.parquet.compression", "zstd"),
                Map.entry("format.parquet.row.group.size", "65536"),
                Map.entry("format.parquet.page.size", "8192"),
                Map.entry("rotate.records", "1000"),
                Map.entry("rotate.interval.ms", "2000"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "true")));
        rest.awaitRunning("parquet-sink", 1, Duration.ofSeconds(30));
        Await.until(Duration.ofSeconds(90), "every record in committed Parquet files",
                () -> rowsByHyparquet(out).size() == RECORDS,
                () -> SinkOutput.files(out).toString());

        // (a) hyparquet: every row, every value.
        Map<Long, JsonNode> rows = rowsByHyparquet(out);
        assertThat(rows).hasSize(RECORDS);
        for (long id = 0; id < RECORDS; id++) {
            JsonNode row = rows.get(id);
            assertThat(row).as("row " + id).isNotNull();
            assertThat(row.path("customer").isNull() ? null : row.path("customer").asText()).isEqualTo(customer(id));
            assertThat(row.path("amount").asDouble()).isEqualTo(amount(id));
            assertThat(row.path("paid").asBoolean()).isEqualTo(id % 2 == 0);
            assertThat(Instant.parse(row.path("placed").asText()).toEpochMilli()).isEqualTo(EPOCH_MS + id);
            assertThat(row.path("tags").toString()).isEqualTo("[\"t" + id % 7 + "\",\"all\"]");
            assertThat(row.path("note").asText()).isEqualTo(note(id));
        }
        for (Path file : SinkOutput.files(out)) {
            assertThat(file.getFileName().toString()).matches("orders\\+[01]\\+\\d{20}\\.parquet");
            JsonNode read = NodeReaders.hyparquet(file);
            assertThat(read.path("codecs").toString()).isEqualTo("[\"ZSTD\"]");
        }
        assertThat(SinkOutput.files(out).stream().mapToInt(f -> NodeReaders.hyparquet(f).path("rowGroups").asInt())
                .max().orElse(0)).as("row groups of 64 KiB: the larger files have several").isGreaterThan(1);

        // (b) the file source reads the same files back into a topic.
        rest.configure("parquet-source", Map.ofEntries(
                Map.entry("connector.class", "io.tributary.connect.source.file.FileSourceConnector"),
                Map.entry("topic", "orders-back"),
                Map.entry("file.path", out.toString()),
                Map.entry("file.glob", "**/*.parquet"),
                Map.entry("file.recursive.enabled", "true"),
                Map.entry("file.min.age.ms", "0"),
                Map.entry("spool.cleanup.policy", "none"),
                Map.entry("format", "parquet"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "false")));
        List<ConsumerRecord<byte[], byte[]>> back = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "orders-back", RECORDS, Duration.ofSeconds(90));
        Map<Long, JsonNode> read = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : back) {
            JsonNode value = ConnectRest.JSON.readTree(record.value());
            assertThat(read.put(value.path("id").asLong(), value)).as("record " + value.path("id") + " once").isNull();
        }
        assertThat(read).hasSize(RECORDS);
        for (long id = 0; id < RECORDS; id++) {
            assertThat(ConnectRest.JSON.writeValueAsString(read.get(id))).as("record " + id).isEqualTo(payload(id));
        }
    }

    private static Map<Long, JsonNode> rowsByHyparquet(Path out) {
        Map<Long, JsonNode> rows = new HashMap<>();
        for (Path file : SinkOutput.files(out)) {
            for (JsonNode row : NodeReaders.hyparquet(file).path("rows")) {
                rows.put(Long.parseLong(row.path("id").asText()), row);
            }
        }
        return rows;
    }
}
