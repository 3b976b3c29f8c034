package io.tributary.connect.transforms.enrich;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.time.Duration;

/**
 * Enriches record values with data looked up in Redis (GET of a JSON or string value, or HGETALL of a hash), through
 * a local cache. See {@link Enrich} for the key template, the merge and the miss and error policies.
 */
public final class EnrichFromRedis<R extends ConnectRecord<R>> extends Enrich<R> {

    public static final String URI_CONFIG = "redis.uri";
    public static final String USERNAME_CONFIG = "redis.username";
    public static final String PASSWORD_CONFIG = "redis.password";
    public static final String DATABASE_CONFIG = "redis.database";
    public static final String TLS_CONFIG = "redis.tls.enabled";
    public static final String TIMEOUT_CONFIG = "redis.timeout.ms";
    public static final String PREFIX_CONFIG = "redis.key.prefix";
    public static final String COMMAND_CONFIG = "redis.command";
    public static final String VALUE_FORMAT_CONFIG = "redis.value.format";

    public static final ConfigDef CONFIG_DEF = common(new ConfigDefBuilder(new ConfigDef())
            .group("Redis")
            .key(URI_CONFIG).defaultValue("redis://127.0.0.1:6379").validator(Validators.nonEmpty())
            .importance(Importance.HIGH).doc("Redis to look up in: redis://host:port/db, or rediss:// for TLS.")
            .display("Redis URI").add()
            .key(USERNAME_CONFIG).defaultValue("").importance(Importance.MEDIUM)
            .doc("User for Redis ACL authentication (Redis 6+); empty authenticates with the password alone.")
            .display("Username").add()
            .key(PASSWORD_CONFIG).type(Type.PASSWORD).defaultValue(null).importance(Importance.HIGH)
            .doc("Password (AUTH). Use a config provider, e.g. ${file:/etc/secrets/redis.properties:password}.")
            .display("Password").add()
            .key(DATABASE_CONFIG).type(Type.INT).defaultValue(-1).validator(Validators.between(-1, 1_000))
            .importance(Importance.LOW).doc("Database index; -1 keeps the one in the URI (0 by default).")
            .display("Database").add()
            .key(TLS_CONFIG).type(Type.BOOLEAN).defaultValue(false).importance(Importance.MEDIUM)
            .doc("Whether to use TLS (also implied by a rediss:// URI).").display("TLS").add()
            .key(TIMEOUT_CONFIG).type(Type.LONG).defaultValue(100L).validator(Validators.between(1, 60_000))
            .importance(Importance.MEDIUM).doc("Timeout of one lookup; a lookup that takes longer is an error "
                    + "(see on.error).").display("Lookup timeout (ms)").add()
            .key(PREFIX_CONFIG).defaultValue("").importance(Importance.LOW)
            .doc("Prefix put before every lookup key (and kept out of the cache key).").display("Key prefix").add()
            .key(COMMAND_CONFIG).defaultValue("get").validator(Validators.oneOf("get", "hgetall"))
            .importance(Importance.HIGH).doc("'get' a string value, or 'hgetall' a hash (a map of strings).")
            .display("Command").add()
            .key(VALUE_FORMAT_CONFIG).defaultValue("json").validator(Validators.oneOf("json", "string"))
            .importance(Importance.MEDIUM).doc("With 'get': 'json' parses the value as JSON (an object becomes a "
                    + "map), 'string' keeps it as text.").display("Value format").add()).build();

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    protected LookupSource open(AbstractConfig config) {
        Duration timeout = Duration.ofMillis(config.getLong(TIMEOUT_CONFIG));
        Password password = config.getPassword(PASSWORD_CONFIG);
        return new RedisLookup(RedisLookup.uri(config.getString(URI_CONFIG), config.getString(USERNAME_CONFIG),
                password == null ? null : password.value(), config.getInt(DATABASE_CONFIG), config.getBoolean(TLS_CONFIG),
                timeout), config.getString(PREFIX_CONFIG),
                "hgetall".equalsIgnoreCase(config.getString(COMMAND_CONFIG)) ? RedisLookup.Command.HGETALL
                        : RedisLookup.Command.GET,
                "json".equalsIgnoreCase(config.getString(VALUE_FORMAT_CONFIG)), timeout);
    }
}
