package io.tributary.connect.sink.file;

import io.tributary.connect.sink.file.format.ArrowRows;
import io.tributary.testsupport.InMemorySinkContext;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file holds one schema: each version a partition goes through starts new files, and Avro (or Arrow) reads every
 * one back.
 */
class FileSinkSchemaEvolutionTest {

    private static final TopicPartition TP = new TopicPartition("readings", 0);

    /** v1; v2 adds an optional field; v3 widens int to long (Avro's int → long promotion). */
    private static final Schema V1 = SchemaBuilder.struct().name("com.example.Reading")
            .field("id", Schema.INT32_SCHEMA).field("sensor", Schema.STRING_SCHEMA).build();
    private static final Schema V2 = SchemaBuilder.struct().name("com.example.Reading")
            .field("id", Schema.INT32_SCHEMA).field("sensor", Schema.STRING_SCHEMA)
            .field("unit", Schema.OPTIONAL_STRING_SCHEMA).build();
    private static final Schema V3 = SchemaBuilder.struct().name("com.example.Reading")
            .field("id", Schema.INT64_SCHEMA).field("sensor", Schema.STRING_SCHEMA)
            .field("unit", Schema.OPTIONAL_STRING_SCHEMA).build();

    @TempDir
    Path out;

    private FileSinkTask task(InMemorySinkContext context, String format) {
        Map<String, String> props = new HashMap<>();
        props.put("file.path", out.toString());
        props.put("format", format);
        props.put("rotate.interval.ms", "0");
        FileSinkTask task = new FileSinkTask(new MockTime());
        task.initialize(context);
        task.start(props);
        task.open(List.of(TP));
        return task;
    }

    private static SinkRecord reading(long offset, Schema schema) {
        Struct value = new Struct(schema).put("sensor", "s" + offset);
        value.put("id", schema == V3 ? (Object) (offset + 3_000_000_000L) : (Object) (int) offset);
        if (schema != V1) {
            value.put("unit", offset % 2 == 0 ? "C" : null);
        }
        return new SinkRecord(TP.topic(), 0, null, null, schema, value, offset);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(out)) {
            return walk.filter(Files::isRegularFile).filter(p -> !out.relativize(p).toString().startsWith("."))
                    .sorted((a, b) -> Long.compare(firstOffset(a), firstOffset(b))).toList();
        }
    }

    private static long firstOffset(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(name.lastIndexOf('+') + 1, name.indexOf('.')));
    }

    private static List<String> avroRows(Path file, List<String> schemaFields) throws IOException {
        List<String> rows = new ArrayList<>();
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
            reader.getSchema().getFields().forEach(f -> schemaFields.add(f.name() + ":" + f.schema().toString()));
            for (GenericRecord r : reader) {
                rows.add(r.toString());
            }
        }
        return rows;
    }

    @Test
    void avroStartsAFileAtEachSchemaChangeAndEachFileReadsBackWithItsVersion() throws IOException {
        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask task = task(context, "avro");
        task.put(List.of(reading(0, V1), reading(1, V1), reading(2, V2), reading(3, V2), reading(4, V2)));
        task.put(List.of(reading(5, V3), reading(6, V3)));
        task.close(List.of(TP));

        List<Path> files = files();
        assertThat(files).extracting(FileSinkSchemaEvolutionTest::firstOffset).containsExactly(0L, 2L, 5L);
        List<String> v1 = new ArrayList<>();
        assertThat(avroRows(files.get(0), v1)).containsExactly("{\"id\": 0, \"sensor\": \"s0\"}",
                "{\"id\": 1, \"sensor\": \"s1\"}");
        assertThat(v1).containsExactly("id:\"int\"", "sensor:\"string\"");
        List<String> v2 = new ArrayList<>();
        assertThat(avroRows(files.get(1), v2)).containsExactly("{\"id\": 2, \"sensor\": \"s2\", \"unit\": \"C\"}",
                "{\"id\": 3, \"sensor\": \"s3\", \"unit\": null}", "{\"id\": 4, \"sensor\": \"s4\", \"unit\": \"C\"}");
        assertThat(v2).containsExactly("id:\"int\"", "sensor:\"string\"", "unit:[\"null\",\"string\"]");
        List<String> v3 = new ArrayList<>();
        assertThat(avroRows(files.get(2), v3)).containsExactly(
                "{\"id\": 3000000005, \"sensor\": \"s5\", \"unit\": null}",
                "{\"id\": 3000000006, \"sensor\": \"s6\", \"unit\": \"C\"}");
        assertThat(v3).containsExactly("id:\"long\"", "sensor:\"string\"", "unit:[\"null\",\"string\"]");
        assertThat(context.errant()).isEmpty();
    }

    @Test
    void arrowStartsAFileAtEachSchemaChangeAndEachFileReadsBackWithItsSchema() throws IOException {
        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask task = task(context, "arrow");
        task.put(List.of(reading(0, V1), reading(1, V1), reading(2, V2), reading(3, V2), reading(4, V2)));
        task.put(List.of(reading(5, V3), reading(6, V3)));
        task.close(List.of(TP));
        task.stop();

        List<Path> files = files();
        assertThat(files).extracting(FileSinkSchemaEvolutionTest::firstOffset).containsExactly(0L, 2L, 5L);
        assertThat(files).allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".arrow"));
        ArrowRows.Read v1 = ArrowRows.read(files.get(0));
        assertThat(v1.schema().getFields()).extracting(Object::toString)
                .containsExactly("id: Int(32, true) not null", "sensor: Utf8 not null");
        assertThat(ArrowRows.plain(v1.rows())).isEqualTo(List.of(Map.of("id", 0, "sensor", "s0"),
                Map.of("id", 1, "sensor", "s1")));
        ArrowRows.Read v2 = ArrowRows.read(files.get(1));
        assertThat(v2.schema().getFields()).extracting(Object::toString)
                .containsExactly("id: Int(32, true) not null", "sensor: Utf8 not null", "unit: Utf8");
        assertThat(ArrowRows.plain(v2.rows())).isEqualTo(List.of(Map.of("id", 2, "sensor", "s2", "unit", "C"),
                Map.of("id", 3, "sensor", "s3"), Map.of("id", 4, "sensor", "s4", "unit", "C")));
        ArrowRows.Read v3 = ArrowRows.read(files.get(2));
        assertThat(v3.schema().getFields()).extracting(Object::toString)
                .containsExactly("id: Int(64, true) not null", "sensor: Utf8 not null", "unit: Utf8");
        assertThat(ArrowRows.plain(v3.rows())).isEqualTo(List.of(Map.of("id", 3_000_000_005L, "sensor", "s5"),
                Map.of("id", 3_000_000_006L, "sensor", "s6", "unit", "C")));
        assertThat(context.errant()).isEmpty();
    }

    @Test
    void csvStartsAFileWithItsOwnHeaderAtEachSchemaChange() throws IOException {
        FileSinkTask task = task(new InMemorySinkContext(), "csv");
        task.put(List.of(reading(0, V1), reading(1, V2), reading(2, V3), reading(3, V3)));
        task.close(List.of(TP));
        List<Path> files = files();
        assertThat(files).hasSize(3);
        assertThat(Files.readAllLines(files.get(0))).containsExactly("id,sensor", "0,s0");
        assertThat(Files.readAllLines(files.get(1))).containsExactly("id,sensor,unit", "1,s1,");
        assertThat(Files.readAllLines(files.get(2))).containsExactly("id,sensor,unit", "3000000002,s2,C",
                "3000000003,s3,");
    }

    /**
     * Two different Avro unions arrive from a registry converter as two Structs both named
     * {@code io.confluent.connect.avro.Union}: one Avro schema cannot hold two records of one name.
     */
    @Test
    void aSchemaAvroCannotHoldGoesToTheErrantReporterNamingItAndTheOthersKeepFlowing() throws IOException {
        Schema unionA = SchemaBuilder.struct().name("io.confluent.connect.avro.Union").optional()
                .field("string", Schema.OPTIONAL_STRING_SCHEMA).field("int", Schema.OPTIONAL_INT32_SCHEMA).build();
        Schema unionB = SchemaBuilder.struct().name("io.confluent.connect.avro.Union").optional()
                .field("string", Schema.OPTIONAL_STRING_SCHEMA).field("boolean", Schema.OPTIONAL_BOOLEAN_SCHEMA).build();
        Schema twoUnions = SchemaBuilder.struct().name("com.example.Odd").field("a", unionA).field("b", unionB).build();
        SinkRecord odd = new SinkRecord(TP.topic(), 0, null, null, twoUnions, new Struct(twoUnions), 1);
        SinkRecord tombstone = new SinkRecord(TP.topic(), 0, null, null, null, null, 2);

        InMemorySinkContext context = new InMemorySinkContext();
        FileSinkTask task = task(context, "avro");
        task.put(List.of(reading(0, V1), odd, tombstone, reading(3, V1)));
        task.close(List.of(TP));

        assertThat(context.errant()).extracting(SinkRecord::kafkaOffset).containsExactly(1L, 2L);
        assertThat(context.errors().get(0).getMessage())
                .contains("format 'avro' cannot write schema 'com.example.Odd' as Avro")
                .contains("io.confluent.connect.avro.Union");
        assertThat(context.errors().get(1).getMessage()).contains("a tombstone (null value, no schema)");
        List<String> rows = new ArrayList<>();
        for (Path file : files()) {
            rows.addAll(avroRows(file, new ArrayList<>()));
        }
        assertThat(rows).containsExactly("{\"id\": 0, \"sensor\": \"s0\"}", "{\"id\": 3, \"sensor\": \"s3\"}");
    }
}
