package io.tributary.connect.sink.file.it;

import io.tributary.connect.sink.file.format.ArrowRows;
import io.tributary.connect.sink.file.format.ParquetRows;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file sink when a worker running one of its two tasks is SIGKILLed while files are open and records keep
 * arriving, configured through the REST API with a RegexRouter on the sink (the usual way to choose a directory or
 * table name). Two topics are routed into one name, so their partitions 0 and 1 share directories: files, markers and
 * offsets must stay apart by the partition read. A third topic does not match the regex and keeps its name: the path
 * without a rename, under the same kill. Every record ends up in exactly one visible file, in its topic's directory,
 * every visible file is complete, the task runs on, and the connector's committed offsets are those of the original
 * topic-partitions, at their ends.
 *
 * <p>The last part of the input is produced only once the victim is dead, so the kill always lands before the end of
 * the input whatever the machine's speed (and in practice while the first part still streams in). Records are
 * counted only once the committed offsets reached the topics' ends: the survivor has then written everything it will.
 *
 * <p>Run for JSON lines, for Parquet and for Arrow IPC files (Structs from JsonConverter's schema envelope):
 * whole-file formats whose row groups or record batches, and footer, a killed worker leaves unwritten must still
 * commit only complete files. The workers are child JVMs started without {@code --add-opens}, as production starts
 * them, which Arrow's own IPC writer would need.
 */
class FileSinkWorkerKillIT {

    private static final List<String> TOPICS = List.of("rename-src-eu", "rename-src-us", "orders");
    private static final int RECORDS = 90_000;
    /** Records produced (about 15,000 a second) before the kill; the rest follow once the victim is dead. */
    private static final int BEFORE_KILL = 60_000;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @ParameterizedTest(name = "format={0}")
    @ValueSource(strings = {"json", "parquet", "arrow"})
    void aWorkerKilledMidStreamLeavesEveryRecordInExactlyOneCompleteFileAndCommitsTheOriginalPartitions(String format)
            throws Exception {
        boolean structs = !format.equals("json");
        Path out = dir.resolve("out-" + format);
        try (ConnectCluster cluster = ConnectCluster.builder("file-sink-kill").workers(0).start()) {
            Map<String, String> workerProps = cluster.workerProps();
            workerProps.put("consumer.session.timeout.ms", "6000");
            workerProps.put("consumer.heartbeat.interval.ms", "1000");
            TOPICS.forEach(topic -> cluster.createTopic(topic, 2));
            try (ForkedWorker a = ForkedWorker.start(workerProps, dir.resolve("worker-a"));
                 ForkedWorker b = ForkedWorker.start(workerProps, dir.resolve("worker-b"))) {
                a.awaitUp(Duration.ofSeconds(90));
                b.awaitUp(Duration.ofSeconds(90));
                ConnectRest rest = a.rest();
                Map<String, String> config = new HashMap<>(Map.of(
                        "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                        "tasks.max", "2",
                        "topics", String.join(",", TOPICS),
                        "file.path", out.toString(),
                        "rotate.records", "3000",
                        "rotate.interval.ms", "3000",
                        "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                        "value.converter.schemas.enable", String.valueOf(structs)));
                config.put("format", format);
                if (format.equals("arrow")) {
                    config.put("format.arrow.batch.rows", "1000");
                }
                config.put("transforms", "r");
                config.put("transforms.r.type", "org.apache.kafka.connect.transforms.RegexRouter");
                config.put("transforms.r.regex", "rename-(src)-.*");
                config.put("transforms.r.replacement", "table_$1");
                rest.configure("sink", config);
                rest.awaitRunning("sink", 2, Duration.ofSeconds(60));

                Thread producer = new Thread(() -> produce(cluster.bootstrapServers(), 0, BEFORE_KILL, 15_000,
                        structs), "producer");
                producer.start();
                Await.until(Duration.ofSeconds(120), "some files committed",
                        () -> SinkOutput.files(out).size() >= 4);
                ForkedWorker victim = ForkedWorker.runningTask("sink", 0, a, b);
                ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                int visibleAtKill = SinkOutput.files(out).size();
                victim.kill();
                producer.join();
                produce(cluster.bootstrapServers(), BEFORE_KILL, RECORDS, 0, structs);

                survivor.awaitTasksHere("sink", 2, Duration.ofSeconds(120));
                ConnectRest survivorRest = survivor.rest();
                Map<TopicPartition, Long> ends = TopicReader.endOffsets(cluster.bootstrapServers(),
                        TOPICS.toArray(String[]::new));
                assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
                Await.until(Duration.ofSeconds(180), "committed offsets of the original partitions at their ends",
                        () -> survivorRest.sinkOffsets("sink").equals(ends),
                        () -> survivorRest.sinkOffsets("sink") + " != " + ends + "; "
                                + SinkOutput.files(out).size() + " files visible");

                Map<Long, Integer> seen = new HashMap<>();
                for (Path file : SinkOutput.files(out)) {
                    String relative = out.relativize(file).toString();
                    String extension = format.equals("json") ? "\\.jsonl" : "\\." + format;
                    assertThat(relative).matches("table_src/partition=[01]/rename-src-(eu|us)\\+[01]\\+\\d{20}"
                            + extension + "|orders/partition=[01]/orders\\+[01]\\+\\d{20}" + extension);
                    for (long id : ids(file, relative, format)) {
                        assertThat(relative).as("record " + id + " in its topic's files")
                                .startsWith(id % 3 == 2 ? "orders/" : "table_src/");
                        seen.merge(id, 1, Integer::sum);
                    }
                }
                System.out.printf("%s: worker killed with %,d files visible; %,d records in %d files afterwards%n",
                        format, visibleAtKill, seen.values().stream().mapToInt(Integer::intValue).sum(),
                        SinkOutput.files(out).size());
                assertThat(seen).as("distinct records in visible files").hasSize(RECORDS);
                assertThat(seen.values()).as("copies of each record").containsOnly(1);
                assertThat(survivorRest.sinkOffsets("sink")).as("GET /connectors/sink/offsets").isEqualTo(ends);
                survivorRest.awaitRunning("sink", 2, Duration.ofSeconds(30));
                try (Stream<Path> markers = Files.list(out.resolve(".tributary-offsets"))) {
                    assertThat(markers.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                            .containsExactlyInAnyOrder("rename-src-eu+0", "rename-src-eu+1", "rename-src-us+0",
                                    "rename-src-us+1", "orders+0", "orders+1");
                }
            }
        }
    }

    /**
     * The record ids in a visible file, which must be complete: whole JSON lines, a Parquet file with its footer, an
     * Arrow file with its footer listing every record batch.
     */
    private static List<Long> ids(Path file, String relative, String format) throws IOException {
        List<Long> ids = new ArrayList<>();
        if (format.equals("parquet")) {
            for (GenericRecord row : ParquetRows.read(file)) {
                ids.add((Long) row.get("id"));
            }
            return ids;
        }
        if (format.equals("arrow")) {
            for (Map<String, Object> row : ArrowRows.read(file).rows()) {
                ids.add((Long) row.get("id"));
            }
            return ids;
        }
        assertThat(Files.readString(file)).as("complete file " + relative).endsWith("}\n");
        for (String line : Files.readAllLines(file)) {
            ids.add(ConnectRest.JSON.readTree(line).path("id").asLong());
        }
        return ids;
    }

    private static final String SCHEMA = "{\"type\":\"struct\",\"name\":\"Order\",\"optional\":false,\"fields\":["
            + "{\"field\":\"id\",\"type\":\"int64\",\"optional\":false},"
            + "{\"field\":\"amount\",\"type\":\"double\",\"optional\":false}]}";

    /**
     * Records {@code from} to {@code to} (exclusive), spread over the topics; {@code perSecond} 0 means at once. With
     * {@code schemas} in JsonConverter's envelope, for formats that need Structs.
     */
    private static void produce(String bootstrap, long from, long to, int perSecond, boolean schemas) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "linger.ms", "5"), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (long id = from; id < to; id++) {
                String value = "{\"id\":" + id + ",\"amount\":" + (id % 1000) + ".5}";
                producer.send(new ProducerRecord<>(TOPICS.get((int) (id % TOPICS.size())), String.valueOf(id % 97),
                        schemas ? "{\"schema\":" + SCHEMA + ",\"payload\":" + value + "}" : value));
                if (perSecond > 0) {
                    long wait = start + (id - from) * 1_000_000_000L / perSecond - System.nanoTime();
                    if (wait > 1_000_000) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
