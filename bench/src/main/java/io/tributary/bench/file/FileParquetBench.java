package io.tributary.bench.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.bench.BenchFiles;
import io.tributary.bench.BenchPorts;
import io.tributary.bench.BenchTopics;
import io.tributary.bench.Machine;
import io.tributary.bench.Result;
import io.tributary.connect.common.parquet.ParquetCodecs;
import io.tributary.launcher.ConnectClient;
import io.tributary.launcher.LocalStack;
import io.tributary.launcher.StackSettings;
import io.tributary.launcher.security.Principals;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./tributary bench file --parquet}: the file sink writing Parquet against a raw KafkaConsumer writing Parquet
 * with parquet-java directly, from the same topic of the same records (JsonConverter's schema envelope around a
 * flat event of about 200 bytes), in one run on one stack, alternating within each pass; medians and their ratio.
 *
 * <p>Both write snappy pages, 32 MiB row groups and 1 MiB pages with the same page codecs (common's
 * {@link ParquetCodecs}: parquet-java's own need Hadoop), one file per partition closed at 100,000 records or 500 ms
 * after its first (rotate.records, rotate.interval.ms), synced at close when the sink syncs ({@code -Dbench.fsync}, default true). The reference parses each value with Jackson
 * into an Avro record and hands it to {@code AvroParquetWriter}: the least a hand-written consumer does. Both are
 * measured the same way: from the first completed file (and its records) to the last.
 */
public final class FileParquetBench {

    private static final int PARTITIONS = FileBench.PARTITIONS;
    private static final long RECORDS_PER_FILE = 100_000;
    /** rotate.interval.ms of the sink, and the reference's oldest file age before it closes a file. */
    private static final long FILE_AGE_MS = 500;
    private static final long ROW_GROUP = 32L * 1024 * 1024;
    private static final int PAGE = 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECT_SCHEMA = "{\"type\":\"struct\",\"name\":\"BenchEvent\",\"optional\":false,"
            + "\"fields\":[{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"user\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"type\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"amount\",\"type\":\"double\",\"optional\":false},"
            + "{\"field\":\"country\",\"type\":\"string\",\"optional\":true},"
            + "{\"field\":\"session\",\"type\":\"string\",\"optional\":false},"
            + "{\"field\":\"ts\",\"type\":\"int64\",\"name\":\"org.apache.kafka.connect.data.Timestamp\","
            + "\"version\":1,\"optional\":false}]}";
    /** The Avro schema the sink derives from CONNECT_SCHEMA (common's AvroData), written by the reference. */
    private static final Schema AVRO = SchemaBuilder.record("BenchEvent").fields()
            .requiredLong("id").requiredString("user").requiredString("type").requiredDouble("amount")
            .optionalString("country").requiredString("session")
            .name("ts").type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
            .endRecord();
    private static final String[] TYPES = {"page_view", "click", "add_to_cart", "purchase", "sensor_reading"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN", null};

    private final Path work;
    private final Path root;
    private final Path bundle;
    private final int records;
    private final int warmup;
    private final int repeats;
    private final boolean fsync = Boolean.parseBoolean(System.getProperty("bench.fsync", "true"));
    private Map<String, Object> client;
    private ConnectClient connect;
    private int run;

    public FileParquetBench(Path home, Path root, Path bundle, int records, int repeats) {
        this.work = home.resolve("bench/file-parquet");
        this.root = root;
        this.bundle = bundle;
        this.records = records;
        this.repeats = repeats;
        this.warmup = Math.max(10_000, records / 5);
    }

    public void run() throws Exception {
        System.out.println("file benchmark, the Parquet sink against a raw consumer writing Parquet: "
                + Machine.describe());
        BenchFiles.deleteRecursively(work);
        StackSettings settings = StackSettings.defaults(work.resolve("stack"), bundle,
                        root.resolve("connector-configs/worker/connect-distributed.properties"))
                .withWorkerOverrides(Map.of("exactly.once.source.support", "disabled", "offset.flush.interval.ms", "1000"))
                // Free ports rather than up's defaults, so a ./tributary up on this machine is left alone.
                .withPorts(BenchPorts.free(), BenchPorts.free(), BenchPorts.free());
        try (LocalStack local = LocalStack.start(settings, System.out)) {
            client = local.clientConfig(Principals.DEMO);
            connect = new ConnectClient(local.restUrl());
            String small = produce(warmup);
            String full = produce(records);
            System.out.println("  warming up ...");
            rawParquetConsumer(small, warmup);
            ourSink(small, warmup);
            List<Result[]> runs = new ArrayList<>();
            for (int i = 1; i <= repeats; i++) {
                System.out.printf("  measuring, pass %d of %d ...%n", i, repeats);
                runs.add(new Result[] {rawParquetConsumer(full, records), ourSink(full, records)});
            }
            Result[] medians = Result.medians(runs);
            System.out.println();
            System.out.println("Rates, median of " + repeats + " passes (" + Instant.now() + ")");
            for (Result r : medians) {
                System.out.println(r.line());
            }
            System.out.println("Ratio of the medians");
            System.out.println(Result.ratio(medians[1], medians[0], 0.7));
        }
    }

    /** A topic of {@code count} events in JsonConverter's schema envelope, spread over the partitions. */
    private String produce(int count) throws Exception {
        String topic = "bench-parquet-input-" + (run++);
        BenchTopics.create(client, topic, PARTITIONS);
        Map<String, Object> config = new HashMap<>(FileBench.PRODUCER);
        config.putAll(client);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (long id = 0; id < count; id++) {
                String country = COUNTRIES[(int) (id % COUNTRIES.length)];
                String payload = "{\"id\":" + id + ",\"user\":\"user-" + (id * 7919 % 100_000) + "\",\"type\":\""
                        + TYPES[(int) (id % TYPES.length)] + "\",\"amount\":" + (id % 10_000) / 100.0
                        + ",\"country\":" + (country == null ? "null" : "\"" + country + "\"")
                        + ",\"session\":\"s-" + Long.toHexString(id / 20 * 2654435761L) + "\",\"ts\":"
                        + (1_765_000_000_000L + id * 37) + "}";
                producer.send(new ProducerRecord<>(topic, ("{\"schema\":" + CONNECT_SCHEMA + ",\"payload\":" + payload
                        + "}").getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        BenchTopics.awaitEndOffsets(client, topic, PARTITIONS, count);
        return topic;
    }

    /** The file sink, format=parquet, snappy; span from its first committed file to the last. */
    private Result ourSink(String topic, long expected) throws Exception {
        Path out = work.resolve("out-" + run);
        String name = "parquet-sink-" + (run++);
        connect.configure(name, Map.ofEntries(
                Map.entry("connector.class", "io.tributary.connect.sink.file.FileSinkConnector"),
                Map.entry("topics", topic), Map.entry("file.path", out.toString()),
                Map.entry("format", "parquet"), Map.entry("format.parquet.compression", "snappy"),
                Map.entry("format.parquet.row.group.size", String.valueOf(ROW_GROUP)),
                Map.entry("format.parquet.page.size", String.valueOf(PAGE)),
                Map.entry("rotate.records", String.valueOf(RECORDS_PER_FILE)), Map.entry("rotate.interval.ms", String.valueOf(FILE_AGE_MS)),
                Map.entry("consumer.override.max.poll.records", "10000"),
                Map.entry("file.fsync.enabled", String.valueOf(fsync)),
                Map.entry("value.converter", FileBench.JSON_CONVERTER),
                Map.entry("value.converter.schemas.enable", "true")));
        long first = -1;
        long firstNanos = 0;
        long committed;
        while ((committed = committedBySink(out, topic)) < expected) {
            if (first < 0 && committed > 0) {
                first = committed;
                firstNanos = System.nanoTime();
            }
            Thread.sleep(5);
        }
        long doneNanos = System.nanoTime();
        connect.delete(name);
        BenchFiles.deleteRecursively(out);
        return new Result("file sink, parquet (snappy)", expected - first, (doneNanos - firstNanos) / 1e9, topic);
    }

    private static long committedBySink(Path out, String topic) {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            Path marker = out.resolve(".tributary-offsets/" + topic + "+" + p);
            if (Files.exists(marker)) {
                try {
                    total += Long.parseLong(Files.readString(marker).trim());
                } catch (NumberFormatException | IOException racingRename) {
                    return total;
                }
            }
        }
        return total;
    }

    /**
     * The reference: a KafkaConsumer in a group, each value parsed with Jackson into an Avro record and written by
     * parquet-java's AvroParquetWriter, a file per partition closed (and synced) at 100,000 records or 500 ms after
     * its first record, as the sink's rotation does, and at the end.
     */
    private Result rawParquetConsumer(String topic, long expected) throws IOException {
        Path out = work.resolve("raw-" + (run++));
        Files.createDirectories(out);
        Map<String, Object> config = new HashMap<>(client);
        config.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "raw-consumer-parquet-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000));
        Map<Integer, OpenParquet> open = new HashMap<>();
        long consumed = 0;
        long completed = 0;
        long first = -1;
        long firstNanos = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumed < expected) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    OpenParquet file = open.get(record.partition());
                    if (file == null) {
                        file = new OpenParquet(out.resolve(topic + "+" + record.partition() + "+" + record.offset()
                                + ".parquet"));
                        open.put(record.partition(), file);
                    }
                    file.write(row(JSON.readTree(record.value()).path("payload")));
                    consumed++;
                    if (file.rows == RECORDS_PER_FILE) {
                        completed += file.close(fsync);
                        open.remove(record.partition());
                    }
                }
                long now = System.nanoTime();
                for (var it = open.values().iterator(); it.hasNext(); ) {
                    OpenParquet file = it.next();
                    if (now - file.openedNanos >= FILE_AGE_MS * 1_000_000) {
                        completed += file.close(fsync);
                        it.remove();
                    }
                }
                if (first < 0 && completed > 0) {
                    first = completed;
                    firstNanos = System.nanoTime();
                }
            }
            for (OpenParquet file : open.values()) {
                completed += file.close(fsync);
            }
        }
        long doneNanos = System.nanoTime();
        BenchFiles.deleteRecursively(out);
        if (first < 0) {
            first = 0;
            firstNanos = doneNanos;
        }
        return new Result("raw KafkaConsumer writing Parquet (parquet-java)", completed - first,
                (doneNanos - firstNanos) / 1e9, topic);
    }

    private static GenericRecord row(JsonNode payload) {
        GenericRecord row = new GenericData.Record(AVRO);
        row.put("id", payload.path("id").asLong());
        row.put("user", payload.path("user").asText());
        row.put("type", payload.path("type").asText());
        row.put("amount", payload.path("amount").asDouble());
        row.put("country", payload.path("country").isNull() ? null : payload.path("country").asText());
        row.put("session", payload.path("session").asText());
        row.put("ts", payload.path("ts").asLong());
        return row;
    }

    /** One Parquet file of the reference being written. */
    private static final class OpenParquet {
        private final Path path;
        private final ParquetWriter<GenericRecord> writer;
        private final long openedNanos = System.nanoTime();
        private long rows;

        OpenParquet(Path path) throws IOException {
            this.path = path;
            this.writer = AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(path))
                    .withSchema(AVRO).withDataModel(GenericData.get()).withConf(new PlainParquetConfiguration())
                    .withCodecFactory(new ParquetCodecs()).withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(ROW_GROUP).withPageSize(PAGE).build();
        }

        void write(GenericRecord row) throws IOException {
            writer.write(row);
            rows++;
        }

        long close(boolean fsync) throws IOException {
            writer.close();
            if (fsync) {
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            return rows;
        }
    }
}
