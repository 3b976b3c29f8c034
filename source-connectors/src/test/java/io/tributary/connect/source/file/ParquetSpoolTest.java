package io.tributary.connect.source.file;

import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.common.metrics.TaskMetrics;
import io.tributary.connect.common.parquet.ParquetCodecs;
import io.tributary.connect.source.file.offset.FileOffset;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The file source's format=parquet through the spool reader: rows as Structs, resume points, broken files. */
class ParquetSpoolTest {

    private static final org.apache.avro.Schema READING = SchemaBuilder.record("Reading").namespace("io.tributary.test")
            .fields().requiredLong("id").optionalString("sensor").requiredDouble("value").endRecord();

    @TempDir
    Path dir;
    private final MockTime time = new MockTime();
    private final InMemoryOffsets offsets = new InMemoryOffsets();

    private FileSourceMode reader(String... config) {
        String[] all = new String[config.length + 2];
        all[0] = "format";
        all[1] = "parquet";
        System.arraycopy(config, 0, all, 2, config.length);
        return FileSourceModes.create(TestConfigs.config(dir, all), "test", offsets, TaskMetrics.none(), time);
    }

    /** An Avro-schema'd Parquet file in row groups of about a hundred rows (parquet-java checks sizes that often). */
    private Path writeReadings(String name, int rows) throws IOException {
        Path file = dir.resolve(name);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(READING).withDataModel(GenericData.get()).withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).withCompressionCodec(CompressionCodecName.ZSTD)
                .withRowGroupSize(1024L).withPageSize(512).build()) {
            for (long i = 1; i <= rows; i++) {
                GenericRecord row = new GenericData.Record(READING);
                row.put("id", i);
                row.put("sensor", i % 4 == 0 ? null : "s" + i % 3);
                row.put("value", i * 0.5);
                writer.write(row);
            }
        }
        return file;
    }

    private static long id(SourceRecord record) {
        return ((Struct) record.value()).getInt64("id");
    }

    @Test
    void everyRowBecomesAStructOfTheFilesSchemaAndTheLastCarriesEof() throws IOException {
        writeReadings("a.parquet", 250);
        FileSourceMode mode = reader();
        List<SourceRecord> records = mode.poll(1000);
        assertThat(records).hasSize(250);
        assertThat(records).extracting(ParquetSpoolTest::id).startsWith(1L, 2L, 3L).endsWith(250L);
        Struct fourth = (Struct) records.get(3).value();
        assertThat(fourth.schema().name()).isEqualTo("io.tributary.test.Reading");
        assertThat(fourth.schema().field("sensor").schema().isOptional()).isTrue();
        assertThat(fourth.get("sensor")).isNull();
        assertThat(((Struct) records.get(2).value()).getString("sensor")).isEqualTo("s0");
        assertThat(fourth.getFloat64("value")).isEqualTo(2.0);
        Map<String, ?> last = records.get(249).sourceOffset();
        assertThat(last.get(FileOffset.LINES)).isEqualTo(250L);
        assertThat(last.get(FileOffset.POSITION)).isEqualTo(0L);
        assertThat(last.get(FileOffset.EOF)).isEqualTo(true);
    }

    @Test
    void restartsAfterEverySevenRowsAcrossRowGroupsReadEachRowOnceInOrder() throws IOException {
        Path file = writeReadings("a.parquet", 1000);
        assertThat(org.apache.parquet.hadoop.ParquetFileReader.open(new org.apache.parquet.io.LocalInputFile(file),
                org.apache.parquet.ParquetReadOptions.builder(new PlainParquetConfiguration())
                        .withCodecFactory(new ParquetCodecs()).build()).getRowGroups().size())
                .as("several row groups, so resuming skips whole ones").isGreaterThan(3);
        List<Long> ids = new ArrayList<>();
        for (int restarts = 0; restarts < 200 && ids.size() < 1000; restarts++) {
            FileSourceMode mode = reader("batch.max.records", "7", "spool.cleanup.policy", "none");
            List<SourceRecord> batch = mode.poll(7);
            offsets.commit(batch);
            batch.forEach(r -> ids.add(id(r)));
            mode.close();
        }
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 1000; i++) {
            expected.add(i);
        }
        assertThat(ids).isEqualTo(expected);
    }

    @Test
    void aFileFromAWriterWithoutAnAvroSchemaIsReadFromItsParquetSchema() throws IOException {
        MessageType schema = MessageTypeParser.parseMessageType(
                "message sensor_row { required int64 id; optional binary name (STRING); required boolean ok; }");
        Path file = dir.resolve("plain.parquet");
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
                .withConf(new PlainParquetConfiguration()).withCodecFactory(new ParquetCodecs())
                .withCompressionCodec(CompressionCodecName.GZIP).build()) {
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            writer.write(groups.newGroup().append("id", 7L).append("name", "seven").append("ok", true));
            writer.write(groups.newGroup().append("id", 8L).append("ok", false));
        }
        List<SourceRecord> records = reader().poll(100);
        assertThat(records).hasSize(2);
        Struct first = (Struct) records.get(0).value();
        assertThat(first.schema().field("id").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(first.getInt64("id")).isEqualTo(7L);
        assertThat(first.getString("name")).isEqualTo("seven");
        assertThat(first.getBoolean("ok")).isTrue();
        assertThat(((Struct) records.get(1).value()).get("name")).isNull();
    }

    @Test
    void aFileThatIsNotParquetBecomesOneDeadLetterAndMovesToTheErrorDirectory() throws IOException {
        Files.writeString(dir.resolve("broken.parquet"), "PAR1 but no footer at all");
        FileSourceMode mode = reader();
        List<SourceRecord> records = mode.poll(100);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).topic()).isEqualTo("events-dlq");
        assertThat(String.valueOf(records.get(0).headers().lastWithName(ErrorHeaders.ERROR_MESSAGE).value()))
                .contains("not a Parquet file");
        records.forEach(mode::acknowledged);
        mode.poll(100);
        assertThat(dir.resolve("error/broken.parquet")).exists();
    }
}
