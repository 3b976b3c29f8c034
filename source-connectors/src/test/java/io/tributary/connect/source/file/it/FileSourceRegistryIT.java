package io.tributary.connect.source.file.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.apicurio.registry.utils.converter.AvroConverter;
import io.tributary.connect.common.data.JsonData;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.TopicReader;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file source's Structs (CSV, JSON with struct output, Avro container files) under Apicurio's AvroConverter in a
 * real worker with exactly-once support, against the real registry: read back with the converter, values and types
 * as written; files of one shape share one registered version.
 */
class FileSourceRegistryIT {

    private static ConnectCluster cluster;
    private static URI registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        registry = LocalServices.registry();
        cluster = ConnectCluster.builder("file-source-registry").exactlyOnce().start();
    }

    /** Each test's connector goes with it (its input directory goes with the test). */
    @AfterEach
    void deleteConnectors() {
        for (JsonNode name : cluster.rest().get("connectors").expect(200).json()) {
            cluster.rest().delete("connectors/" + name.asText()).expect(204, 404);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String apicurioUrl() {
        return registry.resolve("/apis/registry/v2").toString();
    }

    private Map<String, String> source(String topic, Path input, String... extra) {
        Map<String, String> config = new HashMap<>(Map.of(
                "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                "topic", topic,
                "file.path", input.toString(),
                "file.min.age.ms", "0",
                "file.scan.interval.ms", "200",
                "exactly.once.support", "required",
                "value.converter", AvroConverter.class.getName(),
                "value.converter.apicurio.registry.url", apicurioUrl(),
                "value.converter.apicurio.registry.auto-register", "true",
                "value.converter.apicurio.registry.find-latest", "true"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    private static List<Struct> values(String topic, int expected) {
        AvroConverter converter = new AvroConverter();
        converter.configure(Map.of("apicurio.registry.url", apicurioUrl()), false);
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(), topic,
                expected, Duration.ofSeconds(90));
        assertThat(records).hasSize(expected);
        return records.stream().map(r -> (Struct) converter.toConnectData(topic, r.headers(), r.value()).value())
                .toList();
    }

    private static int versions(String subject) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(apicurioUrl() + "/groups/default/artifacts/" + subject + "/versions")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 404 ? 0 : JsonData.MAPPER.readTree(response.body()).path("count").asInt();
    }

    private void run(String name, Map<String, String> config) {
        ConnectRest rest = cluster.rest();
        rest.configure(name, config);
        rest.awaitRunning(name, 1, Duration.ofSeconds(60));
    }

    @Test
    void csvFilesOfOneShapeShareOneVersion() throws Exception {
        String topic = "csv-avro-" + UUID.randomUUID().toString().substring(0, 8);
        Path input = Files.createDirectories(dir.resolve("csv"));
        Files.writeString(input.resolve("a.csv"), "id,user,amount,paid\n1,ann,12.50,true\n2,bob,3,false\n");
        Files.writeString(input.resolve("b.csv"), "id,user,amount,paid\n3,cy,0.25,true\n");
        run(topic, source(topic, input, "format", "csv", "file.order", "name"));
        List<Struct> values = values(topic, 3);
        assertThat(values).extracting(v -> v.get("id")).containsExactly(1L, 2L, 3L);
        assertThat(values).extracting(v -> v.get("user")).containsExactly("ann", "bob", "cy");
        assertThat(values).extracting(v -> v.get("amount")).containsExactly(12.5, 3.0, 0.25);
        assertThat(values).extracting(v -> v.get("paid")).containsExactly(true, false, true);
        assertThat(versions(topic + "-value")).isEqualTo(1);
    }

    @Test
    void jsonLinesAsStructsWithNestedData() throws Exception {
        String topic = "json-avro-" + UUID.randomUUID().toString().substring(0, 8);
        Path input = Files.createDirectories(dir.resolve("json"));
        Files.writeString(input.resolve("e.jsonl"),
                "{\"id\":1,\"user\":{\"name\":\"ann\",\"tags\":[\"a\",\"b\"]},\"score\":1.5}\n"
                        + "{\"id\":2,\"user\":{\"name\":\"bob\",\"tags\":[]},\"score\":null}\n");
        run(topic, source(topic, input, "format", "json", "output", "struct"));
        List<Struct> values = values(topic, 2);
        assertThat(values.get(0).getStruct("user").get("name")).isEqualTo("ann");
        assertThat(values.get(0).getStruct("user").getArray("tags")).containsExactly("a", "b");
        assertThat(values.get(0).get("score")).isEqualTo(1.5);
        assertThat(values.get(1).get("score")).isNull();
        assertThat(versions(topic + "-value")).isEqualTo(1);
    }

    @Test
    void declaredSchemaWithLogicalTypes() throws Exception {
        String topic = "declared-avro-" + UUID.randomUUID().toString().substring(0, 8);
        Path input = Files.createDirectories(dir.resolve("declared"));
        Files.writeString(input.resolve("p.csv"), "id,amount,at\n1,12.50,2026-01-01T00:00:00Z\n");
        run(topic, source(topic, input, "format", "csv",
                "output.schema", "id:int64, amount:decimal(2), at:timestamp"));
        List<Struct> values = values(topic, 1);
        assertThat(values.get(0).get("amount")).isEqualTo(new BigDecimal("12.50"));
        assertThat(((java.util.Date) values.get(0).get("at")).toInstant().toString())
                .isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void avroContainerFilesGoOutUnderTheirRecordSchema() throws Exception {
        String topic = "avrofile-avro-" + UUID.randomUUID().toString().substring(0, 8);
        Path input = Files.createDirectories(dir.resolve("avro"));
        org.apache.avro.Schema schema = SchemaBuilder.record("Payment").namespace("test").fields()
                .requiredLong("id").optionalString("note").endRecord();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.create(schema, input.resolve("p.avro").toFile());
            GenericRecord r = new GenericData.Record(schema);
            r.put("id", 7L);
            r.put("note", "hello");
            writer.append(r);
        }
        run(topic, source(topic, input, "format", "avro"));
        List<Struct> values = values(topic, 1);
        assertThat(values.get(0).get("id")).isEqualTo(7L);
        assertThat(values.get(0).get("note")).isEqualTo("hello");
        assertThat(versions(topic + "-value")).isEqualTo(1);
    }

    /**
     * Avro names are [A-Za-z_][A-Za-z0-9_]*: a CSV header such as 'user id' cannot be an Avro field name, and the
     * converter fails the task (SchemaParseException: Illegal character in: user id). Kafka's ReplaceField renames
     * such columns before the converter sees them, as file-source.md says.
     */
    @Test
    void csvHeadersThatAreNotAvroNamesAreRenamedBeforeTheConverter() throws Exception {
        String topic = "csvnames-avro-" + UUID.randomUUID().toString().substring(0, 8);
        Path input = Files.createDirectories(dir.resolve("names"));
        Files.writeString(input.resolve("n.csv"), "user id,first-name,ok\n1,ann,x\n");
        run(topic, source(topic, input, "format", "csv",
                "transforms", "avroNames",
                "transforms.avroNames.type", "org.apache.kafka.connect.transforms.ReplaceField$Value",
                "transforms.avroNames.renames", "user id:user_id,first-name:first_name"));
        List<Struct> values = values(topic, 1);
        assertThat(values.get(0).schema().fields()).extracting(f -> f.name())
                .containsExactly("user_id", "first_name", "ok");
        assertThat(values.get(0).get("user_id")).isEqualTo(1L);
    }
}
