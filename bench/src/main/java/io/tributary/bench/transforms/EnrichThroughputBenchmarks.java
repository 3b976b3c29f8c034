package io.tributary.bench.transforms;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.connect.transforms.enrich.EnrichFromRedis;
import org.apache.kafka.connect.source.SourceRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Records per second through EnrichFromRedis on one thread (one task), against the real Redis on 127.0.0.1:6379,
 * when 95% of lookups find their key in the local cache: 95% of records belong to 10,000 hot users (cached after
 * the first lookup), 5% to users never seen before, each a GET to Redis. The reference is the same stream with a
 * plain lettuce GET per record, which is what enrichment without a local cache costs. The hit rate the run actually
 * had (from Redis' own GET count) is written to the file named by {@code -Dtributary.bench.out}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EnrichThroughputBenchmarks {

    static final int HOT_USERS = 10_000;
    static final int COLD_USERS = 300_000;
    private static final int SEQUENCE = 1 << 20;

    private final Random random = new Random(11);
    private List<Map<String, Object>> events;
    private boolean[] coldAt;
    private int[] hotUser;
    private int next;
    private int nextCold;
    private long ops;
    private long getsBefore;
    private EnrichFromRedis<SourceRecord> enrich;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @Setup(Level.Trial)
    public void setUp() {
        events = Events.maps(1_024);
        RedisProfiles.seed(TransformBenchmarks.REDIS_URI, TransformBenchmarks.PREFIX, HOT_USERS + COLD_USERS);
        coldAt = new boolean[SEQUENCE];
        hotUser = new int[SEQUENCE];
        for (int i = 0; i < SEQUENCE; i++) {
            coldAt[i] = random.nextDouble() < 0.05;
            hotUser[i] = random.nextInt(HOT_USERS);
        }
        enrich = new EnrichFromRedis<>();
        enrich.configure(Map.of("redis.uri", TransformBenchmarks.REDIS_URI, "redis.key.prefix", TransformBenchmarks.PREFIX,
                "lookup.key.template", "user_profile:${user_id}", "target.field", "user",
                "fields.include", "tier,country", "cache.max.entries", "20000", "cache.ttl.ms", "3600000"));
        for (int u = 0; u < HOT_USERS; u++) {
            enrich.apply(Events.record(Map.of("user_id", Events.user(u))));
        }
        client = RedisClient.create(TransformBenchmarks.REDIS_URI);
        connection = client.connect();
        redis = connection.sync();
        getsBefore = gets();
    }

    /** The next record: a hot user 95% of the time, otherwise a user not looked up before. */
    private String nextUser() {
        int i = next++ & (SEQUENCE - 1);
        int user = coldAt[i] ? HOT_USERS + (nextCold++ % COLD_USERS) : hotUser[i];
        return Events.user(user);
    }

    private SourceRecord nextRecord() {
        Map<String, Object> event = events.get(next & 1_023);
        event.put("user_id", nextUser());
        return Events.record(event);
    }

    @Benchmark
    public SourceRecord enrich95PercentCacheHits() {
        ops++;
        return enrich.apply(nextRecord());
    }

    @Benchmark
    public String referenceRedisGetPerRecord() {
        return redis.get(RedisProfiles.key(TransformBenchmarks.PREFIX, nextUser()));
    }

    private long gets() {
        return redis.info("commandstats").lines().filter(l -> l.startsWith("cmdstat_get:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("^cmdstat_get:calls=(\\d+),.*", "$1"))).orElse(0L);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (ops > 0) {
            long toRedis = gets() - getsBefore;
            String out = System.getProperty("tributary.bench.out");
            String line = String.format(java.util.Locale.ROOT, "enrich.ops=%d enrich.redis.gets=%d enrich.hit.rate=%.4f%n",
                    ops, toRedis, 1.0 - (double) toRedis / ops);
            System.out.print(line);
            if (out != null) {
                Files.writeString(Path.of(out), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        }
        enrich.close();
        connection.close();
        client.shutdown();
    }
}
