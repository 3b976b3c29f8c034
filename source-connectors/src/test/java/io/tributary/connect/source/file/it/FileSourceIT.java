package io.tributary.connect.source.file.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.airlift.compress.zstd.ZstdOutputStream;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The file source in a real distributed worker (exactly-once enabled), driven through the REST API. */
class FileSourceIT {

    private static ConnectCluster cluster;
    private static ConnectRest rest;

    @TempDir
    Path dir;

    @BeforeAll
    static void startCluster() {
        cluster = ConnectCluster.builder("file-source-it").exactlyOnce().start();
        rest = cluster.rest();
    }

    /**
     * Each test's connector goes with the test: left running, it kept polling an input directory JUnit had already
     * deleted and logged a warning with a stack trace every poll (~1,500 lines a run).
     */
    @AfterEach
    void deleteConnectors() {
        for (JsonNode name : rest.get("connectors").expect(200).json()) {
            rest.delete("connectors/" + name.asText()).expect(204, 404);
        }
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private Map<String, String> source(String topic, Path input, String... extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "topic", topic,
                "file.path", input.toString(),
                "file.min.age.ms", "0",
                "file.scan.interval.ms", "200",
                "exactly.once.support", "required",
                "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "false"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return ConnectRest.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String valid(int n) {
        return "{\"id\":" + n + ",\"user\":\"u" + n + "\"}\n";
    }

    @Test
    void aCorpusOfMalformedInputIsDeadLetteredWhileValidRecordsFlowAndCountsReconcile() throws IOException {
        Path input = Files.createDirectories(dir.resolve("in"));
        int id = 0;
        StringBuilder good = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            good.append(valid(id++));
        }
        Files.writeString(input.resolve("good.jsonl"), good);
        Files.writeString(input.resolve("truncated.jsonl"), valid(id++) + "{\"id\":" + "\n" + valid(id++));
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.write(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'});
        utf8.write(valid(id++).getBytes(StandardCharsets.UTF_8));
        Files.write(input.resolve("utf8.jsonl"), utf8.toByteArray());
        String huge = "{\"blob\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        Files.writeString(input.resolve("huge.jsonl"), huge + "\n" + valid(id++));
        Files.writeString(input.resolve("empty.jsonl"), "");
        byte[] binary = new byte[64 * 1024];
        Random random = new Random(3);
        int segments = 0;
        boolean inSegment = false;
        for (int i = 0; i < binary.length; i++) {
            // Bytes that are never valid UTF-8 on their own, with a newline now and then.
            binary[i] = random.nextInt(200) == 0 ? (byte) '\n' : (byte) (0x80 + random.nextInt(0x40));
            if (binary[i] == '\n') {
                inSegment = false;
            } else if (!inSegment) {
                inSegment = true;
                segments++;
            }
        }
        Files.write(input.resolve("noise.jsonl"), binary);
        int validCount = id;
        int expectedDead = 1 + 1 + 1 + segments;

        rest.configure("corpus", source("corpus-events", input, "dlq.topic", "corpus-dlq"));
        rest.awaitRunning("corpus", 1, Duration.ofSeconds(30));

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "corpus-events", validCount, Duration.ofSeconds(60));
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "corpus-dlq", expectedDead, Duration.ofSeconds(60));

        assertThat(records).extracting(r -> json(r.value()).path("id").asInt())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, validCount).boxed().toList());
        assertThat(dead).hasSize(expectedDead);
        for (ConsumerRecord<byte[], byte[]> letter : dead) {
            assertThat(header(letter, ErrorHeaders.SOURCE_FILE)).isNotBlank();
            assertThat(header(letter, ErrorHeaders.SOURCE_LINE)).matches("\\d+");
            assertThat(header(letter, ErrorHeaders.ERROR_CLASS)).isNotBlank();
            assertThat(header(letter, ErrorHeaders.ERROR_MESSAGE)).isNotBlank().doesNotContain("xxxx");
            assertThat(header(letter, ErrorHeaders.CONNECTOR)).isEqualTo("corpus");
        }
        ConsumerRecord<byte[], byte[]> truncatedLine = dead.stream()
                .filter(r -> "truncated.jsonl".equals(header(r, ErrorHeaders.SOURCE_FILE))).findFirst().orElseThrow();
        assertThat(header(truncatedLine, ErrorHeaders.SOURCE_LINE)).isEqualTo("2");
        assertThat(header(truncatedLine, ErrorHeaders.ERROR_MESSAGE)).startsWith("truncated JSON");
        // The value is the raw line; JsonConverter writes bytes as a base64 string.
        assertThat(Base64.getDecoder().decode(json(truncatedLine.value()).asText()))
                .isEqualTo("{\"id\":".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> hugeLine = dead.stream()
                .filter(r -> "huge.jsonl".equals(header(r, ErrorHeaders.SOURCE_FILE))).findFirst().orElseThrow();
        assertThat(header(hugeLine, ErrorHeaders.ERROR_TRUNCATED)).isEqualTo("true");
        assertThat(header(hugeLine, ErrorHeaders.ORIGINAL_LENGTH)).isEqualTo(String.valueOf(huge.length()));
        assertThat(dead).filteredOn(r -> "noise.jsonl".equals(header(r, ErrorHeaders.SOURCE_FILE))).hasSize(segments);

        assertThat(rest.status("corpus").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        Await.until(Duration.ofSeconds(30), "every file moved to finished/", () -> {
            try (var left = Files.list(input)) {
                return left.filter(Files::isRegularFile).count() == 0;
            } catch (IOException e) {
                return false;
            }
        });
        assertThat(input.resolve("finished/noise.jsonl")).exists();
        assertThat(input.resolve("finished/empty.jsonl")).exists();
    }

    @Test
    void csvRowsOfTheWrongShapeOrTypeAreDeadLetteredAndTheRestGetTheInferredSchema() throws IOException {
        Path input = Files.createDirectories(dir.resolve("csv"));
        Files.writeString(input.resolve("scores.csv"),
                "id,name,score\n1,ann,9.5\n2,bob,7\n3,cy,8,extra\n4,dee\n5,eve,high\n6,fay,6.25\n");
        rest.configure("csv", source("csv-events", input, "format", "csv", "dlq.topic", "csv-dlq",
                "output.schema.sample.records", "2", "value.converter.schemas.enable", "true"));
        rest.awaitRunning("csv", 1, Duration.ofSeconds(30));
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "csv-events", 3, Duration.ofSeconds(60));
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(), "csv-dlq", 3,
                Duration.ofSeconds(60));
        assertThat(records).extracting(r -> json(r.value()).path("payload").path("name").asText())
                .containsExactly("ann", "bob", "fay");
        JsonNode schema = json(records.get(0).value()).path("schema");
        assertThat(schema.path("fields").get(0).path("type").asText()).isEqualTo("int64");
        assertThat(schema.path("fields").get(2).path("type").asText()).isEqualTo("double");
        assertThat(dead).extracting(r -> header(r, ErrorHeaders.ERROR_MESSAGE)).containsExactly(
                "row has 4 fields, expected 3 (too many)", "row has 2 fields, expected 3 (too few)",
                "column 'score' is not a valid float64");
    }

    @Test
    void anUnterminatedCsvQuoteIsOneDeadLetterWithItsOriginAndEveryRowAfterItReachesTheTopic() throws IOException {
        Path input = Files.createDirectories(dir.resolve("csv-quote"));
        StringBuilder csv = new StringBuilder("id,comment\n1,\"two\nlines\"\n2,\"never closed\n");
        for (int i = 3; i <= 294; i++) {
            csv.append(i).append(",row ").append(i).append('\n');
        }
        Files.writeString(input.resolve("corpus.csv"), csv);
        rest.configure("csv-quote", source("csv-quote-events", input, "format", "csv", "output", "map",
                "dlq.topic", "csv-quote-dlq"));
        rest.awaitRunning("csv-quote", 1, Duration.ofSeconds(30));

        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "csv-quote-events", 293, Duration.ofSeconds(60));
        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "csv-quote-dlq", 1, Duration.ofSeconds(60));
        List<String> expectedIds = new ArrayList<>(List.of("1"));
        for (int i = 3; i <= 294; i++) {
            expectedIds.add(String.valueOf(i));
        }
        assertThat(records).extracting(r -> json(r.value()).path("id").asText())
                .containsExactlyElementsOf(expectedIds);
        assertThat(json(records.get(0).value()).path("comment").asText()).isEqualTo("two\nlines");
        assertThat(dead).hasSize(1);
        ConsumerRecord<byte[], byte[]> letter = dead.get(0);
        // JsonConverter writes the raw bytes as a base64 string.
        assertThat(new String(Base64.getDecoder().decode(json(letter.value()).asText()), StandardCharsets.UTF_8))
                .isEqualTo("2,\"never closed");
        assertThat(header(letter, ErrorHeaders.SOURCE_FILE)).isEqualTo("corpus.csv");
        assertThat(header(letter, ErrorHeaders.SOURCE_LINE)).isEqualTo("4");
        assertThat(header(letter, ErrorHeaders.SOURCE_POSITION)).isEqualTo("25");
        assertThat(header(letter, ErrorHeaders.ERROR_STAGE)).isEqualTo("parse");
        assertThat(header(letter, ErrorHeaders.ERROR_CLASS))
                .isEqualTo("io.tributary.connect.source.file.read.UnterminatedQuoteException");
        assertThat(header(letter, ErrorHeaders.ERROR_MESSAGE)).isEqualTo("unterminated quoted field starting at "
                + "line 4 (bytes 25-41): still open after 100 lines (format.csv.quoted.max.lines is 100); that line "
                + "is dead-lettered alone and reading goes on at line 5");
    }

    @Test
    void gzipAndZstdFilesAreReadAsIfPlain() throws IOException {
        Path input = Files.createDirectories(dir.resolve("compressed"));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(input.resolve("a.jsonl.gz")))) {
            for (int i = 0; i < 500; i++) {
                gz.write(valid(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        try (OutputStream zst = new ZstdOutputStream(Files.newOutputStream(input.resolve("b.jsonl.zst")))) {
            for (int i = 500; i < 1000; i++) {
                zst.write(valid(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        rest.configure("compressed", source("compressed-events", input));
        rest.awaitRunning("compressed", 1, Duration.ofSeconds(30));
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "compressed-events", 1000, Duration.ofSeconds(60));
        assertThat(records).extracting(r -> json(r.value()).path("id").asInt()).doesNotHaveDuplicates().hasSize(1000);
    }

    @Test
    void tailModeFollowsALogAcrossARotationWithoutLossOrRepeat() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("app.log");
        List<String> expected = new ArrayList<>();
        rest.configure("tail", source("tail-events", logs, "file.mode", "tail", "format", "lines", "file.glob",
                "*.log", "value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        rest.awaitRunning("tail", 1, Duration.ofSeconds(30));
        for (int i = 0; i < 50; i++) {
            append(log, "before-" + i, expected);
        }
        Thread.sleep(500);
        append(log, "last-before-rotation", expected);
        Files.move(log, logs.resolve("app.log.1"));
        for (int i = 0; i < 50; i++) {
            append(log, "after-" + i, expected);
        }
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "tail-events", expected.size(), Duration.ofSeconds(60));
        assertThat(records).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyElementsOf(expected);
    }

    private static void append(Path file, String line, List<String> expected) throws IOException {
        Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        expected.add(line);
    }

    @Test
    void configurationErrorsAreReportedAtValidateWithTheKeysNamed() {
        Map<String, String> bad = source("t", dir.resolve("missing"), "format", "avro", "output", "map",
                "key.field", "a..b");
        JsonNode result = rest.validate("io.tributary.connect.source.file.FileSourceConnector", bad);
        Map<String, String> errors = new HashMap<>();
        for (JsonNode config : result.path("configs")) {
            JsonNode value = config.path("value");
            if (value.path("errors").size() > 0) {
                errors.put(value.path("name").asText(), value.path("errors").get(0).asText());
            }
        }
        assertThat(result.path("error_count").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(errors).containsKeys("file.path", "format", "output", "key.field");
        assertThat(errors.get("file.path")).contains("does not exist");
    }

    @Test
    void theOldKeyNamesStillWorkThroughRestAndAConflictWithTheNewNameIsRefused() throws IOException {
        Path input = Files.createDirectories(dir.resolve("old-names"));
        Files.writeString(input.resolve("a.jsonl"), valid(1));
        rest.configure("old-names", source("old-names", input, "format.output", "struct",
                "format.schema", "id:int64, user:string", "format.schema.name", "io.example.Old",
                "value.converter.schemas.enable", "true"));
        rest.awaitRunning("old-names", 1, Duration.ofSeconds(30));
        JsonNode value = json(TopicReader.readAtLeast(cluster.bootstrapServers(), "old-names", 1,
                Duration.ofSeconds(60)).get(0).value());
        assertThat(value.path("schema").path("name").asText()).isEqualTo("io.example.Old");
        assertThat(value.path("payload").path("user").asText()).isEqualTo("u1");

        Map<String, String> conflict = source("t", input, "name", "conflict", "format.output", "map",
                "output", "struct");
        JsonNode result = rest.validate("io.tributary.connect.source.file.FileSourceConnector", conflict);
        Map<String, String> errors = new HashMap<>();
        for (JsonNode config : result.path("configs")) {
            if (config.path("value").path("errors").size() > 0) {
                errors.put(config.path("value").path("name").asText(),
                        config.path("value").path("errors").get(0).asText());
            }
        }
        assertThat(errors).containsOnlyKeys("format.output", "output");
        assertThat(errors.get("format.output")).contains("deprecated name of output", "different values").doesNotContain("'map'");
        ConnectRest.Response refused = rest.put("connectors/conflict/config", conflict);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("format.output is a deprecated name of output");
    }

    @Test
    void offsetsAlteredThroughRestAreValidatedAndHonoured() throws IOException {
        Path input = Files.createDirectories(dir.resolve("altered"));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            lines.append(valid(i));
        }
        Files.writeString(input.resolve("a.jsonl"), lines);
        Map<String, String> config = source("altered-events", input, "spool.cleanup.policy", "none");
        rest.configure("altered", config);
        rest.awaitRunning("altered", 1, Duration.ofSeconds(30));
        rest.put("connectors/altered/stop", "").expect(202, 204);
        Await.until(Duration.ofSeconds(30), "connector stopped",
                () -> "STOPPED".equals(rest.status("altered").path("connector").path("state").asText()));
        String bad = "{\"offsets\":[{\"partition\":{\"path\":\"a.jsonl\"},\"offset\":{\"position\":-5,\"lines\":0}}]}";
        ConnectRest.Response refused = rest.patch("connectors/altered/offsets", bad);
        assertThat(refused.status()).isGreaterThanOrEqualTo(400);
        assertThat(refused.body()).contains("'position' must not be negative");
        long afterFive = 5L * valid(0).length();
        String good = "{\"offsets\":[{\"partition\":{\"path\":\"a.jsonl\"},\"offset\":{\"position\":" + afterFive
                + ",\"lines\":5}}]}";
        rest.patch("connectors/altered/offsets", good).expect(200);
        rest.put("connectors/altered/resume", "").expect(202);
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                "altered-events", 15, Duration.ofSeconds(60));
        // The first run read all ten; after the reset to line 5 only the last five are read again.
        assertThat(records).extracting(r -> json(r.value()).path("id").asInt())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 5, 6, 7, 8, 9);
    }
}
