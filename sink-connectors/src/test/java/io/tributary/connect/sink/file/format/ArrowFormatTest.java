package io.tributary.connect.sink.file.format;

import io.tributary.connect.sink.file.config.FileSinkConfig;
import io.tributary.connect.sink.file.config.FileSinkConfig.ArrowCompression;
import io.tributary.connect.sink.file.config.FileSinkConfig.ArrowIpc;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrowFormatTest {

    static final Schema POINT = SchemaBuilder.struct().name("Point").optional()
            .field("x", Schema.INT32_SCHEMA).field("label", Schema.OPTIONAL_STRING_SCHEMA).build();
    /** Every Connect type, optional and required, nested and not. */
    static final Schema ROW = SchemaBuilder.struct().name("io.tributary.test.Everything").version(3)
            .field("i8", Schema.INT8_SCHEMA)
            .field("i16", Schema.INT16_SCHEMA)
            .field("i32", Schema.INT32_SCHEMA)
            .field("i64", Schema.INT64_SCHEMA)
            .field("f32", Schema.FLOAT32_SCHEMA)
            .field("f64", Schema.OPTIONAL_FLOAT64_SCHEMA)
            .field("flag", Schema.BOOLEAN_SCHEMA)
            .field("text", Schema.OPTIONAL_STRING_SCHEMA)
            .field("raw", Schema.BYTES_SCHEMA)
            .field("amount", Decimal.builder(2).optional().build())
            .field("big", Decimal.builder(0).parameter("connect.decimal.precision", "50").build())
            .field("day", Date.SCHEMA)
            .field("at", Time.SCHEMA)
            .field("placed", Timestamp.SCHEMA)
            .field("tags", SchemaBuilder.array(Schema.OPTIONAL_STRING_SCHEMA).build())
            .field("points", SchemaBuilder.array(POINT).optional().build())
            .field("attributes", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_INT64_SCHEMA).build())
            .field("where", POINT)
            .build();

    @TempDir
    Path dir;

    static Struct row(long i) {
        Struct point = new Struct(POINT).put("x", (int) -i).put("label", "w" + i);
        List<String> tags = new ArrayList<>();
        if (i % 2 == 0) {
            tags.add("t" + i);
            tags.add(null);
            tags.add("all");
        }
        Map<String, Long> attributes = new TreeMap<>();
        attributes.put("a", i);
        attributes.put("b", null);
        return new Struct(ROW)
                .put("i8", (byte) i).put("i16", (short) (i * 3)).put("i32", (int) i * 1000)
                .put("i64", i * 1_000_000_007L).put("f32", i / 8f).put("f64", i % 7 == 0 ? null : i * 0.1)
                .put("flag", i % 2 == 0).put("text", i % 4 == 0 ? null : "text " + i + " ü")
                .put("raw", i % 2 == 0 ? new byte[] {(byte) i, 0, (byte) 255}
                        : ByteBuffer.wrap(new byte[] {9, (byte) i, 0, (byte) 255, 9}, 1, 3))
                .put("amount", i % 5 == 0 ? null : new BigDecimal(i).movePointLeft(2))
                .put("big", new BigDecimal(BigInteger.TEN.pow(45).add(BigInteger.valueOf(i))))
                .put("day", new java.util.Date(86_400_000L * (19_000 + i % 30)))
                .put("at", new java.util.Date(i * 1_001 % 86_400_000L))
                .put("placed", new java.util.Date(1_700_000_000_000L + i))
                .put("tags", tags)
                .put("points", i % 3 == 0 ? null : List.of(new Struct(POINT).put("x", (int) i).put("label", null),
                        new Struct(POINT).put("x", (int) i + 1).put("label", "p")))
                .put("attributes", attributes)
                .put("where", i % 2 == 0 ? null : point);
    }

    /** The row as Arrow's Java vectors give it back ({@link ArrowRows#plain}). */
    static Map<String, Object> expected(long i) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("i8", (byte) i);
        row.put("i16", (short) (i * 3));
        row.put("i32", (int) i * 1000);
        row.put("i64", i * 1_000_000_007L);
        row.put("f32", i / 8f);
        row.put("f64", i % 7 == 0 ? null : i * 0.1);
        row.put("flag", i % 2 == 0);
        row.put("text", i % 4 == 0 ? null : "text " + i + " ü");
        row.put("raw", "hex:" + HexFormat.of().formatHex(new byte[] {(byte) i, 0, (byte) 255}));
        row.put("amount", i % 5 == 0 ? null : new BigDecimal(i).movePointLeft(2));
        row.put("big", new BigDecimal(BigInteger.TEN.pow(45).add(BigInteger.valueOf(i))));
        row.put("day", (int) (19_000 + i % 30));
        row.put("at", LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plusNanos(i * 1_001 % 86_400_000L * 1_000_000));
        row.put("placed", 1_700_000_000_000L + i);
        row.put("tags", i % 2 == 0 ? java.util.Arrays.asList("t" + i, null, "all") : List.of());
        row.put("points", i % 3 == 0 ? null : List.of(Map.of("x", (int) i), Map.of("x", (int) i + 1, "label", "p")));
        row.put("attributes", List.of(Map.of("key", "a", "value", i), Map.of("key", "b")));
        row.put("where", i % 2 == 0 ? null : Map.of("x", (int) -i, "label", "w" + i));
        return row;
    }

    static SinkRecord record(long offset, Schema schema, Object value) {
        return new SinkRecord("orders", 0, null, null, schema, value, offset);
    }

    private static Path write(Path file, ArrowFormat format, List<SinkRecord> records) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            RecordFileWriter writer = format.open(out, records.get(0));
            for (SinkRecord record : records) {
                writer.write(record);
            }
            writer.finish();
        }
        return file;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FILE, NONE", "FILE, LZ4_FRAME", "FILE, ZSTD", "STREAM, NONE", "STREAM, LZ4_FRAME", "STREAM, ZSTD"})
    void everyRowAndValueIsReadBackByArrowsJavaReader(ArrowIpc ipc, ArrowCompression compression) throws IOException {
        try (ArrowFormat format = new ArrowFormat(ipc, 128, compression)) {
            assertThat(format.extension()).isEqualTo(ipc == ArrowIpc.FILE ? ".arrow" : ".arrows");
            Path file = write(dir.resolve("rows" + format.extension()), format,
                    LongStream.range(0, 500).mapToObj(i -> record(i, ROW, row(i))).toList());

            ArrowRows.Read read = ArrowRows.read(file);
            assertThat(read.file()).isEqualTo(ipc == ArrowIpc.FILE);
            assertThat(read.batchRows()).containsExactly(128, 128, 128, 116);
            assertThat(read.rows()).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(ArrowRows.plain(read.rows().get(i))).as("row " + i)
                        .isEqualTo(ArrowRows.plain(expected(i)));
            }
            assertThat(ArrowRows.batchCodecs(file)).hasSize(4).containsOnly(switch (compression) {
                case NONE -> -1;
                case LZ4_FRAME -> 0;
                case ZSTD -> 1;
            });
            assertThat(format.allocatedBytes()).isZero();
        }
    }

    /**
     * A string column all null and a list column without elements have empty buffers; a compressed batch must
     * give each one length -1 (uncompressed), never 0, which Arrow C++ and pyarrow refuse (apache/arrow-java#1196).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FILE, LZ4_FRAME", "FILE, ZSTD", "STREAM, LZ4_FRAME", "STREAM, ZSTD"})
    void emptyBuffersOfACompressedBatchAreMarkedUncompressedNotZeroLength(ArrowIpc ipc, ArrowCompression compression)
            throws IOException {
        // ArrowSamples closes its format, which throws if the compressed batches left memory allocated.
        Path file = ArrowSamples.write(dir.resolve("empty.arrow"), ipc.name(), compression.name(), 50, 100);
        List<Long> prefixes = ArrowRows.bufferPrefixes(file);
        assertThat(prefixes).as("buffer lengths").isNotEmpty().doesNotContain(0L)
                .allMatch(length -> length == -1 || length > 0).contains(-1L);
        List<Map<String, Object>> rows = ArrowRows.read(file).rows();
        assertThat(rows).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(ArrowRows.plain(rows.get(i))).as("row " + i).isEqualTo(Map.of("id", (long) i,
                    "tags", List.of(), "blank", "", "text", ArrowSamples.text(i)));
        }
    }

    /**
     * What Arrow's Java reader does not check: the file's magic padded with zeros to 8 bytes; the end-of-stream
     * marker (continuation token, length 0) ending a stream, and in a file right before the footer, which is
     * followed by its length and the magic.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"NONE", "ZSTD"})
    void theIpcFramingIsArrowsByteForByte(ArrowCompression compression) throws IOException {
        byte[] eos = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0};
        List<SinkRecord> records = LongStream.range(0, 300).mapToObj(i -> record(i, ROW, row(i))).toList();
        try (ArrowFormat files = new ArrowFormat(ArrowIpc.FILE, 128, compression);
             ArrowFormat streams = new ArrowFormat(ArrowIpc.STREAM, 128, compression)) {
            byte[] file = Files.readAllBytes(write(dir.resolve("framing.arrow"), files, records));
            byte[] stream = Files.readAllBytes(write(dir.resolve("framing.arrows"), streams, records));

            assertThat(java.util.Arrays.copyOfRange(file, 0, 8))
                    .isEqualTo(new byte[] {'A', 'R', 'R', 'O', 'W', '1', 0, 0});
            assertThat(java.util.Arrays.copyOfRange(file, file.length - 6, file.length))
                    .isEqualTo("ARROW1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            int footerLength = ByteBuffer.wrap(file, file.length - 10, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            int footerStart = file.length - 10 - footerLength;
            assertThat(footerLength).isPositive();
            assertThat(java.util.Arrays.copyOfRange(file, footerStart - 8, footerStart)).as("EOS before the footer")
                    .isEqualTo(eos);
            // Between the padded magic and the marker, the file's messages are the stream's, byte for byte.
            assertThat(java.util.Arrays.copyOfRange(file, 8, footerStart)).isEqualTo(stream);

            assertThat(java.util.Arrays.copyOfRange(stream, stream.length - 8, stream.length)).as("stream's end")
                    .isEqualTo(eos);
        }
    }

    @Test
    void connectTypesBecomeArrowTypesAndTheSchemaKeepsItsNameAndVersion() throws IOException {
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 100, ArrowCompression.NONE)) {
            Path file = write(dir.resolve("types.arrow"), format, List.of(record(0, ROW, row(1))));
            org.apache.arrow.vector.types.pojo.Schema schema = ArrowRows.read(file).schema();
            assertThat(schema.getCustomMetadata()).containsEntry("connect.name", "io.tributary.test.Everything")
                    .containsEntry("connect.version", "3");
            assertThat(schema.findField("i8").getType()).isEqualTo(new ArrowType.Int(8, true));
            assertThat(schema.findField("i64").isNullable()).isFalse();
            assertThat(schema.findField("f64").isNullable()).isTrue();
            assertThat(schema.findField("raw").getType()).isEqualTo(ArrowType.Binary.INSTANCE);
            assertThat(schema.findField("amount").getType()).isEqualTo(new ArrowType.Decimal(38, 2, 128));
            assertThat(schema.findField("big").getType()).isEqualTo(new ArrowType.Decimal(50, 0, 256));
            assertThat(schema.findField("day").getType()).isEqualTo(new ArrowType.Date(DateUnit.DAY));
            assertThat(schema.findField("at").getType()).isEqualTo(new ArrowType.Time(TimeUnit.MILLISECOND, 32));
            assertThat(schema.findField("placed").getType())
                    .isEqualTo(new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC"));
            assertThat(schema.findField("tags").getChildren().get(0).isNullable()).isTrue();
            assertThat(schema.findField("attributes").getType()).isEqualTo(new ArrowType.Map(false));
            assertThat(schema.findField("where").getChildren()).extracting(f -> f.getName())
                    .containsExactly("x", "label");
        }
    }

    @Test
    void batchesHoldTheConfiguredRowsAndTheOpenBatchCountsAsBufferedBytes() throws IOException {
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 300, ArrowCompression.NONE)) {
            Path file = dir.resolve("batches.arrow");
            try (OutputStream out = Files.newOutputStream(file)) {
                RecordFileWriter writer = format.open(out, record(0, ROW, row(0)));
                for (long i = 0; i < 299; i++) {
                    writer.write(record(i, ROW, row(i)));
                }
                long buffered = writer.bufferedBytes();
                assertThat(buffered).as("299 rows in memory").isGreaterThan(299L * 8);
                assertThat(Files.size(file)).as("nothing but the header written yet").isLessThan(buffered);
                writer.write(record(299, ROW, row(299)));
                assertThat(writer.bufferedBytes()).as("the full batch was written").isZero();
                for (long i = 300; i < 1000; i++) {
                    writer.write(record(i, ROW, row(i)));
                }
                writer.finish();
            }
            assertThat(ArrowRows.read(file).batchRows()).containsExactly(300, 300, 300, 100);
        }
    }

    @Test
    void aValueThatDoesNotFitIsRefusedWholeAndTheFileStaysReadable() throws IOException {
        Path file = dir.resolve("refused.arrow");
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 100, ArrowCompression.NONE);
             OutputStream out = Files.newOutputStream(file)) {
            RecordFileWriter writer = format.open(out, record(0, ROW, row(0)));
            writer.write(record(0, ROW, row(0)));
            assertRefused(writer, Map.of("i8", 1), "not a Struct");
            assertRefused(writer, null, "null value");
            assertRefused(writer, row(1).put("amount", new BigDecimal("1.5")), "'amount' has scale 1");
            assertRefused(writer, row(1).put("big", BigDecimal.TEN.pow(51)), "'big' has 52 digits");
            assertRefused(writer, row(1).put("day", new java.util.Date(86_400_000L + 5)), "'day'");
            // Connect's Time allows exactly 24:00 (86,400,000 ms); Arrow's time32 does not.
            assertRefused(writer, row(1).put("at", new java.util.Date(86_400_000L)), "'at'");
            // Struct.put checks a list when it is put; one changed afterwards is caught before Arrow sees the row.
            List<Object> tags = new ArrayList<>(List.of("t"));
            Struct late = row(1).put("tags", tags);
            tags.add(42);
            assertRefused(writer, late, "Integer");
            writer.write(record(3, ROW, row(3)));
            writer.finish();
            assertThat(format.allocatedBytes()).isZero();
        }
        List<Map<String, Object>> rows = ArrowRows.read(file).rows();
        assertThat(rows).hasSize(2);
        assertThat(ArrowRows.plain(rows.get(0))).isEqualTo(ArrowRows.plain(expected(0)));
        assertThat(ArrowRows.plain(rows.get(1))).isEqualTo(ArrowRows.plain(expected(3)));
    }

    @Test
    void theLastMillisecondOfTheDayIsATime32AndTwentyFourHundredIsNot() throws IOException {
        Schema schema = SchemaBuilder.struct().field("at", Time.SCHEMA).build();
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 10, ArrowCompression.NONE)) {
            Struct midnight = new Struct(schema).put("at", new java.util.Date(86_400_000L));
            Struct last = new Struct(schema).put("at", new java.util.Date(86_399_999L));
            Path file = dir.resolve("time.arrow");
            try (OutputStream out = Files.newOutputStream(file)) {
                RecordFileWriter writer = format.open(out, record(0, schema, last));
                assertThatThrownBy(() -> writer.write(record(0, schema, midnight))).isInstanceOf(DataException.class)
                        .hasMessageContaining("field 'at'").hasMessageContaining("below 24:00");
                writer.write(record(1, schema, last));
                writer.finish();
            }
            assertThat(ArrowRows.read(file).rows()).containsExactly(Map.of("at",
                    LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC).plusNanos(86_399_999L * 1_000_000)));
        }
    }

    @Test
    void aNullMapKeyIsRefusedEvenWhereTheKeySchemaIsOptional() throws IOException {
        Schema schema = SchemaBuilder.struct().field("m", SchemaBuilder.map(Schema.OPTIONAL_STRING_SCHEMA,
                Schema.INT64_SCHEMA).build()).build();
        Map<String, Long> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1L);
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 100, ArrowCompression.NONE)) {
            Struct value = new Struct(schema).put("m", nullKey);
            RecordFileWriter writer = format.open(OutputStream.nullOutputStream(), record(0, schema, value));
            assertThatThrownBy(() -> writer.write(record(0, schema, value))).isInstanceOf(DataException.class)
                    .hasMessageContaining("map field 'm' has a null key");
            writer.abandon();
        }
    }

    private static void assertRefused(RecordFileWriter writer, Object value, String message) {
        assertThatThrownBy(() -> writer.write(record(1, ROW, value)))
                .isInstanceOf(DataException.class).hasMessageContaining("format 'arrow'").hasMessageContaining(message);
    }

    @Test
    void schemalessAndNonStructRecordsCannotStartAFile() {
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 100, ArrowCompression.NONE)) {
            assertThatThrownBy(() -> format.open(OutputStream.nullOutputStream(), record(0, null, Map.of("id", 1))))
                    .isInstanceOf(DataException.class).hasMessageContaining("needs records with a value schema");
            assertThatThrownBy(() -> format.open(OutputStream.nullOutputStream(),
                    record(0, Schema.STRING_SCHEMA, "text")))
                    .isInstanceOf(DataException.class).hasMessageContaining("writes Struct values");
            Schema tooWide = SchemaBuilder.struct().field("d", Decimal.builder(0)
                    .parameter("connect.decimal.precision", "80").build()).build();
            assertThatThrownBy(() -> format.open(OutputStream.nullOutputStream(), record(0, tooWide, null)))
                    .isInstanceOf(DataException.class).hasMessageContaining("1 to 76 digits");
            assertThat(format.allocatedBytes()).isZero();
        }
    }

    @Test
    void anotherSchemaIsNotAcceptedIntoTheSameFile() throws IOException {
        Schema other = SchemaBuilder.struct().name("Other").field("id", Schema.INT64_SCHEMA).build();
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 100, ArrowCompression.NONE)) {
            RecordFileWriter writer = format.open(OutputStream.nullOutputStream(), record(0, ROW, row(0)));
            assertThat(writer.accepts(record(1, ROW, row(1)))).isTrue();
            assertThat(writer.accepts(record(2, other, new Struct(other).put("id", 2L)))).isFalse();
            writer.abandon();
        }
    }

    @Test
    void offHeapMemoryIsFreedWhenFilesAreFinishedOrAbandonedAndALeakIsCaughtOnClose() throws IOException {
        ArrowFormat format = new ArrowFormat(ArrowIpc.STREAM, 1000, ArrowCompression.ZSTD);
        RecordFileWriter finished = format.open(OutputStream.nullOutputStream(), record(0, ROW, row(0)));
        RecordFileWriter abandoned = format.open(OutputStream.nullOutputStream(), record(0, ROW, row(0)));
        for (long i = 0; i < 50; i++) {
            finished.write(record(i, ROW, row(i)));
            abandoned.write(record(i, ROW, row(i)));
        }
        assertThat(format.allocatedBytes()).isPositive();
        finished.finish();
        abandoned.abandon();
        abandoned.abandon();
        assertThat(format.allocatedBytes()).isZero();

        RecordFileWriter leaked = format.open(OutputStream.nullOutputStream(), record(0, ROW, row(0)));
        leaked.write(record(0, ROW, row(0)));
        assertThat(format.allocatedBytes()).isPositive();
        // What FileSinkTask.stop() reports: Arrow's allocator refuses to close over live memory (and stays closed).
        assertThatThrownBy(format::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("leaked");
    }

    /** Codecs whose compression fails as a bug in Arrow or a codec would: unchecked, leaving Arrow's buffers. */
    private static final CompressionCodec.Factory FAILING = new CompressionCodec.Factory() {
        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type) {
            return new CompressionCodec() {
                @Override
                public ArrowBuf compress(BufferAllocator allocator, ArrowBuf uncompressed) {
                    throw new IllegalStateException("injected codec failure");
                }

                @Override
                public ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressed) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public CompressionUtil.CodecType getCodecType() {
                    return type;
                }
            };
        }

        @Override
        public CompressionCodec createCodec(CompressionUtil.CodecType type, int level) {
            return createCodec(type);
        }
    };

    /**
     * A batch that fails inside Arrow is an IOException (the task then discards the file), on the batch's write and
     * on finish; the file refuses everything after it; abandoning it frees the vectors and logs, not throws, the
     * buffers Arrow's unloader retained for the failed batch.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"FILE", "STREAM"})
    void aBatchFailingInsideArrowIsAnIoExceptionAndTheFileCanStillBeAbandoned(ArrowIpc ipc) throws IOException {
        ArrowFormat format = new ArrowFormat(ipc, 10, ArrowCompression.LZ4_FRAME, FAILING);
        RecordFileWriter full = format.open(OutputStream.nullOutputStream(), record(0, ROW, row(0)));
        for (long i = 0; i < 9; i++) {
            full.write(record(i, ROW, row(i)));
        }
        assertThatThrownBy(() -> full.write(record(9, ROW, row(9)))).isInstanceOf(IOException.class)
                .hasMessageContaining("record batch").hasRootCauseMessage("injected codec failure");
        assertThatThrownBy(() -> full.write(record(10, ROW, row(10)))).isInstanceOf(IOException.class)
                .hasMessageContaining("failed part-way");
        assertThatThrownBy(full::finish).isInstanceOf(IOException.class).hasMessageContaining("failed part-way");
        full.abandon();

        RecordFileWriter last = format.open(OutputStream.nullOutputStream(), record(0, ROW, row(0)));
        last.write(record(0, ROW, row(0)));
        assertThatThrownBy(last::finish).isInstanceOf(IOException.class)
                .hasRootCauseMessage("injected codec failure");
        last.abandon();
        // What stop() then reports (FileSinkTask.stop): the leaked buffers, after every file was discarded.
        assertThatThrownBy(format::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("leaked");
    }

    /**
     * This JVM runs as a Connect worker does, without {@code --add-opens=java.base/java.nio}: Arrow's own file
     * writer fails here, and the sink's writer does not (every test of this class writes in this JVM).
     */
    @Test
    void theWriterNeedsNoAddOpensWhereArrowsOwnWriterFails() throws IOException {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .noneMatch(arg -> arg.contains("java.nio"));
        try (BufferAllocator allocator = new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(UnsafeAllocationManager.FACTORY).build());
             IntVector vector = new IntVector("x", allocator)) {
            vector.allocateNew(1);
            vector.set(0, 7);
            vector.setValueCount(1);
            VectorSchemaRoot root = VectorSchemaRoot.of(vector);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ArrowFileWriter stock = new ArrowFileWriter(root, null, Channels.newChannel(bytes))) {
                stock.start();
                assertThatThrownBy(stock::writeBatch).isInstanceOf(UnsupportedOperationException.class);
            }
        }
        Schema one = SchemaBuilder.struct().field("x", Schema.INT32_SCHEMA).build();
        try (ArrowFormat format = new ArrowFormat(ArrowIpc.FILE, 10, ArrowCompression.NONE)) {
            Path file = write(dir.resolve("flagless.arrow"), format,
                    List.of(record(0, one, new Struct(one).put("x", 7))));
            assertThat(ArrowRows.read(file).rows()).containsExactly(Map.of("x", 7));
        }
    }

    @Test
    void fileCompressionAroundArrowIsRefused() {
        assertThatThrownBy(() -> new FileSinkConfig(Map.of("file.path", dir.toString(), "format", "arrow",
                "format.compression", "zstd")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("format.arrow.compression");
        FileSinkConfig config = new FileSinkConfig(Map.of("file.path", dir.toString(), "format", "arrow",
                "format.arrow.ipc", "stream", "format.arrow.compression", "lz4-frame",
                "format.arrow.batch.rows", "5000"));
        assertThat(config.arrowIpc()).isEqualTo(ArrowIpc.STREAM);
        assertThat(config.arrowCompression()).isEqualTo(ArrowCompression.LZ4_FRAME);
        assertThat(config.arrowBatchRows()).isEqualTo(5000);
    }
}
