package io.tributary.bench.processor;

import io.tributary.bench.BenchFiles;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.config.JobSpec;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.processor.dedup.DedupJob;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Restore time of a dedup job's id store holding 1,000,000 ids: the job (exactly-once, the processor's default)
 * reads 1M distinct ids, is closed cleanly, loses its local state directory, and is started again; the time from
 * {@link ProcessorRuntime#start} to RUNNING is the time to rebuild the store from its changelog. It is measured
 * after a close that leaves the consumer group; after {@link ProcessorRuntime#close()}, as {@code ProcessorMain} does
 * on SIGTERM (Kafka Streams stays in the group, so the coordinator waits for the old member's session to expire);
 * and after the same close with static membership. The operations endpoint's count of restoring stores, polled,
 * splits each time into waiting for the group's assignment and restoring.
 */
final class RestoreBench {

    private static final int KEYS = 1_000_000;
    private static final long TARGET_MS = 10_000;
    private static final String APP = "bench-restore";
    private static final String INPUT = "bench-restore-in";

    private final String bootstrap;
    private final Path work;
    private final HttpClient http = HttpClient.newHttpClient();

    RestoreBench(String bootstrap, Path work) {
        this.bootstrap = bootstrap;
        this.work = work;
    }

    void run() throws Exception {
        ProcessorConfig config = ProcessorConfig.parse("""
                application.id: %s
                bootstrap.servers: %s
                processing.guarantee: exactly_once_v2
                state.dir: %s
                http.listen: 127.0.0.1:0
                streams: {replication.factor: 1}
                jobs:
                  - {name: dedup, kind: dedup, input: %s, output: bench-restore-out, id: event_id, retention: 1h,
                     time.field: ts}
                """.formatted(APP, bootstrap, work.resolve("state"), INPUT), APP);
        JobSpec.Dedup job = (JobSpec.Dedup) config.jobs().get(0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(INPUT, 3, (short) 1))).all().get();
            produce();
            Map<TopicPartition, Long> input = Progress.ends(admin, List.of(INPUT));
            long started = System.nanoTime();
            ProcessorRuntime filling = ProcessorRuntime.start(config, null, null);
            Progress.awaitRunning(filling.streams(), APP);
            Progress.awaitCommitted(admin, APP, input, Duration.ofMinutes(10), () -> Progress.failure(filling.streams()));
            filling.close();
            String changelog = APP + "-" + DedupJob.storeName(job) + "-changelog";
            System.out.printf(Locale.ROOT, "  the job read %,d distinct ids in %.1f s; its changelog holds %,d "
                    + "offsets%n", KEYS, (System.nanoTime() - started) / 1e9,
                    Progress.total(Progress.ends(admin, List.of(changelog))));
            // The state disk a dedup job of this many ids needs (RocksDB's files after the clean close; sizing in
            // docs/operations/deploy.md).
            System.out.printf(Locale.ROOT, "  its state directory holds %,d bytes on disk%n",
                    BenchFiles.sizeOf(work.resolve("state").resolve(APP)));

            // ProcessorRuntime.close(), as on SIGTERM, leaves the group, so the restart is not held back by the old
            // membership (it was, by the 45 s session timeout, before close() left the group).
            Restart restarted = restart(config);
            long ids = storedIds(restarted.runtime, job);
            restarted.runtime.close();
            if (ids != KEYS) {
                throw new IllegalStateException("the restored store holds " + ids + " ids, not " + KEYS);
            }
            System.out.printf(Locale.ROOT, "  the restored store holds %,d ids%n", ids);
            // With static membership a restarted instance takes its own place back at once.
            ProcessorConfig staticMember = config.with(Map.of("group.instance.id", APP), "127.0.0.1", 0);
            ProcessorRuntime first = ProcessorRuntime.start(staticMember, null, null);
            Progress.awaitRunning(first.streams(), APP);
            first.close();
            Restart asStatic = restart(staticMember);
            asStatic.runtime.close();
            System.out.println();
            restarted.print("after close(), as on SIGTERM");
            asStatic.print("the same with static membership");
        }
    }

    /** Deletes the application's local state, starts it and times it to RUNNING. */
    private Restart restart(ProcessorConfig config) throws Exception {
        BenchFiles.deleteRecursively(work.resolve("state").resolve(APP));
        AtomicLong running = new AtomicLong();
        long started = System.nanoTime();
        ProcessorRuntime runtime = ProcessorRuntime.start(config, (now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.compareAndSet(0, System.nanoTime());
            }
        }, null);
        long restoring = 0;
        String metrics = "http://127.0.0.1:" + runtime.httpPort() + "/metrics";
        while (running.get() == 0) {
            if (Progress.failure(runtime.streams()) != null) {
                throw new IllegalStateException(APP + " failed to restart: " + Progress.failure(runtime.streams()));
            }
            if (restoring == 0 && restoringStores(metrics) > 0) {
                restoring = System.nanoTime();
            }
            Thread.sleep(50);
        }
        return new Restart(runtime, started, restoring, running.get());
    }

    /**
     * The times of one restart (System.nanoTime): started, first seen restoring (0 if never seen between two polls),
     * RUNNING.
     */
    private record Restart(ProcessorRuntime runtime, long started, long restoring, long running) {

        void print(String what) {
            long total = (running - started) / 1_000_000;
            String split = restoring == 0 ? "" : String.format(Locale.ROOT, " (%.1f s to the assignment, %.1f s "
                    + "restoring)", (restoring - started) / 1e9, (running - restoring) / 1e9);
            System.out.printf(Locale.ROOT, "  %-58s %.1f s to RUNNING%s   target < %d s: %s%n",
                    "restore of 1M ids, " + what, total / 1e3, split, TARGET_MS / 1000,
                    total < TARGET_MS ? "met" : "MISSED");
        }
    }

    private int restoringStores(String metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metrics))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(line -> line.startsWith("processor_restoring_stores "))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1))).findFirst().orElse(0);
    }

    private static long storedIds(ProcessorRuntime runtime, JobSpec.Dedup job) {
        ReadOnlyWindowStore<String, Long> store = runtime.streams().store(StoreQueryParameters.fromNameAndType(
                DedupJob.storeName(job), QueryableStoreTypes.<String, Long>windowStore()));
        long n = 0;
        try (KeyValueIterator<Windowed<String>, Long> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    /** 1,000,000 distinct ids keyed by themselves, over the last 10 minutes of event time. */
    private void produce() {
        long base = System.currentTimeMillis() - 600_000;
        Random random = new Random(4);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < KEYS; i++) {
                long ts = base + i * 500_000L / KEYS;
                String id = "r-" + i;
                producer.send(new ProducerRecord<>(INPUT, null, ts, id, ProcessorBench.event(id, "click",
                        "u-" + random.nextInt(50_000), random.nextInt(100_000) / 100.0, ts, "s-" + i % 1000)));
            }
        }
    }
}
