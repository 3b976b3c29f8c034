package io.tributary.connect.sink.file.format;

import io.tributary.connect.sink.file.config.FileSinkConfig;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParquetFormatTest {

    static final Schema ADDRESS = SchemaBuilder.struct().name("Address").field("city", Schema.STRING_SCHEMA)
            .field("zip", Schema.OPTIONAL_STRING_SCHEMA).build();
    static final Schema ORDER = SchemaBuilder.struct().name("io.tributary.test.Order")
            .field("id", Schema.INT64_SCHEMA)
            .field("customer", Schema.OPTIONAL_STRING_SCHEMA)
            .field("amount", Decimal.builder(2).build())
            .field("placed", Timestamp.SCHEMA)
            .field("day", Date.SCHEMA)
            .field("paid", Schema.BOOLEAN_SCHEMA)
            .field("ratio", Schema.FLOAT64_SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .field("attributes", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT32_SCHEMA).build())
            .field("address", ADDRESS)
            .build();

    @TempDir
    Path dir;

    static Struct order(long id) {
        return new Struct(ORDER).put("id", id).put("customer", id % 3 == 0 ? null : "c" + id)
                .put("amount", new BigDecimal(id).movePointLeft(2).add(BigDecimal.ONE))
                .put("placed", new java.util.Date(1_700_000_000_000L + id))
                .put("day", new java.util.Date(86_400_000L * (19_000 + id % 5)))
                .put("paid", id % 2 == 0).put("ratio", id / 4.0)
                .put("tags", List.of("t" + id, "all")).put("attributes", Map.of("n", (int) id))
                .put("address", new Struct(ADDRESS).put("city", "city" + id % 7).put("zip", null));
    }

    static SinkRecord record(long offset, Schema schema, Object value) {
        return new SinkRecord("orders", 0, null, null, schema, value, offset);
    }

    private Path write(ParquetFormat format, List<SinkRecord> records) throws IOException {
        Path file = dir.resolve("out-" + System.nanoTime() + ".parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            RecordFileWriter writer = format.open(out, records.get(0));
            for (SinkRecord record : records) {
                writer.write(record);
            }
            writer.finish();
        }
        return file;
    }

    private static ParquetFormat format(String codec) {
        return new ParquetFormat(FileSinkConfig.ParquetCompression.valueOf(codec), 32L << 20, 1 << 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SNAPPY", "ZSTD", "GZIP", "UNCOMPRESSED"})
    void everyRowAndValueIsReadBackWithTheChosenCodec(String codec) throws IOException {
        List<SinkRecord> records = java.util.stream.LongStream.range(0, 500)
                .mapToObj(i -> record(i, ORDER, order(i))).toList();
        Path file = write(format(codec), records);

        ParquetMetadata footer = ParquetRows.footer(file);
        assertThat(footer.getBlocks()).allSatisfy(block -> assertThat(block.getColumns())
                .allSatisfy(c -> assertThat(c.getCodec()).isEqualTo(CompressionCodecName.valueOf(codec))));
        List<GenericRecord> rows = ParquetRows.read(file);
        assertThat(rows).hasSize(500);
        GenericRecord row = rows.get(7);
        assertThat(row.getSchema().getFullName()).isEqualTo("io.tributary.test.Order");
        assertThat(row.get("id")).isEqualTo(7L);
        assertThat(row.get("customer").toString()).isEqualTo("c7");
        assertThat(rows.get(9).get("customer")).isNull();
        assertThat(new BigDecimal(new java.math.BigInteger(((java.nio.ByteBuffer) row.get("amount")).array()), 2))
                .isEqualByComparingTo("1.07");
        assertThat(row.get("placed")).isEqualTo(1_700_000_000_007L);
        assertThat(row.get("day")).isEqualTo(19_002);
        assertThat(row.get("paid")).isEqualTo(false);
        assertThat(row.get("ratio")).isEqualTo(1.75);
        assertThat(row.get("tags").toString()).isEqualTo("[t7, all]");
        assertThat(row.get("attributes").toString()).isEqualTo("{n=7}");
        assertThat(((GenericRecord) row.get("address")).get("city").toString()).isEqualTo("city0");
    }

    @Test
    void aSmallRowGroupSizeGivesSeveralRowGroupsAndCountsBufferedBytes() throws IOException {
        ParquetFormat format = new ParquetFormat(FileSinkConfig.ParquetCompression.UNCOMPRESSED, 64 * 1024, 4096);
        Path file = dir.resolve("groups.parquet");
        long bufferedBeforeFinish;
        try (OutputStream out = Files.newOutputStream(file)) {
            RecordFileWriter writer = format.open(out, record(0, ORDER, order(0)));
            for (long i = 0; i < 5000; i++) {
                writer.write(record(i, ORDER, order(i)));
            }
            bufferedBeforeFinish = writer.bufferedBytes();
            writer.finish();
        }
        assertThat(bufferedBeforeFinish).as("rows held in memory count towards rotate.bytes").isPositive();
        List<BlockMetaData> blocks = ParquetRows.footer(file).getBlocks();
        assertThat(blocks.size()).isGreaterThan(1);
        assertThat(blocks.stream().mapToLong(BlockMetaData::getRowCount).sum()).isEqualTo(5000);
        assertThat(ParquetRows.read(file)).extracting(r -> r.get("id")).startsWith(0L, 1L).endsWith(4999L);
    }

    @Test
    void aValueThatDoesNotFitIsRefusedWholeAndTheFileStaysReadable() throws IOException {
        Path file = dir.resolve("refused.parquet");
        try (OutputStream out = Files.newOutputStream(file)) {
            RecordFileWriter writer = format("SNAPPY").open(out, record(0, ORDER, order(0)));
            writer.write(record(0, ORDER, order(0)));
            // The schema says Struct, the value is a map: conversion fails before parquet-java sees a field.
            assertThatThrownBy(() -> writer.write(record(1, ORDER, Map.of("id", 1L))))
                    .isInstanceOf(DataException.class).hasMessageContaining("format 'parquet'");
            assertThatThrownBy(() -> writer.write(record(2, ORDER, null)))
                    .isInstanceOf(DataException.class).hasMessageContaining("null");
            writer.write(record(3, ORDER, order(3)));
            writer.finish();
        }
        assertThat(ParquetRows.read(file)).extracting(r -> r.get("id")).containsExactly(0L, 3L);
    }

    @Test
    void schemalessAndNonStructRecordsCannotStartAFile() {
        assertThatThrownBy(() -> format("SNAPPY").open(OutputStream.nullOutputStream(),
                record(0, null, Map.of("id", 1))))
                .isInstanceOf(DataException.class).hasMessageContaining("needs records with a value schema");
        assertThatThrownBy(() -> format("SNAPPY").open(OutputStream.nullOutputStream(),
                record(0, Schema.STRING_SCHEMA, "text")))
                .isInstanceOf(DataException.class).hasMessageContaining("writes Struct values");
    }

    @Test
    void anotherSchemaIsNotAcceptedIntoTheSameFile() throws IOException {
        Schema other = SchemaBuilder.struct().name("Other").field("id", Schema.INT64_SCHEMA).build();
        RecordFileWriter writer = format("SNAPPY").open(OutputStream.nullOutputStream(), record(0, ORDER, order(0)));
        assertThat(writer.accepts(record(1, ORDER, order(1)))).isTrue();
        assertThat(writer.accepts(record(2, other, new Struct(other).put("id", 2L)))).isFalse();
    }

    @Test
    void fileCompressionAroundParquetIsRefused() {
        assertThatThrownBy(() -> new FileSinkConfig(Map.of("file.path", dir.toString(), "format", "parquet",
                "format.compression", "gzip")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("format.parquet.compression");
        assertThatThrownBy(() -> new FileSinkConfig(Map.of("file.path", dir.toString(), "format", "parquet",
                "format.parquet.row.group.size", "65536", "format.parquet.page.size", "100000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not exceed");
    }
}
