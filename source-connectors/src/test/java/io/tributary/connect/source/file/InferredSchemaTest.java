package io.tributary.connect.source.file;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.source.file.offset.FileOffset;
import io.tributary.connect.source.file.read.FileOpener;
import io.tributary.connect.source.file.read.ReadResult;
import io.tributary.connect.source.file.read.RecordReader;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file source's inferred schema, one per task: kept across files of one shape (the very same Schema object),
 * widened compatibly when a record brings a new field or a wider number (nothing dropped), and a record that would
 * need an incompatible change dead-lettered with the field named while the others keep flowing.
 */
class InferredSchemaTest {

    @TempDir
    Path dir;
    private final MockTime time = new MockTime();
    private final InMemoryOffsets offsets = new InMemoryOffsets();

    private FileSourceMode reader(String... config) {
        return FileSourceModes.create(TestConfigs.config(dir, config), "test", offsets, TaskMetrics.none(), time);
    }

    private static List<SourceRecord> data(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("events")).toList();
    }

    private static List<SourceRecord> deadLetters(List<SourceRecord> records) {
        return records.stream().filter(r -> r.topic().equals("events-dlq")).toList();
    }

    private static String header(SourceRecord record, String name) {
        return String.valueOf(record.headers().lastWithName(name).value());
    }

    @Test
    void aFieldAppearingAfterTheSampleIsKept() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), "{\"id\":1}\n{\"id\":2}\n{\"id\":3,\"coupon\":\"X1\"}\n{\"id\":4}\n");
        List<SourceRecord> records = reader("output", "struct", "output.schema.sample.records", "2").poll(100);
        assertThat(records).hasSize(4).allMatch(r -> r.topic().equals("events"));
        Schema before = records.get(0).valueSchema();
        Schema widened = records.get(2).valueSchema();
        assertThat(before.fields()).extracting(f -> f.name()).containsExactly("id");
        assertThat(widened.fields()).extracting(f -> f.name()).containsExactly("id", "coupon");
        assertThat(widened.field("coupon").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(((Struct) records.get(2).value()).getString("coupon")).isEqualTo("X1");
        // Records before the widening keep the schema they were read with; those after it take the wider one.
        assertThat(records.get(1).valueSchema()).isSameAs(before);
        assertThat(records.get(3).valueSchema()).isSameAs(widened);
        assertThat(((Struct) records.get(3).value()).get("coupon")).isNull();
    }

    @Test
    void jsonFilesOfTheSameShapeGetTheVerySameSchemaObject() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), "{\"id\":1,\"user\":{\"name\":\"ann\"},\"score\":1.5}\n");
        Files.writeString(dir.resolve("b.jsonl"), "{\"score\":2,\"id\":2,\"user\":{\"name\":\"bob\"}}\n"
                + "{\"id\":3,\"user\":null}\n");
        List<SourceRecord> records = reader("output", "struct", "file.order", "name").poll(100);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).valueSchema()).isSameAs(records.get(0).valueSchema());
        assertThat(records.get(2).valueSchema()).isSameAs(records.get(0).valueSchema());
        assertThat(((Struct) records.get(1).value()).get("score")).isEqualTo(2.0);
    }

    @Test
    void csvFilesShareOneSchemaAndAColumnNewInALaterFileIsAddedOnce() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "id,user\n1,ann\n");
        Files.writeString(dir.resolve("b.csv"), "id,user\n2,bob\n");
        Files.writeString(dir.resolve("c.csv"), "id,user,country\n3,cy,FR\n");
        Files.writeString(dir.resolve("d.csv"), "user,id\ndee,4\n");
        List<SourceRecord> records = reader("format", "csv", "file.order", "name").poll(100);
        assertThat(records).hasSize(4).allMatch(r -> r.topic().equals("events"));
        Schema first = records.get(0).valueSchema();
        Schema widened = records.get(2).valueSchema();
        assertThat(records.get(1).valueSchema()).isSameAs(first);
        assertThat(widened).isNotSameAs(first);
        assertThat(widened.fields()).extracting(f -> f.name()).containsExactly("id", "user", "country");
        assertThat(((Struct) records.get(2).value()).getString("country")).isEqualTo("FR");
        // A file without the column, its columns in another order: the wider schema, the column null.
        assertThat(records.get(3).valueSchema()).isSameAs(widened);
        Struct last = (Struct) records.get(3).value();
        assertThat(last.get("id")).isEqualTo(4L);
        assertThat(last.get("country")).isNull();
    }

    @Test
    void anIntegerColumnTakesAFractionPastTheSampleByWideningToFloat64() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "id,amount\n1,10\n2,11\n3,12.5\n");
        List<SourceRecord> records = reader("format", "csv", "output.schema.sample.records", "2").poll(100);
        assertThat(records).hasSize(3).allMatch(r -> r.topic().equals("events"));
        assertThat(records.get(0).valueSchema().field("amount").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(records.get(2).valueSchema().field("amount").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(((Struct) records.get(2).value()).get("amount")).isEqualTo(12.5);
        assertThat(((Struct) records.get(0).value()).get("amount")).isEqualTo(10L);
    }

    @Test
    void aRecordNeedingAnIncompatibleChangeIsDeadLetteredNamingTheFieldAndTheOthersFlow() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), "{\"id\":1,\"user\":{\"name\":\"ann\"}}\n"
                + "{\"id\":2,\"user\":\"bob\"}\n"
                + "{\"id\":3,\"user\":{\"name\":\"cy\"}}\n");
        List<SourceRecord> records = reader("output", "struct", "output.schema.sample.records", "1").poll(100);
        assertThat(data(records)).extracting(r -> ((Struct) r.value()).get("id")).containsExactly(1L, 3L);
        assertThat(data(records).get(1).valueSchema()).isSameAs(data(records).get(0).valueSchema());
        List<SourceRecord> letters = deadLetters(records);
        assertThat(letters).hasSize(1);
        SourceRecord letter = letters.get(0);
        assertThat(header(letter, ErrorHeaders.ERROR_STAGE)).isEqualTo("convert");
        assertThat(header(letter, ErrorHeaders.SOURCE_FILE)).isEqualTo("a.jsonl");
        assertThat(header(letter, ErrorHeaders.SOURCE_LINE)).isEqualTo("2");
        assertThat(header(letter, ErrorHeaders.ERROR_MESSAGE))
                .startsWith("field 'user' is a struct in the schema but a JSON string in this record")
                .doesNotContain("bob");
        assertThat(new String((byte[]) letter.value())).isEqualTo("{\"id\":2,\"user\":\"bob\"}");
        // The dead letter carries its input's offset: good plus dead-lettered records add up to the file.
        assertThat(records).extracting(r -> (Object) r.sourceOffset().get(FileOffset.LINES)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void textInANumberColumnOfALaterFileIsDeadLetteredNamingTheColumn() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "id,amount\n1,10\n");
        Files.writeString(dir.resolve("b.csv"), "id,amount\n2,n/a\n3,7\n");
        List<SourceRecord> records = reader("format", "csv", "file.order", "name").poll(100);
        assertThat(data(records)).extracting(r -> ((Struct) r.value()).get("id")).containsExactly(1L, 3L);
        assertThat(data(records).get(1).valueSchema()).isSameAs(data(records).get(0).valueSchema());
        SourceRecord letter = deadLetters(records).get(0);
        assertThat(header(letter, ErrorHeaders.SOURCE_FILE)).isEqualTo("b.csv");
        assertThat(header(letter, ErrorHeaders.ERROR_MESSAGE)).isEqualTo("column 'amount' is not a valid int64");
    }

    @Test
    void anInt32FieldOfTheStartingSchemaWidensToInt64ForALargerValue() throws IOException {
        // As it starts from a schema registered with narrower integers (e.g. by another producer).
        Schema registered = SchemaBuilder.struct().name("events")
                .field("id", Schema.OPTIONAL_INT32_SCHEMA).field("user", Schema.OPTIONAL_STRING_SCHEMA).build();
        Files.writeString(dir.resolve("a.jsonl"), "{\"id\":7,\"user\":\"ann\"}\n{\"id\":5000000000}\n");
        FileOpener opener = new FileOpener(TestConfigs.config(dir, "output", "struct", "output.schema.name", "events",
                "output.schema.sample.records", "1"), registered);
        List<ReadResult.Parsed> read = new ArrayList<>();
        try (RecordReader reader = opener.open(dir.resolve("a.jsonl"), 0, 0, true)) {
            ReadResult r;
            while ((r = reader.next()) != null) {
                read.add((ReadResult.Parsed) r);
            }
        }
        assertThat(read.get(0).schema()).isSameAs(registered);
        assertThat(((Struct) read.get(0).value()).get("id")).isEqualTo(7);
        Schema widened = read.get(1).schema();
        assertThat(widened.field("id").schema()).isEqualTo(Schema.OPTIONAL_INT64_SCHEMA);
        assertThat(widened.field("user").schema()).isEqualTo(Schema.OPTIONAL_STRING_SCHEMA);
        assertThat(((Struct) read.get(1).value()).get("id")).isEqualTo(5_000_000_000L);
        assertThat(opener.inferredSchema()).isSameAs(widened);
    }
}
