package io.tributary.processor.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.processor.Driver;
import io.tributary.testsupport.RedisProcess;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dedup job enriching first occurrences from a real Redis (a server of the test's own, redis-server on 127.0.0.1):
 * a JSON profile by GET, a store's config by HGETALL of a hash, and an unknown store routed to the dead-letter topic
 * with EnrichFromRedis' headers — the cart-events pipeline's enrichment step.
 */
class TransformJobRedisIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RedisProcess redis;

    @TempDir
    Path state;

    @BeforeAll
    static void seed() {
        redis = RedisProcess.start();
        RedisClient client = RedisClient.create(redis.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().set("t:user_profile:u-1", "{\"tier\": \"gold\", \"country\": \"DE\", \"email\": \"x@example.com\"}");
            c.sync().hset("t:store_config:s-1", Map.of("name", "Berlin", "currency", "EUR"));
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    private String config() {
        return """
                application.id: redis-transform-test
                bootstrap.servers: 127.0.0.1:9092
                jobs:
                  - name: enrich
                    kind: dedup
                    input: validated
                    output: enriched
                    dead.letter.topic: dlq
                    id: eventId
                    retention: 1h
                    transforms: profile, store
                    transforms.profile.type: io.tributary.connect.transforms.enrich.EnrichFromRedis
                    transforms.profile.redis.uri: %1$s
                    transforms.profile.redis.key.prefix: 't:'
                    transforms.profile.lookup.key.template: user_profile:${userId}
                    transforms.profile.target.field: user
                    transforms.profile.fields.include: tier,country
                    transforms.profile.on.miss: pass
                    transforms.store.type: io.tributary.connect.transforms.enrich.EnrichFromRedis
                    transforms.store.redis.uri: %1$s
                    transforms.store.redis.key.prefix: 't:'
                    transforms.store.redis.command: hgetall
                    transforms.store.lookup.key.template: store_config:${storeId}
                    transforms.store.target.field: store
                    transforms.store.on.miss: route
                    transforms.store.dlq.topic: dlq
                """.formatted(redis.uri());
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void profilesAndStoresAreLookedUpAndAnUnknownStoreIsADeadLetter() throws Exception {
        try (Driver d = new Driver(config(), state)) {
            d.send("u-1", "{\"eventId\":\"e-1\",\"userId\":\"u-1\",\"storeId\":\"s-1\"}", 1)
                    .send("u-2", "{\"eventId\":\"e-2\",\"userId\":\"u-2\",\"storeId\":\"s-1\"}", 2)
                    .send("u-1", "{\"eventId\":\"e-3\",\"userId\":\"u-1\",\"storeId\":\"s-9\"}", 3)
                    .send("u-1", "{\"eventId\":\"e-1\",\"userId\":\"u-1\",\"storeId\":\"s-1\"}", 4);
            List<TestRecord<String, String>> enriched = d.read("enriched");
            assertThat(enriched).extracting(r -> json(r.value())).containsExactly(
                    json("{\"eventId\":\"e-1\",\"userId\":\"u-1\",\"storeId\":\"s-1\",\"user\":{\"tier\":\"gold\","
                            + "\"country\":\"DE\"},\"store\":{\"name\":\"Berlin\",\"currency\":\"EUR\"}}"),
                    json("{\"eventId\":\"e-2\",\"userId\":\"u-2\",\"storeId\":\"s-1\",\"store\":{\"name\":\"Berlin\","
                            + "\"currency\":\"EUR\"}}"));
            List<TestRecord<String, String>> dead = d.read("dlq");
            assertThat(dead).hasSize(1);
            assertThat(json(dead.get(0).value())).as("the record as it came to the step that refused it: with its profile")
                    .isEqualTo(json("{\"eventId\":\"e-3\",\"userId\":\"u-1\",\"storeId\":\"s-9\",\"user\":{\"tier\":"
                            + "\"gold\",\"country\":\"DE\"}}"));
            assertThat(Driver.header(dead.get(0), "tributary.error.stage")).isEqualTo("enrich");
            assertThat(Driver.header(dead.get(0), "tributary.error.class")).isEqualTo("io.tributary.EnrichmentMiss");
            assertThat(Driver.header(dead.get(0), "tributary.error.message")).isEqualTo("nothing found for the lookup key");
            assertThat(Driver.header(dead.get(0), "tributary.original.topic")).isEqualTo("validated");
        }
    }
}
