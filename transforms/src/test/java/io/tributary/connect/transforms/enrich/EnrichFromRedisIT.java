package io.tributary.connect.transforms.enrich;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.transforms.Records;
import io.tributary.testsupport.LocalServices;
import io.tributary.testsupport.RedisProcess;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.tributary.connect.transforms.Records.header;
import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EnrichFromRedis against real Redis servers on 127.0.0.1: the shared one, and one of its own to stop and block. */
class EnrichFromRedisIT {

    private static RedisProcess redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> commands;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        commands = connection.sync();
        commands.set("user_profile:u1", "{\"tier\": \"gold\", \"country\": \"DE\"}");
        commands.hset("merchant:m1", Map.of("name", "Acme", "category", "tools"));
        commands.set("label:u1", "very important");
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    private static EnrichFromRedis<SourceRecord> enrich(Object... config) {
        Map<String, Object> props = map(config);
        props.putIfAbsent("redis.uri", redis.uri());
        props.putIfAbsent("lookup.key.template", "user_profile:${user_id}");
        props.putIfAbsent("target.field", "user");
        EnrichFromRedis<SourceRecord> transform = new EnrichFromRedis<>();
        transform.configure(props);
        return transform;
    }

    private static long gets() {
        String stats = commands.info("commandstats");
        return stats.lines().filter(l -> l.startsWith("cmdstat_get:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("^cmdstat_get:calls=(\\d+),.*", "$1"))).orElse(0L);
    }

    private static Object user(SourceRecord record) {
        return ((Map<?, ?>) record.value()).get("user");
    }

    @Test
    void worksAgainstTheSharedLocalRedis() {
        String uri = LocalServices.redis().toString();
        try (RedisClient shared = RedisClient.create(uri); StatefulRedisConnection<String, String> c = shared.connect()) {
            c.sync().set("tributary-it:user_profile:u7", "{\"tier\": \"bronze\"}");
            try (EnrichFromRedis<SourceRecord> transform = enrich("redis.uri", uri, "redis.key.prefix", "tributary-it:")) {
                assertThat(user(transform.apply(Records.value(map("user_id", "u7"))))).isEqualTo(Map.of("tier", "bronze"));
            }
            c.sync().del("tributary-it:user_profile:u7");
        }
    }

    @Test
    void hitsAreServedFromTheCacheAndMissesAreRememberedForTheirOwnTtl() {
        try (EnrichFromRedis<SourceRecord> transform = enrich("cache.negative.ttl.ms", "60000")) {
            long before = gets();
            for (int i = 0; i < 100; i++) {
                assertThat(user(transform.apply(Records.value(map("user_id", "u1")))))
                        .isEqualTo(Map.of("tier", "gold", "country", "DE"));
                assertThat(user(transform.apply(Records.value(map("user_id", "ghost"))))).isNull();
            }
            assertThat(gets() - before).as("GETs reaching Redis for 200 records of 2 keys").isEqualTo(2);
        }
    }

    @Test
    void withoutNegativeCachingEveryMissIsLookedUp() {
        try (EnrichFromRedis<SourceRecord> transform = enrich("cache.negative.ttl.ms", "0")) {
            long before = gets();
            for (int i = 0; i < 10; i++) {
                transform.apply(Records.value(map("user_id", "ghost")));
            }
            assertThat(gets() - before).isEqualTo(10);
        }
    }

    @Test
    void anEntryIsLookedUpAgainAfterItsTtl() throws Exception {
        commands.set("user_profile:u5", "{\"tier\": \"silver\"}");
        try (EnrichFromRedis<SourceRecord> transform = enrich("cache.ttl.ms", "300")) {
            assertThat(user(transform.apply(Records.value(map("user_id", "u5"))))).isEqualTo(Map.of("tier", "silver"));
            commands.set("user_profile:u5", "{\"tier\": \"gold\"}");
            assertThat(user(transform.apply(Records.value(map("user_id", "u5"))))).isEqualTo(Map.of("tier", "silver"));
            Thread.sleep(400);
            assertThat(user(transform.apply(Records.value(map("user_id", "u5"))))).isEqualTo(Map.of("tier", "gold"));
        }
    }

    @Test
    void hashesAndPlainStringsAreLookedUpToo() {
        try (EnrichFromRedis<SourceRecord> hashes = enrich("redis.command", "hgetall", "lookup.key.template",
                "merchant:${merchant}", "target.field", "merchant_info");
             EnrichFromRedis<SourceRecord> strings = enrich("redis.value.format", "string", "lookup.key.template",
                     "label:${user_id}", "target.field", "label")) {
            assertThat(((Map<?, ?>) hashes.apply(Records.value(map("merchant", "m1"))).value()).get("merchant_info"))
                    .isEqualTo(Map.of("name", "Acme", "category", "tools"));
            assertThat(((Map<?, ?>) strings.apply(Records.value(map("user_id", "u1"))).value()).get("label"))
                    .isEqualTo("very important");
        }
    }

    @Test
    void aPasswordProtectedRedisIsReachedWithAuth() {
        try (RedisProcess secured = RedisProcess.start("--requirepass", "s3cret")) {
            try (RedisClient c = RedisClient.create("redis://:s3cret@127.0.0.1:" + secured.port());
                 StatefulRedisConnection<String, String> conn = c.connect()) {
                conn.sync().set("user_profile:u1", "{\"tier\": \"vault\"}");
            }
            try (EnrichFromRedis<SourceRecord> withPassword = enrich("redis.uri", secured.uri(), "redis.password", "s3cret");
                 EnrichFromRedis<SourceRecord> without = enrich("redis.uri", secured.uri(), "on.error", "fail")) {
                assertThat(user(withPassword.apply(Records.value(map("user_id", "u1"))))).isEqualTo(Map.of("tier", "vault"));
                assertThatThrownBy(() -> without.apply(Records.value(map("user_id", "u1")))).isInstanceOf(DataException.class)
                        .hasMessageContaining("Enrichment failed");
            }
        }
    }

    @Test
    void whenRedisStopsMidRunThePolicyIsHonouredAndLookupsResumeWhenItIsBack() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             EnrichFromRedis<SourceRecord> routing = enrich("redis.uri", own.uri(), "on.error", "route",
                     "cache.max.entries", "0");
             EnrichFromRedis<SourceRecord> passing = enrich("redis.uri", own.uri(), "on.error", "pass",
                     "cache.max.entries", "0")) {
            try (RedisClient c = RedisClient.create(own.uri()); StatefulRedisConnection<String, String> conn = c.connect()) {
                conn.sync().set("user_profile:u1", "{\"tier\": \"gold\"}");
            }
            assertThat(user(routing.apply(Records.value(map("user_id", "u1"))))).isEqualTo(Map.of("tier", "gold"));
            own.stop();
            SourceRecord routed = routing.apply(Records.value(map("user_id", "u1")));
            assertThat(routed.topic()).isEqualTo("events-dlq");
            assertThat(header(routed, ErrorHeaders.ERROR_MESSAGE)).startsWith("lookup of a key failed");
            SourceRecord passed = passing.apply(Records.value(map("user_id", "u1")));
            assertThat(passed.topic()).isEqualTo("events");
            assertThat(user(passed)).isNull();

            own.restart();
            try (RedisClient c = RedisClient.create(own.uri()); StatefulRedisConnection<String, String> conn = c.connect()) {
                conn.sync().set("user_profile:u1", "{\"tier\": \"gold\"}");
            }
            long deadline = System.currentTimeMillis() + 10_000;
            Object found = null;
            while (found == null && System.currentTimeMillis() < deadline) {
                found = user(routing.apply(Records.value(map("user_id", "u1"))));
                Thread.sleep(100);
            }
            assertThat(found).isEqualTo(Map.of("tier", "gold"));
        }
    }

    @Test
    void aLookupSlowerThanItsTimeoutIsAnError() throws Exception {
        try (RedisProcess own = RedisProcess.start();
             EnrichFromRedis<SourceRecord> transform = enrich("redis.uri", own.uri(), "redis.timeout.ms", "100",
                     "on.error", "route")) {
            transform.apply(Records.value(map("user_id", "warm-up")));
            // DEBUG SLEEP blocks the whole server, like a Redis stuck on a slow command.
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", own.port())) {
                socket.getOutputStream().write("DEBUG SLEEP 1.5\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                CompletableFuture<Integer> sleeping = CompletableFuture.supplyAsync(() -> {
                    try {
                        return socket.getInputStream().read();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                Thread.sleep(100);
                SourceRecord out = transform.apply(Records.value(map("user_id", "u1")));
                assertThat(sleeping).as("gave up (after its retries) while Redis was still blocked").isNotDone();
                assertThat(out.topic()).isEqualTo("events-dlq");
                sleeping.get();
            }
        }
    }
}
