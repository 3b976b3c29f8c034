package io.tributary.connect.sink.clickhouse;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once into ClickHouse under crashes: the worker running the sink task is killed (SIGKILL) three times
 * while small batches are being inserted, each time replaced by a new worker; in the end the table holds every
 * record once: the count, the distinct (topic, partition, offset) triples and a checksum over offsets and ids match
 * what was produced.
 */
class ClickHouseSinkWorkerKillIT {

    private static final String DB = "tributary_kill_it";
    private static final int PARTITIONS = 3;
    private static final int ROUND = 15_000;
    private static final int KILLS = 3;

    @TempDir
    Path dir;

    @Test
    void everyRecordOnceAfterRepeatedKills() throws Exception {
        ClickHouseSql sql = new ClickHouseSql();
        sql.recreateDatabase(DB);
        sql.query("CREATE TABLE " + DB + ".ledger (_topic String, _partition Int32, _offset Int64, id Int64, "
                + "account String, amount Float64) ENGINE = MergeTree() ORDER BY (_topic, _partition, _offset)");
        try (ConnectCluster cluster = ConnectCluster.builder("clickhouse-kill").workers(0).start()) {
            cluster.createTopic("ledger", PARTITIONS);
            ForkedWorker a = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-0"));
            ForkedWorker b = ForkedWorker.start(cluster.workerProps(), dir.resolve("worker-1"));
            try {
                a.awaitUp(Duration.ofSeconds(90));
                b.awaitUp(Duration.ofSeconds(90));
                Map<String, String> config = new HashMap<>();
                config.put("connector.class", ClickHouseSinkConnector.class.getName());
                config.put("tasks.max", "1");
                config.put("topics", "ledger");
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
                            producer.send(new ProducerRecord<>("ledger", "acct-" + (i % 97), "{\"id\":" + i
                                    + ",\"account\":\"acct-" + (i % 97) + "\",\"amount\":" + (i % 1000) + ".5}"));
                        }
                        producer.flush();
                        int floor = produced + ROUND / 5;
                        produced += ROUND;
                        Await.until(Duration.ofSeconds(120), "inserts under way before kill " + kill,
                                () -> sql.count("SELECT count() FROM " + DB + ".ledger") >= floor);
                        long atKill = sql.count("SELECT count() FROM " + DB + ".ledger");
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
                        sql.count("SELECT count() FROM " + DB + ".ledger") >= expected);
                Thread.sleep(3_000); // anything arriving twice would arrive now
                assertThat(sql.count("SELECT count() FROM " + DB + ".ledger")).isEqualTo(expected);
                assertThat(sql.count("SELECT uniqExact(_topic, _partition, _offset) FROM " + DB + ".ledger"))
                        .isEqualTo(expected);
                assertThat(sql.count("SELECT uniqExact(id) FROM " + DB + ".ledger")).isEqualTo(expected);
                assertThat(sql.count("SELECT sum(id) FROM " + DB + ".ledger")).isEqualTo(expected * (expected - 1) / 2);
                // Per partition, offsets 0..n-1 each once: their sum is n(n-1)/2.
                for (String line : sql.query("SELECT _partition, count(), sum(_offset), max(_offset) FROM " + DB
                        + ".ledger GROUP BY _partition FORMAT TSV").split("\n")) {
                    String[] f = line.split("\t");
                    long n = Long.parseLong(f[1]);
                    assertThat(Long.parseLong(f[2])).as("offset checksum of partition " + f[0]).isEqualTo(n * (n - 1) / 2);
                    assertThat(Long.parseLong(f[3])).isEqualTo(n - 1);
                }
            } finally {
                a.close();
                b.close();
            }
        }
    }
}
