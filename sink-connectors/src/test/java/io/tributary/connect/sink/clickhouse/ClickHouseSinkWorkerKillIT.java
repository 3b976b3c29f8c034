package io.tributary.connect.sink.clickhouse;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.ForkedWorker;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once into ClickHouse under crashes, with the table chosen by a transform: the sink reads
 * {@code rename-ledger} and a RegexRouter on the connector renames it to {@code table_ledger}, the table. The worker
 * running the sink task is killed (SIGKILL) three times while small batches are being inserted, each time replaced
 * by a new worker; in the end the table holds every record once: the count, the distinct (topic, partition, offset)
 * triples and a checksum over offsets and ids match what was produced; the rows carry the original topic; the task
 * is running; and the offsets Connect committed are those of the original topic-partitions, at their ends.
 *
 * <p>Each round's first records stream in (about 3,000 a second) and the kill comes once some of them are in the
 * table; the rest of the round is produced only once the victim is dead. So every kill lands before its round is
 * complete whatever the machine's speed, and in practice while the round's rows are still being inserted.
 */
class ClickHouseSinkWorkerKillIT {

    private static final String DB = "tributary_kill_it";
    private static final String TOPIC = "rename-ledger";
    private static final String TABLE = DB + ".table_ledger";
    private static final int PARTITIONS = 3;
    private static final int ROUND = 15_000;
    /** Records of a round produced before its kill; the rest follow once the victim is dead. */
    private static final int BEFORE_KILL = 6_000;
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
            Map<String, String> workerProps = cluster.workerProps();
            // The dead worker's consumer leaves the sink's group within 6 s rather than the default 45 s.
            workerProps.put("consumer.session.timeout.ms", "6000");
            workerProps.put("consumer.heartbeat.interval.ms", "1000");
            ForkedWorker a = ForkedWorker.start(workerProps, dir.resolve("worker-0"));
            ForkedWorker b = ForkedWorker.start(workerProps, dir.resolve("worker-1"));
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
                for (int kill = 1; kill <= KILLS; kill++) {
                    int round = produced;
                    Thread producer = new Thread(() -> produce(cluster.bootstrapServers(), round,
                            round + BEFORE_KILL, 3_000), "producer-" + kill);
                    producer.start();
                    Await.until(Duration.ofSeconds(120), "inserts of round " + kill + " under way",
                            () -> sql.count("SELECT count() FROM " + TABLE) >= round + 600);
                    long atKill = sql.count("SELECT count() FROM " + TABLE);
                    ForkedWorker victim = ForkedWorker.runningTask("ledger", 0, a, b);
                    ForkedWorker survivor = ForkedWorker.other(victim, a, b);
                    victim.kill();
                    producer.join();
                    produce(cluster.bootstrapServers(), round + BEFORE_KILL, round + ROUND, 0);
                    produced += ROUND;
                    System.out.printf("kill %d: %,d of %,d rows in the table%n", kill, atKill, produced);
                    // The survivor takes the task over; only then a new worker joins, ready for the next kill.
                    survivor.awaitTasksHere("ledger", 1, Duration.ofSeconds(120));
                    victim.close();
                    ForkedWorker replacement = ForkedWorker.start(workerProps, dir.resolve("worker-" + (kill + 1)));
                    replacement.awaitUp(Duration.ofSeconds(90));
                    a = survivor;
                    b = replacement;
                }
                long expected = produced;
                // Once Connect committed every partition's end, the task has inserted all it ever will (preCommit
                // reports only offsets whose rows are in the table), so anything inserted twice is there to count.
                ConnectRest live = a.rest();
                Map<TopicPartition, Long> ends = TopicReader.endOffsets(cluster.bootstrapServers(), TOPIC);
                assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(expected);
                Await.until(Duration.ofSeconds(180), "offsets committed up to every partition's end",
                        () -> live.sinkOffsets("ledger").equals(ends),
                        () -> live.sinkOffsets("ledger") + " != " + ends + "; "
                                + sql.count("SELECT count() FROM " + TABLE) + " rows");
                assertThat(sql.count("SELECT count() FROM " + TABLE)).isEqualTo(expected);
                assertThat(sql.count("SELECT uniqExact(_topic, _partition, _offset) FROM " + TABLE))
                        .isEqualTo(expected);
                assertThat(sql.count("SELECT uniqExact(id) FROM " + TABLE)).isEqualTo(expected);
                assertThat(sql.count("SELECT sum(id) FROM " + TABLE)).isEqualTo(expected * (expected - 1) / 2);
                assertThat(sql.query("SELECT DISTINCT _topic FROM " + TABLE)).as("rows carry the original topic")
                        .isEqualTo(TOPIC);
                // Per partition, offsets 0..n-1 each once: their sum is n(n-1)/2.
                Map<TopicPartition, Long> rowsPerPartition = new HashMap<>();
                for (String line : sql.query("SELECT _partition, count(), sum(_offset), max(_offset) FROM " + TABLE
                        + " GROUP BY _partition FORMAT TSV").split("\n")) {
                    String[] f = line.split("\t");
                    long n = Long.parseLong(f[1]);
                    assertThat(Long.parseLong(f[2])).as("offset checksum of partition " + f[0])
                            .isEqualTo(n * (n - 1) / 2);
                    assertThat(Long.parseLong(f[3])).isEqualTo(n - 1);
                    rowsPerPartition.put(new TopicPartition(TOPIC, Integer.parseInt(f[0])), n);
                }
                assertThat(rowsPerPartition).as("rows of each partition, to its end").isEqualTo(ends);

                // Connect committed the original topic-partitions (renamed ones would be refused), up to their ends.
                assertThat(live.sinkOffsets("ledger")).as("GET /connectors/ledger/offsets").isEqualTo(ends);
                live.awaitRunning("ledger", 1, Duration.ofSeconds(30));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** Records {@code from} to {@code to} (exclusive); {@code perSecond} 0 means at once. */
    private static void produce(String bootstrap, int from, int to, int perSecond) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "acct-" + (i % 97), "{\"id\":" + i
                        + ",\"account\":\"acct-" + (i % 97) + "\",\"amount\":" + (i % 1000) + ".5}"));
                if (perSecond > 0) {
                    long wait = start + (long) (i - from) * 1_000_000_000L / perSecond - System.nanoTime();
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
