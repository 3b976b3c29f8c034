package io.tributary.connect.sink.file.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.sink.file.format.ArrowRows;
import io.tributary.connect.sink.file.format.ArrowSamples;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Arrow IPC through a real Connect worker in a child JVM started as production starts one, without
 * {@code --add-opens}: two file sinks read one topic of Structs (JsonConverter's schema envelope: int8, int64,
 * float32, boolean, optional string, bytes, Decimal, Timestamp, Date, Time, an array, an optional nested Struct, a
 * map), one writing Arrow files with zstd buffers, the other Arrow streams with LZ4 frames, 300-row record
 * batches. Each sink's task is restarted while files are open. Then every row is read back twice, by apache-arrow
 * (Arrow's JavaScript implementation, run by Node.js: a reader the project did not write, reading the file format
 * through its footer) and by Arrow's Java readers, and every value of every record is compared; each record is in
 * exactly one file. The worker's log must not report off-heap memory left at a task's stop.
 */
class ArrowRoundTripIT {

    private static final int RECORDS = 3_000;
    private static final long EPOCH_MS = 1_765_000_000_000L;
    private static final String SCHEMA = "{\"type\":\"struct\",\"name\":\"io.tributary.it.Order\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"lane\",\"type\":\"int8\",\"optional\":false},"
            + "{\"field\":\"customer\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"amount\",\"type\":\"bytes\",\"name\":\"org.apache.kafka.connect.data.Decimal\","
            + "\"version\":1,\"parameters\":{\"scale\":\"2\"},\"optional\":false},"
            + "{\"field\":\"ratio\",\"type\":\"float\",\"optional\":false},"
            + "{\"field\":\"paid\",\"type\":\"boolean\",\"optional\":false},"
            + "{\"field\":\"placed\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\","
            + "\"version\":1,\"optional\":false},"
            + "{\"field\":\"day\",\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Date\","
            + "\"version\":1,\"optional\":false},"
            + "{\"field\":\"at\",\"type\":\"int32\",\"name\":\"org.apache.kafka.connect.data.Time\","
            + "\"version\":1,\"optional\":false},"
            + "{\"field\":\"raw\",\"type\":\"bytes\",\"optional\":false},"
            + "{\"field\":\"tags\",\"type\":\"array\",\"items\":{\"type\":\"string\",\"optional\":false},"
            + "\"optional\":false},"
            + "{\"field\":\"address\",\"type\":\"struct\",\"optional\":true,\"fields\":["
            + "{\"field\":\"city\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"zip\",\"type\":\"string\",\"optional\":true}]},"
            + "{\"field\":\"attributes\",\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},"
            + "\"values\":{\"type\":\"int32\",\"optional\":false},\"optional\":false}]}";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private static String customer(long id) {
        return id % 5 == 0 ? null : "customer-" + id;
    }

    private static BigDecimal amount(long id) {
        return BigDecimal.valueOf(id * 125 - 1_000, 2);
    }

    private static byte[] raw(long id) {
        return new byte[] {(byte) id, (byte) (id >> 8), 0, (byte) 0xff};
    }

    private static String payload(long id) {
        String customer = customer(id);
        String address = id % 3 == 0 ? "null"
                : "{\"city\":\"city-" + id % 7 + "\",\"zip\":" + (id % 2 == 0 ? "null" : "\"" + (10_000 + id) + "\"")
                + "}";
        return "{\"id\":" + id + ",\"lane\":" + (id % 256 - 128)
                + ",\"customer\":" + (customer == null ? "null" : "\"" + customer + "\"")
                + ",\"amount\":\"" + Base64.getEncoder().encodeToString(amount(id).unscaledValue().toByteArray())
                + "\",\"ratio\":" + id / 4f + ",\"paid\":" + (id % 2 == 0) + ",\"placed\":" + (EPOCH_MS + id)
                + ",\"day\":" + (20_000 + id % 400) + ",\"at\":" + (id * 1_001 % 86_400_000)
                + ",\"raw\":\"" + Base64.getEncoder().encodeToString(raw(id)) + "\""
                + ",\"tags\":[\"t" + id % 7 + "\",\"all\"],\"address\":" + address
                + ",\"attributes\":{\"n\":" + id + ",\"m\":" + -id + "}}";
    }

    private static void produce(String bootstrap, long from, long to) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            for (long id = from; id < to; id++) {
                producer.send(new ProducerRecord<>("orders", String.valueOf(id % 13),
                        "{\"schema\":" + SCHEMA + ",\"payload\":" + payload(id) + "}"));
            }
        }
    }

    private static Map<String, String> sink(Path out, String ipc, String compression) {
        return Map.ofEntries(
                Map.entry("connector.class", "io.tributary.connect.sink.file.FileSinkConnector"),
                Map.entry("topics", "orders"),
                Map.entry("file.path", out.toString()),
                Map.entry("format", "arrow"),
                Map.entry("format.arrow.ipc", ipc),
                Map.entry("format.arrow.compression", compression),
                Map.entry("format.arrow.batch.rows", "300"),
                Map.entry("rotate.records", "1000"),
                Map.entry("rotate.interval.ms", "2000"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "true"));
    }

    @Test
    void everyRecordIsReadBackOnceByApacheArrowAndByArrowsJavaReaderFromAWorkerWithoutAddOpens() throws Exception {
        Path files = dir.resolve("files");
        Path streams = dir.resolve("streams");
        try (ConnectCluster cluster = ConnectCluster.builder("arrow-round-trip").workers(0).start()) {
            cluster.createTopic("orders", 2);
            try (ForkedWorker worker = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker"))) {
                worker.awaitUp(Duration.ofSeconds(90));
                ConnectRest rest = worker.rest();
                produce(cluster.bootstrapServers(), 0, RECORDS / 2);
                rest.configure("arrow-files", sink(files, "file", "zstd"));
                rest.configure("arrow-streams", sink(streams, "stream", "lz4-frame"));
                rest.awaitRunning("arrow-files", 1, Duration.ofSeconds(60));
                rest.awaitRunning("arrow-streams", 1, Duration.ofSeconds(60));
                Await.until(Duration.ofSeconds(60), "files committed by both sinks",
                        () -> !SinkOutput.files(files).isEmpty() && !SinkOutput.files(streams).isEmpty());
                // A task restart while files are open: the stopping task commits what it wrote and frees its memory.
                rest.post("connectors/arrow-files/tasks/0/restart", null).expect(204);
                rest.post("connectors/arrow-streams/tasks/0/restart", null).expect(204);
                produce(cluster.bootstrapServers(), RECORDS / 2, RECORDS);
                Await.until(Duration.ofSeconds(120), "every record in committed Arrow files and streams",
                        () -> rowsByApacheArrow(files).size() == RECORDS
                                && rowsByApacheArrow(streams).size() == RECORDS,
                        () -> SinkOutput.files(files) + " " + SinkOutput.files(streams));
                assertThat(Files.readString(worker.log())).as("worker log")
                        .doesNotContain("did not release all its memory").doesNotContain("Memory was leaked");
            }
        }
        checkApacheArrow(files, "file", "\\.arrow", "ZSTD");
        checkApacheArrow(streams, "stream", "\\.arrows", "LZ4_FRAME");
        checkJavaReader(files, 1);
        checkJavaReader(streams, 0);
    }

    private static void checkApacheArrow(Path out, String format, String extension, String codec) {
        Map<Long, JsonNode> rows = rowsByApacheArrow(out);
        assertThat(rows).hasSize(RECORDS);
        for (long id = 0; id < RECORDS; id++) {
            JsonNode row = rows.get(id);
            assertThat(row).as("row " + id).isNotNull();
            assertThat(row.path("lane").asInt()).isEqualTo(id % 256 - 128);
            assertThat(row.path("customer").isNull() ? null : row.path("customer").asText()).isEqualTo(customer(id));
            assertThat(row.path("amount").asText()).isEqualTo(amount(id).toPlainString());
            assertThat((float) row.path("ratio").asDouble()).isEqualTo(id / 4f);
            assertThat(row.path("paid").asBoolean()).isEqualTo(id % 2 == 0);
            assertThat(row.path("placed").asLong()).isEqualTo(EPOCH_MS + id);
            assertThat(row.path("day").asLong()).isEqualTo((20_000 + id % 400) * 86_400_000L);
            assertThat(row.path("at").asLong()).isEqualTo(id * 1_001 % 86_400_000);
            assertThat(row.path("raw").asText()).isEqualTo(HexFormat.of().formatHex(raw(id)));
            assertThat(row.path("tags").toString()).isEqualTo("[\"t" + id % 7 + "\",\"all\"]");
            String zip = id % 2 == 0 ? "null" : "\"" + (10_000 + id) + "\"";
            assertThat(row.path("address").toString())
                    .isEqualTo(id % 3 == 0 ? "null" : "{\"city\":\"city-" + id % 7 + "\",\"zip\":" + zip + "}");
            Map<String, Long> attributes = new TreeMap<>();
            row.path("attributes").forEach(pair -> attributes.put(pair.get(0).asText(), pair.get(1).asLong()));
            assertThat(attributes).as("map entries, in the order JsonConverter's map gave them")
                    .isEqualTo(Map.of("n", id, "m", -id));
        }
        int batches = 0;
        for (Path file : SinkOutput.files(out)) {
            assertThat(file.getFileName().toString()).matches("orders\\+[01]\\+\\d{20}" + extension);
            JsonNode read = NodeReaders.apacheArrow(file);
            assertThat(read.path("format").asText()).isEqualTo(format);
            assertThat(read.path("metadata").path("connect.name").asText()).isEqualTo("io.tributary.it.Order");
            assertThat(read.path("decoded").path(codec).asInt()).as(codec + " buffers decompressed").isPositive();
            for (JsonNode rows300 : read.path("batchRows")) {
                assertThat(rows300.asInt()).isBetween(1, 300);
                batches++;
            }
        }
        assertThat(batches).as("1,000-record files hold several 300-row batches")
                .isGreaterThan(SinkOutput.files(out).size());
    }

    private static void checkJavaReader(Path out, int codec) throws IOException {
        Map<Long, Map<String, Object>> rows = new HashMap<>();
        for (Path file : SinkOutput.files(out)) {
            assertThat(ArrowRows.batchCodecs(file)).containsOnly(codec);
            for (Map<String, Object> row : ArrowRows.read(file).rows()) {
                assertThat(rows.put((Long) row.get("id"), row)).as("record " + row.get("id") + " once").isNull();
            }
        }
        assertThat(rows).hasSize(RECORDS);
        for (long id = 0; id < RECORDS; id++) {
            Map<String, Object> row = rows.get(id);
            assertThat(row.get("lane")).isEqualTo((byte) (id % 256 - 128));
            assertThat(row.get("customer") == null ? null : row.get("customer").toString()).isEqualTo(customer(id));
            assertThat(row.get("amount")).isEqualTo(amount(id));
            assertThat(row.get("ratio")).isEqualTo(id / 4f);
            assertThat(row.get("paid")).isEqualTo(id % 2 == 0);
            assertThat(row.get("placed")).isEqualTo(EPOCH_MS + id);
            assertThat(row.get("day")).isEqualTo((int) (20_000 + id % 400));
            assertThat(row.get("at")).isEqualTo(LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC)
                    .plusNanos(id * 1_001 % 86_400_000 * 1_000_000));
            assertThat((byte[]) row.get("raw")).isEqualTo(raw(id));
            assertThat(ArrowRows.plain(row.get("tags"))).isEqualTo(List.of("t" + id % 7, "all"));
            Map<String, Object> address = new TreeMap<>(Map.of("city", "city-" + id % 7));
            if (id % 2 != 0) {
                address.put("zip", String.valueOf(10_000 + id));
            }
            assertThat(ArrowRows.plain(row.get("address"))).isEqualTo(id % 3 == 0 ? null : address);
            assertThat(ArrowRows.plain(row.get("attributes"))).asList().containsExactlyInAnyOrder(
                    Map.of("key", "n", "value", (int) id), Map.of("key", "m", "value", (int) -id));
        }
    }

    /**
     * Record batches whose string, bytes and list columns are all null, empty or without elements (their buffers
     * empty, written uncompressed with length -1), beside a text column of tens of kilobytes (LZ4 frames of 256 KB
     * blocks rather than 64 KB): apache-arrow reads every row of every codec and IPC format.
     */
    @Test
    void apacheArrowReadsBatchesWithEmptyBuffersAndLargerLz4Blocks() throws IOException {
        for (String ipc : List.of("FILE", "STREAM")) {
            for (String codec : List.of("LZ4_FRAME", "ZSTD")) {
                Path file = ArrowSamples.write(dir.resolve(ipc + "-" + codec + ".arrow"), ipc, codec, 5_000, 12_000);
                JsonNode read = NodeReaders.apacheArrow(file);
                assertThat(read.path("format").asText()).isEqualTo(ipc.toLowerCase(java.util.Locale.ROOT));
                assertThat(read.path("decoded").path(codec).asInt()).as(codec + " buffers decompressed").isPositive();
                assertThat(read.path("batchRows").toString()).isEqualTo("[5000,5000,2000]");
                JsonNode rows = read.path("rows");
                assertThat(rows).hasSize(12_000);
                for (int i = 0; i < 12_000; i++) {
                    assertThat(rows.get(i).toString()).as(ipc + " " + codec + " row " + i).isEqualTo(
                            "{\"id\":\"" + i + "\",\"note\":null,\"blank\":\"\",\"raw\":null,\"tags\":[],"
                                    + "\"text\":\"" + ArrowSamples.text(i) + "\"}");
                }
            }
        }
    }

    /** Rows by id as apache-arrow reads them (a record in two files is caught by {@link #checkJavaReader}). */
    private static Map<Long, JsonNode> rowsByApacheArrow(Path out) {
        Map<Long, JsonNode> rows = new HashMap<>();
        for (Path file : SinkOutput.files(out)) {
            for (JsonNode row : NodeReaders.apacheArrow(file).path("rows")) {
                rows.put(Long.parseLong(row.path("id").asText()), row);
            }
        }
        return rows;
    }

}
