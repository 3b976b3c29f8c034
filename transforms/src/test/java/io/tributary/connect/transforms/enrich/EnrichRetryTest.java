package io.tributary.connect.transforms.enrich;

import io.tributary.connect.common.config.ConfigDefBuilder;
import io.tributary.connect.transforms.Records;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tributary.connect.transforms.Records.map;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries of failed lookups, against a lookup source that fails a given number of times. */
class EnrichRetryTest {

    /** Fails the next {@code failures} lookups, then answers every key with a profile. */
    static final class FlakySource implements LookupSource {
        int failures;
        int calls;

        @Override
        public Object lookup(String key) {
            calls++;
            if (failures > 0) {
                failures--;
                throw new LookupException("simulated timeout", null);
            }
            return Map.of("tier", "gold");
        }

        @Override
        public void close() {
        }
    }

    static final class FlakyEnrich extends Enrich<SourceRecord> {
        static final ConfigDef CONFIG_DEF = common(new ConfigDefBuilder(new ConfigDef())).build();
        final FlakySource source = new FlakySource();

        @Override
        public ConfigDef config() {
            return CONFIG_DEF;
        }

        @Override
        protected LookupSource open(AbstractConfig config) {
            return source;
        }
    }

    private static FlakyEnrich enrich(Object... config) {
        Map<String, Object> props = map(config);
        props.putIfAbsent("lookup.key.template", "user_profile:${user_id}");
        props.putIfAbsent("target.field", "user");
        props.putIfAbsent("cache.max.entries", "0");
        props.putIfAbsent("lookup.retry.backoff.ms", "1");
        FlakyEnrich transform = new FlakyEnrich();
        transform.configure(props);
        return transform;
    }

    private static Object user(SourceRecord record) {
        return ((Map<?, ?>) record.value()).get("user");
    }

    @Test
    void aTransientFailureIsRetriedAndTheRecordIsEnriched() {
        FlakyEnrich transform = enrich("lookup.retries", "2", "on.error", "pass");
        transform.source.failures = 2;
        assertThat(user(transform.apply(Records.value(map("user_id", "u1"))))).isEqualTo(Map.of("tier", "gold"));
        assertThat(transform.source.calls).isEqualTo(3);
    }

    @Test
    void afterTheRetriesAreSpentLookupsFailAtOnceUntilOneSucceeds() {
        FlakyEnrich transform = enrich("lookup.retries", "2", "on.error", "route");
        transform.source.failures = 5;
        assertThat(transform.apply(Records.value(map("user_id", "u1"))).topic()).isEqualTo("events-dlq");
        assertThat(transform.source.calls).as("the first attempt and two retries").isEqualTo(3);

        assertThat(transform.apply(Records.value(map("user_id", "u2"))).topic()).isEqualTo("events-dlq");
        assertThat(transform.source.calls).as("failing: no retries").isEqualTo(4);

        transform.source.failures = 0;
        assertThat(user(transform.apply(Records.value(map("user_id", "u3"))))).isEqualTo(Map.of("tier", "gold"));
        transform.source.failures = 1;
        assertThat(user(transform.apply(Records.value(map("user_id", "u4"))))).as("healthy again: retried")
                .isEqualTo(Map.of("tier", "gold"));
        assertThat(transform.source.calls).isEqualTo(7);
    }

    @Test
    void withoutRetriesTheFirstFailureDecides() {
        FlakyEnrich transform = enrich("lookup.retries", "0", "on.error", "pass");
        transform.source.failures = 1;
        assertThat(user(transform.apply(Records.value(map("user_id", "u1"))))).isNull();
        assertThat(transform.source.calls).isEqualTo(1);
    }
}
