package io.tributary.bench.transforms;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes the user profiles the benchmarks look up into Redis, pipelined. */
final class RedisProfiles {

    private static final String[] TIERS = {"bronze", "silver", "gold", "platinum"};
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP", "NL"};

    private RedisProfiles() {
    }

    static String key(String prefix, String user) {
        return prefix + "user_profile:" + user;
    }

    static String profile(int n) {
        return "{\"tier\":\"" + TIERS[n % 4] + "\",\"country\":\"" + COUNTRIES[n % 6] + "\",\"signup_year\":"
                + (2015 + n % 10) + ",\"email\":\"user" + n + "@example.com\"}";
    }

    /** Profiles for users {@code 0 .. count-1} (named by {@link Events#user}). */
    static void seed(String uri, String prefix, int count) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.setAutoFlushCommands(false);
            RedisAsyncCommands<String, String> async = connection.async();
            List<RedisFuture<String>> pending = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                pending.add(async.set(key(prefix, Events.user(n)), profile(n)));
                if (pending.size() == 10_000 || n == count - 1) {
                    connection.flushCommands();
                    if (!LettuceFutures.awaitAll(Duration.ofSeconds(30), pending.toArray(new RedisFuture[0]))) {
                        throw new IllegalStateException("Redis did not store the benchmark profiles in time");
                    }
                    pending.clear();
                }
            }
        } catch (io.lettuce.core.RedisConnectionException e) {
            throw new IllegalStateException("the transform benchmarks need Redis on 127.0.0.1:6379 "
                    + "(./tributary services start redis): " + e.getMessage(), e);
        } finally {
            client.shutdown();
        }
    }
}
