package io.tributary.connect.common.auth;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.common.config.CrossFieldValidation;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The authentication keys as a connector would define them, and a clock the tests move by hand. */
final class TestAuth {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final ConfigDef DEF = define();

    private TestAuth() {
    }

    private static ConfigDef define() {
        ConfigDefBuilder b = new ConfigDefBuilder(new ConfigDef());
        ServerAuthConfig.define(b);
        return b.build();
    }

    static Map<String, String> props(String... keyValues) {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    static RequestAuthenticator authenticator(Clock clock, String... keyValues) {
        return ServerAuthConfig.build(new AbstractConfig(DEF, props(keyValues)), clock);
    }

    /** The error messages of {@code ConfigDef.validate} plus {@link ServerAuthConfig#validate}, by key. */
    static Map<String, List<String>> errors(String... keyValues) {
        List<ConfigValue> values = DEF.validate(props(keyValues));
        ServerAuthConfig.validate(new CrossFieldValidation(new Config(values)));
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigValue value : values) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    /** A clock standing still at {@link #NOW} until moved. */
    static final class ManualClock extends Clock {
        private volatile Instant now = NOW;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
