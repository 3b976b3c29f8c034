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

import java.io.IOException;
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
 * as written; files of one shape share one registered version, and files of differing shapes register one version per
 * real change (a new column, a wider number), no field lost; a row needing an incompatible change is dead-lettered.
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

    private static String topic(String kind) {
        return kind + "-avro-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A directory {@code name} under the test's own, holding the files given as name, content, name, content ... */
    private Path files(String name, String... namesAndContents) throws IOException {
        Path input = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < namesAndContents.length; i += 2) {
            Files.writeString(input.resolve(namesAndContents[i]), namesAndContents[i + 1]);
        }
        return input;
    }

    private void run(String name, Map<String, String> config) {
        ConnectRest rest = cluster.rest();
        rest.configure(name, config);
        rest.awaitRunning(name, 1, Duration.ofSeconds(60));
    }

    @Test
    void csvFilesOfOneShapeShareOneVersion() throws Exception {
        String topic = topic("csv");
        Path input = files("csv",
                "a.csv", "id,user,amount,paid\n1,ann,12.50,true\n2,bob,3,false\n",
                "b.csv", "id,user,amount,paid\n3,cy,0.25,true\n");
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
        String topic = topic("json");
        Path input = files("json",
                "e.jsonl", "{\"id\":1,\"user\":{\"name\":\"ann\",\"tags\":[\"a\",\"b\"]},\"score\":1.5}\n"
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
        String topic = topic("declared");
        Path input = files("declared", "p.csv", "id,amount,at\n1,12.50,2026-01-01T00:00:00Z\n");
        run(topic, source(topic, input, "format", "csv",
                "output.schema", "id:int64, amount:decimal(2), at:timestamp"));
        List<Struct> values = values(topic, 1);
        assertThat(values.get(0).get("amount")).isEqualTo(new BigDecimal("12.50"));
        assertThat(((java.util.Date) values.get(0).get("at")).toInstant().toString())
                .isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void avroContainerFilesGoOutUnderTheirRecordSchema() throws Exception {
        String topic = topic("avrofile");
        Path input = files("avro");
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
        String topic = topic("csvnames");
        Path input = files("names", "n.csv", "user id,first-name,ok\n1,ann,x\n");
        run(topic, source(topic, input, "format", "csv",
                "transforms", "avroNames",
                "transforms.avroNames.type", "org.apache.kafka.connect.transforms.ReplaceField$Value",
                "transforms.avroNames.renames", "user id:user_id,first-name:first_name"));
        List<Struct> values = values(topic, 1);
        assertThat(values.get(0).schema().fields()).extracting(f -> f.name())
                .containsExactly("user_id", "first_name", "ok");
        assertThat(values.get(0).get("user_id")).isEqualTo(1L);
    }

    /**
     * One inferred schema per task, not per file: a version is registered only when a file brings a new column or a
     * wider number. Files a, b: v1 (id, user). c adds country and amount: v2. d lacks them, in another column order:
     * still v2 (nulls). e's third row, past the 2-record sample, has a fraction in amount: v3 (float64). f has text in
     * the int64 column id: that row is dead-lettered naming the column, the next row of f goes out with v3.
     */
    @Test
    void filesOfDifferingShapesRegisterOneVersionPerRealChangeAndLoseNoField() throws Exception {
        String topic = topic("shapes");
        Path input = files("shapes",
                "a.csv", "id,user\n1,ann\n2,bob\n",
                "b.csv", "id,user\n3,cy\n",
                "c.csv", "id,user,country,amount\n4,dee,FR,10\n",
                "d.csv", "user,id\neve,5\n",
                "e.csv", "id,user,country,amount\n6,fay,DE,11\n7,gus,ES,12\n8,hal,IT,12.5\n",
                "f.csv", "id,user\nx9,ida\n10,jo\n");
        run(topic, source(topic, input, "format", "csv", "file.order", "name", "output.schema.sample.records", "2"));
        List<Struct> values = values(topic, 9);
        assertThat(values).extracting(v -> v.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 10L);
        assertThat(values).extracting(v -> v.get("user"))
                .containsExactly("ann", "bob", "cy", "dee", "eve", "fay", "gus", "hal", "jo");
        assertThat(values).extracting(v -> v.schema().field("country") == null ? "(no field)" : v.get("country"))
                .containsExactly("(no field)", "(no field)", "(no field)", "FR", null, "DE", "ES", "IT", null);
        assertThat(values).extracting(v -> v.schema().field("amount") == null ? "(no field)" : v.get("amount"))
                .containsExactly("(no field)", "(no field)", "(no field)", 10L, null, 11L, 12L, 12.5, null);
        assertThat(versions(topic + "-value")).isEqualTo(3);

        List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAtLeast(cluster.bootstrapServers(),
                topic + "-dlq", 1, Duration.ofSeconds(30));
        assertThat(letters).hasSize(1);
        assertThat(header(letters.get(0), "tributary.source.file")).isEqualTo("f.csv");
        assertThat(header(letters.get(0), "tributary.error.stage")).isEqualTo("convert");
        assertThat(header(letters.get(0), "tributary.error.message")).isEqualTo("column 'id' is not a valid int64");
    }

    /** A JSON field first seen after the sample reaches the topic (a second version), where it used to be dropped. */
    @Test
    void aJsonFieldFirstSeenAfterTheSampleIsKept() throws Exception {
        String topic = topic("late-field");
        Path input = files("late",
                "a.jsonl", "{\"id\":1}\n{\"id\":2}\n{\"id\":3,\"coupon\":{\"code\":\"X1\"}}\n",
                "b.jsonl", "{\"id\":4,\"coupon\":{\"code\":\"Y2\"}}\n{\"id\":5}\n");
        run(topic, source(topic, input, "format", "json", "output", "struct", "file.order", "name",
                "output.schema.sample.records", "2"));
        List<Struct> values = values(topic, 5);
        assertThat(values).extracting(v -> v.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(values.get(2).getStruct("coupon").get("code")).isEqualTo("X1");
        assertThat(values.get(3).getStruct("coupon").get("code")).isEqualTo("Y2");
        assertThat(values.get(4).get("coupon")).isNull();
        assertThat(versions(topic + "-value")).isEqualTo(2);
    }

    /**
     * A restarted connector starts from the latest schema registered for its topic (the converter's registry URL),
     * so a first file with fewer columns goes out with that schema, not a narrower new version.
     */
    @Test
    void aRestartStartsFromTheLatestRegisteredSchemaAndRegistersNoNarrowerVersion() throws Exception {
        String topic = topic("restart");
        Path first = files("first", "a.csv", "id,user,country\n1,ann,FR\n");
        run(topic, source(topic, first, "format", "csv"));
        values(topic, 1);
        cluster.rest().delete("connectors/" + topic).expect(204);
        Path second = files("second", "b.csv", "id,user\n2,bob\n");
        run(topic + "-2", source(topic, second, "format", "csv"));
        List<Struct> values = values(topic, 2);
        assertThat(values.get(1).get("user")).isEqualTo("bob");
        assertThat(values.get(1).schema().fields()).extracting(f -> f.name()).containsExactly("id", "user", "country");
        assertThat(versions(topic + "-value")).isEqualTo(1);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
