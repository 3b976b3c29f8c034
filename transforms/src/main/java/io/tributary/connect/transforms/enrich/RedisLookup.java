package io.tributary.connect.transforms.enrich;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.tributary.connect.common.data.JsonData;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lookups in Redis with lettuce: GET (the value as JSON, or as a string) or HGETALL, each with a timeout. While
 * Redis cannot be reached, commands fail at once rather than queue (the transform's error policy then decides), and
 * a reconnect is tried at most once a second.
 */
final class RedisLookup implements LookupSource {

    enum Command { GET, HGETALL }

    private final RedisClient client;
    private final ClientResources resources;
    private final String prefix;
    private final Command command;
    private final boolean json;
    private final Duration timeout;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long nextConnectAttempt;

    RedisLookup(RedisURI uri, String prefix, Command command, boolean json, Duration timeout) {
        this.resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
        this.client = RedisClient.create(resources, uri);
        this.client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .sslOptions(SslOptions.create())
                .build());
        this.prefix = prefix;
        this.command = command;
        this.json = json;
        this.timeout = timeout;
    }

    static RedisURI uri(String uri, String username, String password, int database, boolean tls, Duration timeout) {
        RedisURI parsed = RedisURI.create(uri);
        RedisURI.Builder builder = RedisURI.builder(parsed).withTimeout(timeout).withDatabase(database >= 0 ? database
                : parsed.getDatabase());
        if (tls) {
            builder.withSsl(true);
        }
        if (password != null && !password.isEmpty()) {
            if (username != null && !username.isEmpty()) {
                builder.withAuthentication(username, password);
            } else {
                builder.withPassword(password.toCharArray());
            }
        }
        return builder.build();
    }

    @Override
    public boolean answersText() {
        return command == Command.GET && !json;
    }

    @Override
    public Object lookup(String key) {
        StatefulRedisConnection<String, String> conn = connection();
        try {
            if (command == Command.HGETALL) {
                Map<String, String> hash = conn.sync().hgetall(prefix + key);
                return hash == null || hash.isEmpty() ? null : new LinkedHashMap<String, Object>(hash);
            }
            String value = conn.sync().get(prefix + key);
            if (value == null || !json) {
                return value;
            }
            try {
                byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return JsonData.parseSchemaless(bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new LookupException("the value at a lookup key is not valid JSON", e);
            }
        } catch (LookupException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LookupException("Redis lookup failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection != null) {
                return connection;
            }
            long now = System.currentTimeMillis();
            if (now < nextConnectAttempt) {
                throw new LookupException("Redis is unreachable (next connection attempt in "
                        + (nextConnectAttempt - now) + " ms)", null);
            }
            nextConnectAttempt = now + 1_000;
            try {
                StatefulRedisConnection<String, String> opened = client.connect();
                opened.setTimeout(timeout);
                connection = opened;
                return opened;
            } catch (RuntimeException e) {
                throw new LookupException("cannot connect to Redis: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> conn = connection;
        if (conn != null) {
            conn.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
