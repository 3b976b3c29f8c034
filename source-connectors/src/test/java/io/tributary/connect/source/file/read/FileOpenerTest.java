package io.tributary.connect.source.file.read;

import io.airlift.compress.zstd.ZstdOutputStream;
import io.tributary.connect.source.file.TestConfigs;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FileOpenerTest {

    @TempDir
    Path dir;

    private List<ReadResult> readAll(Path file, String... config) throws IOException {
        return readFrom(file, 0, 0, config);
    }

    private List<ReadResult> readFrom(Path file, long position, long lines, String... config) throws IOException {
        List<ReadResult> results = new ArrayList<>();
        try (RecordReader reader = new FileOpener(TestConfigs.config(dir, config)).open(file, position, lines, true)) {
            ReadResult r;
            while ((r = reader.next()) != null) {
                results.add(r);
            }
            assertThat(reader.exhausted()).isTrue();
        }
        return results;
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private static ReadResult.Failed failed(ReadResult r) {
        assertThat(r).isInstanceOf(ReadResult.Failed.class);
        return (ReadResult.Failed) r;
    }

    @Test
    void jsonLinesBecomeMapsAndEachMalformedLineAFailureWithItsPosition() throws IOException {
        byte[] invalidUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.write("{\"id\":1,\"user\":{\"name\":\"ann\"}}\n".getBytes(StandardCharsets.UTF_8));
        content.write("{\"id\":2,\"user\":\n".getBytes(StandardCharsets.UTF_8));
        content.write(invalidUtf8);
        content.write('\n');
        content.write("not json at all\n\n{\"id\":3,\"big\":123456789012345678901234567890}\n".getBytes(StandardCharsets.UTF_8));
        List<ReadResult> results = readAll(write("a.jsonl", content.toByteArray()));

        assertThat(results).hasSize(5);
        ReadResult.Parsed first = (ReadResult.Parsed) results.get(0);
        assertThat(first.value()).isEqualTo(Map.of("id", 1L, "user", Map.of("name", "ann")));
        assertThat(first.schema()).isNull();

        ReadResult.Failed truncated = failed(results.get(1));
        assertThat(truncated.message()).startsWith("truncated JSON");
        assertThat(truncated.firstLine()).isEqualTo(2);
        assertThat(truncated.startPosition()).isEqualTo(31);
        assertThat(new String(truncated.raw(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":2,\"user\":");

        ReadResult.Failed utf8 = failed(results.get(2));
        assertThat(utf8.message()).startsWith("invalid UTF-8");
        assertThat(utf8.raw()).isEqualTo(invalidUtf8);

        ReadResult.Failed notJson = failed(results.get(3));
        assertThat(notJson.message()).startsWith("malformed JSON").doesNotContain("not json");
        assertThat(notJson.stage()).isEqualTo("parse");

        ReadResult.Parsed big = (ReadResult.Parsed) results.get(4);
        assertThat(((Map<?, ?>) big.value()).get("big")).isInstanceOf(Double.class);
        assertThat(big.firstLine()).isEqualTo(6);
    }

    @Test
    void gzipAndZstdAreDetectedFromTheirMagicBytesWhateverTheName() throws IOException {
        String lines = "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n";
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream zst = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStream(zst)) {
            out.write(lines.getBytes(StandardCharsets.UTF_8));
        }
        for (Path file : List.of(write("events.jsonl", gz.toByteArray()), write("events2.data", zst.toByteArray()))) {
            List<ReadResult> all = readAll(file);
            assertThat(all).extracting(r -> ((ReadResult.Parsed) r).value())
                    .containsExactly(Map.of("n", 1L), Map.of("n", 2L), Map.of("n", 3L));
            // Resuming a compressed file at a byte position of its decompressed content.
            long afterFirst = all.get(0).endPosition();
            assertThat(readFrom(file, afterFirst, 1)).extracting(r -> ((ReadResult.Parsed) r).value())
                    .containsExactly(Map.of("n", 2L), Map.of("n", 3L));
        }
    }

    @Test
    void aGzipFileCorruptMidwayYieldsItsGoodRecordsThenAReadFailure() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            for (int i = 0; i < 2000; i++) {
                out.write(("{\"n\":" + i + ",\"pad\":\"" + Integer.toHexString(i * 7919) + "\"}\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = gz.toByteArray();
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        List<ReadResult> results = readAll(write("cut.jsonl.gz", cut));
        ReadResult last = results.get(results.size() - 1);
        assertThat(failed(last).endsFile()).isTrue();
        assertThat(results.subList(0, results.size() - 1)).allMatch(r -> r instanceof ReadResult.Parsed).isNotEmpty();
    }

    @Test
    void csvColumnTypesAreInferredFromTheHeaderAndASample() throws IOException {
        Path file = write("people.csv", "id,name,score,active,note\n1,ann,9.5,true,\n2,bob,7,false,x\n3,cy,n/a,true,y\n4,dee,8,maybe,z,extra\n5,eve\n");
        List<ReadResult> results = readAll(file, "format", "csv", "output.schema.sample.records", "2");

        ReadResult.Parsed ann = (ReadResult.Parsed) results.get(0);
        Schema schema = ann.schema();
        assertThat(schema.field("id").schema().type()).isEqualTo(Schema.Type.INT64);
        assertThat(schema.field("name").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.field("score").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(schema.field("active").schema().type()).isEqualTo(Schema.Type.BOOLEAN);
        Struct struct = (Struct) ann.value();
        assertThat(struct.getInt64("id")).isEqualTo(1L);
        assertThat(struct.getFloat64("score")).isEqualTo(9.5);
        assertThat(struct.get("note")).isNull();
        assertThat(((Struct) ((ReadResult.Parsed) results.get(1)).value()).getFloat64("score")).isEqualTo(7.0);

        ReadResult.Failed wrongType = failed(results.get(2));
        assertThat(wrongType.stage()).isEqualTo("convert");
        assertThat(wrongType.message()).isEqualTo("column 'score' is not a valid float64");
        assertThat(wrongType.firstLine()).isEqualTo(4);

        assertThat(failed(results.get(3)).message()).isEqualTo("row has 6 fields, expected 5 (too many)");
        assertThat(failed(results.get(4)).message()).isEqualTo("row has 2 fields, expected 5 (too few)");
    }

    @Test
    void aQuotedCsvFieldMaySpanLinesAndTheRecordEndsAfterItsLastLine() throws IOException {
        Path file = write("multi.csv", "id,comment\n1,\"line one\nline two, with comma\"\n2,plain\n");
        List<ReadResult> results = readAll(file, "format", "csv");
        ReadResult.Parsed first = (ReadResult.Parsed) results.get(0);
        assertThat(((Struct) first.value()).getString("comment")).isEqualTo("line one\nline two, with comma");
        assertThat(first.firstLine()).isEqualTo(2);
        assertThat(first.linesConsumed()).isEqualTo(3);
        // Resuming right after the multi-line record yields only the next one, header skipped.
        assertThat(readFrom(file, first.endPosition(), first.linesConsumed(), "format", "csv"))
                .extracting(r -> ((Struct) ((ReadResult.Parsed) r).value()).getString("comment"))
                .containsExactly("plain");
    }

    @Test
    void csvWithADeclaredSchemaMapsColumnsByHeaderName() throws IOException {
        Path file = write("orders.tsv", "amount\tid\n12.50\t7\n");
        List<ReadResult> results = readAll(file, "format", "tsv", "output.schema", "id:int32, amount:decimal(2), missing:string?");
        Struct order = (Struct) ((ReadResult.Parsed) results.get(0)).value();
        assertThat(order.getInt32("id")).isEqualTo(7);
        assertThat(order.get("amount")).isEqualTo(new java.math.BigDecimal("12.50"));
        assertThat(order.get("missing")).isNull();
    }

    @Test
    void csvWithoutHeaderAsMapsNamesColumnsByPosition() throws IOException {
        Path file = write("raw.csv", "a;b\nc;d\n");
        List<ReadResult> results = readAll(file, "format", "csv", "format.csv.header.enabled", "false",
                "format.csv.delimiter", ";", "output", "map");
        assertThat(results).extracting(r -> ((ReadResult.Parsed) r).value())
                .containsExactly(Map.of("column1", "a", "column2", "b"), Map.of("column1", "c", "column2", "d"));
    }

    @Test
    void jsonStructsFollowADeclaredOrInferredSchema() throws IOException {
        Path file = write("s.jsonl", "{\"id\":1,\"tags\":[\"a\"],\"geo\":{\"lat\":1.5}}\n{\"id\":\"two\"}\n");
        List<ReadResult> declared = readAll(file, "output", "struct", "output.schema", "id:int64, name:string?");
        assertThat(((Struct) ((ReadResult.Parsed) declared.get(0)).value()).getInt64("id")).isEqualTo(1L);
        assertThat(failed(declared.get(1)).message()).isEqualTo("field 'id' should be an integer but is a JSON string");

        List<ReadResult> inferred = readAll(file, "output", "struct");
        Schema schema = ((ReadResult.Parsed) inferred.get(0)).schema();
        // 1 and "two" disagree, so id widens to string: both lines fit.
        assertThat(schema.field("id").schema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.field("tags").schema().valueSchema().type()).isEqualTo(Schema.Type.STRING);
        assertThat(schema.field("geo").schema().field("lat").schema().type()).isEqualTo(Schema.Type.FLOAT64);
        assertThat(inferred).allMatch(r -> r instanceof ReadResult.Parsed);
    }

    @Test
    void avroContainerFilesAreReadAsStructsAndResumedByRecordIndex() throws IOException {
        org.apache.avro.Schema schema = SchemaBuilder.record("Reading").namespace("io.example").fields()
                .requiredLong("id").optionalString("sensor").endRecord();
        Path file = dir.resolve("r.avro");
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            writer.create(schema, file.toFile());
            for (long i = 1; i <= 3; i++) {
                GenericRecord r = new GenericData.Record(schema);
                r.put("id", i);
                r.put("sensor", i == 2 ? null : "s" + i);
                writer.append(r);
            }
        }
        List<ReadResult> all = readAll(file, "format", "avro");
        assertThat(all).extracting(r -> ((Struct) ((ReadResult.Parsed) r).value()).getInt64("id")).containsExactly(1L, 2L, 3L);
        assertThat(((ReadResult.Parsed) all.get(0)).schema().name()).isEqualTo("io.example.Reading");
        assertThat(readFrom(file, 0, 2, "format", "avro"))
                .extracting(r -> ((Struct) ((ReadResult.Parsed) r).value()).getInt64("id")).containsExactly(3L);
    }

    @Test
    void emptyAndBinaryFilesNeverThrow() throws IOException {
        assertThat(readAll(write("empty.jsonl", ""))).isEmpty();
        assertThat(readAll(write("empty.csv", ""), "format", "csv")).isEmpty();
        byte[] binary = new byte[20_000];
        new java.util.Random(1).nextBytes(binary);
        List<ReadResult> results = readAll(write("noise.bin", binary), "format.line.max.bytes", "4096");
        assertThat(results).isNotEmpty().allMatch(r -> r instanceof ReadResult.Failed);
        long consumed = results.get(results.size() - 1).endPosition();
        assertThat(consumed).isEqualTo(binary.length);
    }

    @Test
    void plainLinesAreStringsBlankOnesIncluded() throws IOException {
        List<ReadResult> results = readAll(write("app.log", "start\n\nend\n"), "format", "lines");
        assertThat(results).extracting(r -> ((ReadResult.Parsed) r).value()).containsExactly("start", "", "end");
    }
}
