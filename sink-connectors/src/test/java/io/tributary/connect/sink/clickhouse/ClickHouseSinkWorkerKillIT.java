package io.tributary.connect.sink.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once into ClickHouse under crashes, with the table chosen by a transform: the sink reads
 * {@code rename-ledger} and a RegexRouter on the connector renames it to {@code table_ledger}, the table. The worker
 * running the sink task is killed (SIGKILL) three times while small batches are being inserted, each time replaced
 * by a new worker; in the end the table holds every record once: the count, the distinct (topic, partition, offset)
 * triples and a checksum over offsets and ids match what was produced; the rows carry the original topic; the task
 * is running; and the offsets Connect committed are those of the original topic-partitions, at their ends.
 */
class ClickHouseSinkWorkerKillIT {

    private static final String DB = "tributary_kill_it";
    private static final String TOPIC = "rename-ledger";
    private static final String TABLE = DB + ".table_ledger";
    private static final int PARTITIONS = 3;
    private static final int ROUND = 15_000;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void everyRecordOnceAfterRepeatedKills() throws Exception {
        ClickHouseSql sql = new ClickHouseSql();
        sql.recreateDatabase(DB);
        sql.query("CREATE TABLE " + TABLE + " (_topic String, _partition Int32, _offset Int64, id Int64, "
                + "account String, amount Float64) ENGINE = MergeTree() ORDER BY (_topic, _partition, _offset)");
        try (ConnectCluster cluster = ConnectCluster.builder("clickhouse-kill").workers(0).start()) {
            cluster.createTopic(TOPIC, PARTITIONS);
            ForkedWorker a = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-0"));
            ForkedWorker b = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-1"));
            try {
                a.awaitUp(Duration.ofSeconds(90));
                b.awaitUp(Duration.ofSeconds(90));
                Map<String, String> config = new HashMap<>();
                config.put("connector.class", ClickHouseSinkConnector.class.getName());
                config.put("tasks.max", "1");
                config.put("topics", TOPIC);
                config.put("transforms", "route");
                config.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
                config.put("transforms.route.regex", "rename-(.*)");
                config.put("transforms.route.replacement", "table_$1");
                config.put("clickhouse.url", sql.uri().toString());
                config.put("clickhouse.database", DB);
                config.put("batch.max.records", "300");
                config.put("batch.linger.ms", "50");
                config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
                config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
                config.put("consumer.override.max.poll.records", "300");
                ConnectRest rest = a.rest();
                rest.configure("ledger", config);
                rest.awaitRunning("ledger", 1, Duration.ofSeconds(60));

                int produced = 0;
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                        cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                    for (int kill = 1; kill <= KILLS; kill++) {
                        for (int i = produced; i < produced + ROUND; i++) {
                            producer.send(new ProducerRecord<>(TOPIC, "acct-" + (i % 97), "{\"id\":" + i
                                    + ",\"account\":\"acct-" + (i % 97) + "\",\"amount\":" + (i % 1000) + ".5}"));
                        }
                        producer.flush();
                        int floor = produced + ROUND / 5;
                        produced += ROUND;
                        Await.until(Duration.ofSeconds(120), "inserts under way before kill " + kill,
                                () -> sql.count("SELECT count() FROM " + TABLE) >= floor);
                        long atKill = sql.count("SELECT count() FROM " + TABLE);
                        ForkedWorker victim = ForkedWorker.runningTask("ledger", 0, a, b);
                        ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                        victim.kill();
                        System.out.printf("kill %d: %,d of %,d rows in the table%n", kill, atKill, produced);
                        // The survivor takes the task over; only then a new worker joins, ready for the next kill.
                        survivor.awaitTasksHere("ledger", 1, Duration.ofSeconds(120));
                        victim.close();
                        ForkedWorker replacement = ForkedWorker.start(cluster.workerProps(),
                                dir.resolve("worker-" + (kill + 1)));
                        replacement.awaitUp(Duration.ofSeconds(90));
                        a = survivor;
                        b = replacement;
                    }
                }
                long expected = produced;
                Await.until(Duration.ofSeconds(180), "every row", () ->
                        sql.count("SELECT count() FROM " + TABLE) >= expected);
                Thread.sleep(3_000); // anything arriving twice would arrive now
                assertThat(sql.count("SELECT count() FROM " + TABLE)).isEqualTo(expected);
                assertThat(sql.count("SELECT uniqExact(_topic, _partition, _offset) FROM " + TABLE))
                        .isEqualTo(expected);
                assertThat(sql.count("SELECT uniqExact(id) FROM " + TABLE)).isEqualTo(expected);
                assertThat(sql.count("SELECT sum(id) FROM " + TABLE)).isEqualTo(expected * (expected - 1) / 2);
                assertThat(sql.query("SELECT DISTINCT _topic FROM " + TABLE)).as("rows carry the original topic")
                        .isEqualTo(TOPIC);
                // Per partition, offsets 0..n-1 each once: their sum is n(n-1)/2.
                Map<String, Long> rowsPerPartition = new TreeMap<>();
                for (String line : sql.query("SELECT _partition, count(), sum(_offset), max(_offset) FROM " + TABLE
                        + " GROUP BY _partition FORMAT TSV").split("\n")) {
                    String[] f = line.split("\t");
                    long n = Long.parseLong(f[1]);
                    assertThat(Long.parseLong(f[2])).as("offset checksum of partition " + f[0]).isEqualTo(n * (n - 1) / 2);
                    assertThat(Long.parseLong(f[3])).isEqualTo(n - 1);
                    rowsPerPartition.put(TOPIC + "-" + f[0], n);
                }
                assertThat(rowsPerPartition).hasSize(PARTITIONS);

                // Connect committed the original topic-partitions (renamed ones would be refused), up to their ends.
                ConnectRest live = a.rest();
                assertThat(live.status("ledger").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
                Await.until(Duration.ofSeconds(60), "offsets committed up to every record", () ->
                        committed(live).values().stream().mapToLong(Long::longValue).sum() == expected);
                assertThat(committed(live)).isEqualTo(rowsPerPartition);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** {@code GET /connectors/ledger/offsets}: committed offset per topic-partition, as {@code topic-partition}. */
    private static Map<String, Long> committed(ConnectRest rest) {
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode entry : rest.offsets("ledger").path("offsets")) {
            out.put(entry.path("partition").path("kafka_topic").asText() + "-"
                    + entry.path("partition").path("kafka_partition").asInt(),
                    entry.path("offset").path("kafka_offset").asLong());
        }
        return out;
    }
}
