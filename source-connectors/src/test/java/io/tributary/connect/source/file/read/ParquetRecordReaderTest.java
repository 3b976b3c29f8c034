package io.tributary.connect.source.file.read;

import io.tributary.connect.common.parquet.ParquetCodecs;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetRecordReaderTest {

    private static final org.apache.avro.Schema ROW = SchemaBuilder.record("Row").fields().requiredLong("id")
            .endRecord();

    @TempDir
    Path dir;

    private Path write(String name, int rows) throws IOException {
        Path file = dir.resolve(name);
        try (ParquetWriter<GenericRecord> writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
                .withSchema(ROW).withDataModel(GenericData.get()).withConf(new PlainParquetConfiguration())
                .withCodecFactory(new ParquetCodecs()).withRowGroupSize(1024L).withPageSize(256).build()) {
            for (long i = 1; i <= rows; i++) {
                GenericRecord row = new GenericData.Record(ROW);
                row.put("id", i);
                writer.write(row);
            }
        }
        return file;
    }

    private static long idOf(ReadResult result) {
        return ((Struct) ((ReadResult.Parsed) result).value()).getInt64("id");
    }

    @Test
    void resumingAtAnyRowCountGivesTheNextRowWhetherInsideARowGroupOrAtItsEdge() throws IOException {
        Path file = write("rows.parquet", 700);
        for (long skip : new long[] {0, 1, 99, 100, 101, 350, 699}) {
            try (ParquetRecordReader reader = ParquetRecordReader.open(file, skip, true)) {
                ReadResult next = reader.next();
                assertThat(idOf(next)).as("after %d rows", skip).isEqualTo(skip + 1);
                assertThat(next.linesConsumed()).isEqualTo(skip + 1);
            }
        }
        try (ParquetRecordReader reader = ParquetRecordReader.open(file, 700, true)) {
            assertThat(reader.next()).isNull();
            assertThat(reader.exhausted()).isTrue();
            assertThat(reader.bytesReadFromDisk()).isEqualTo(Files.size(file));
        }
    }

    @Test
    void aFileWithoutItsFooterIsNotReadyWhileItMayGrowAndNotParquetOnceComplete() throws IOException {
        byte[] whole = Files.readAllBytes(write("whole.parquet", 50));
        Path cut = dir.resolve("cut.parquet");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 10));
        assertThatThrownBy(() -> ParquetRecordReader.open(cut, 0, false)).isInstanceOf(FileNotReadyException.class);
        assertThatThrownBy(() -> ParquetRecordReader.open(cut, 0, true)).isInstanceOf(IOException.class)
                .isNotInstanceOf(FileNotReadyException.class).hasMessageContaining("not a Parquet file");
    }
}
