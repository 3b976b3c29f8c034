package io.tributary.connect.transforms.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.connect.common.dlq.ErrorHeaders;
import io.tributary.connect.transforms.validate.ValidateSchema;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import io.tributary.generator.Quality;
import io.tributary.generator.Scenario;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.RedisProcess;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transforms in a real worker, as a user chains them in a source connector: file source → ValidateSchema →
 * EnrichFromRedis → Rules → topics, with the repository's own schema and rules files. Valid events are routed by
 * type, invalid ones and malformed lines go to their dead-letter topics, unroutable ones to their own topic; every
 * event ends in exactly one topic, with the headers its path gives it.
 */
class PipelineIT {

    private static final Path ROOT = Path.of(System.getProperty("tributary.root"));
    private static final List<String> TOPICS = List.of("events-payments", "events-iot", "events-clicks",
            "events-unroutable", "events-invalid", "events-dlq");

    @TempDir
    Path dir;

    @Test
    void everyEventEndsInExactlyOneExpectedTopicWithItsHeaders() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Map<String, String> expectedTopic = new HashMap<>();
        Set<String> usersWithProfile = new HashSet<>();
        Map<String, Integer> expectedCounts = new HashMap<>();
        GeneratorSettings settings = new GeneratorSettings(3_000, 0, 0.02, 0, 0, 0.05, 0, 20, 9L,
                EnumSet.allOf(Scenario.class));
        int malformed = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(input.resolve("events.jsonl")))) {
            EventGenerator generator = new EventGenerator(settings, Instant.parse("2026-03-01T00:00:00Z"));
            while (generator.hasNext()) {
                GeneratedEvent event = generator.next();
                out.write(event.bytes());
                out.write('\n');
                String topic = event.quality() == Quality.MALFORMED ? "events-dlq"
                        : event.quality() == Quality.INVALID ? "events-invalid"
                        : event.eventType().equals("payment") ? "events-payments"
                        : event.eventType().equals("sensor_reading") ? "events-iot" : "events-clicks";
                if (event.quality() == Quality.MALFORMED) {
                    malformed++;
                } else {
                    expectedTopic.put(event.eventId(), topic);
                }
                expectedCounts.merge(topic, 1, Integer::sum);
            }
            for (int i = 0; i < 40; i++) {
                String id = String.format("00000000-0000-4000-8000-%012d", i);
                out.write(("{\"event_id\":\"" + id + "\",\"event_type\":\"mystery\",\"ts\":\"2026-03-01T00:00:00Z\","
                        + "\"user_id\":\"u-000001\"}\n").getBytes(StandardCharsets.UTF_8));
                expectedTopic.put(id, "events-unroutable");
                expectedCounts.merge("events-unroutable", 1, Integer::sum);
            }
        }
        try (RedisProcess redis = RedisProcess.start();
             RedisClient client = RedisClient.create(redis.uri());
             StatefulRedisConnection<String, String> connection = client.connect();
             ConnectCluster cluster = ConnectCluster.builder("pipeline").start()) {
            for (int user = 0; user < 10; user++) {
                String id = String.format("u-%06d", user);
                usersWithProfile.add(id);
                connection.sync().set("user_profile:" + id, "{\"tier\": \"gold\", \"country\": \"DE\", \"ssn\": \"x\"}");
            }
            Map<String, String> config = new HashMap<>();
            config.putAll(Map.of(
                    "connector.class", "io.tributary.connect.source.file.FileSourceConnector",
                    "topic", "events-raw", "dlq.topic", "events-dlq", "file.path", input.toString(),
                    "file.min.age.ms", "0", "file.scan.interval.ms", "200",
                    "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable", "false",
                    "transforms", "validate,enrich,route"));
            config.putAll(Map.of(
                    "transforms.validate.type", "io.tributary.connect.transforms.validate.ValidateSchema$Value",
                    "transforms.validate.schema.file", ROOT.resolve("connector-configs/schemas/event.schema.json").toString(),
                    "transforms.validate.dlq.topic", "events-invalid",
                    "transforms.enrich.type", "io.tributary.connect.transforms.enrich.EnrichFromRedis",
                    "transforms.enrich.redis.uri", redis.uri(),
                    "transforms.enrich.lookup.key.template", "user_profile:${user_id}",
                    "transforms.enrich.target.field", "user",
                    "transforms.enrich.fields.include", "tier,country"));
            config.putAll(Map.of(
                    "transforms.route.type", "io.tributary.connect.transforms.rules.Rules",
                    "transforms.route.rules.file", ROOT.resolve("connector-configs/rules/event-routing.json").toString(),
                    "transforms.route.match", "all",
                    "transforms.route.unmatched.topic", "events-unroutable"));
            ConnectRest rest = cluster.rest();
            rest.configure("pipeline", config);
            rest.awaitRunning("pipeline", 1, Duration.ofSeconds(60));

            Map<String, String> seenIn = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            int deadLetters = 0;
            for (String topic : TOPICS) {
                List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAtLeast(cluster.bootstrapServers(),
                        topic, expectedCounts.getOrDefault(topic, 0), Duration.ofSeconds(60));
                counts.put(topic, records.size());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (topic.equals("events-dlq")) {
                        deadLetters++;
                        assertThat(header(record, ErrorHeaders.SOURCE_FILE)).isEqualTo("events.jsonl");
                        continue;
                    }
                    JsonNode value = ConnectRest.JSON.readTree(record.value());
                    String id = value.path("event_id").asText();
                    assertThat(seenIn.put(id, topic)).as("event %s seen twice", id).isNull();
                    String user = value.path("user_id").asText(null);
                    if (topic.equals("events-invalid")) {
                        assertThat(header(record, ValidateSchema.HEADER_VIOLATIONS)).startsWith("[{\"path\":\"$");
                        assertThat(header(record, ValidateSchema.HEADER_SCHEMA)).isEqualTo("event.schema.json");
                        assertThat(value.has("user")).as("invalid events are not enriched").isFalse();
                    } else if (usersWithProfile.contains(user)) {
                        assertThat(value.path("user")).hasToString("{\"tier\":\"gold\",\"country\":\"DE\"}");
                    } else {
                        assertThat(value.has("user")).isFalse();
                    }
                    if (topic.equals("events-payments") && value.path("amount").asDouble() >= 400) {
                        assertThat(header(record, "tributary.tags")).isEqualTo("large-payment");
                        assertThat(header(record, "review")).startsWith("risk-");
                    }
                }
            }
            assertThat(deadLetters).isEqualTo(malformed);
            assertThat(seenIn).isEqualTo(expectedTopic);
            assertThat(counts).isEqualTo(Map.of(
                    "events-payments", expectedCounts.getOrDefault("events-payments", 0),
                    "events-iot", expectedCounts.getOrDefault("events-iot", 0),
                    "events-clicks", expectedCounts.getOrDefault("events-clicks", 0),
                    "events-unroutable", 40,
                    "events-invalid", expectedCounts.get("events-invalid"),
                    "events-dlq", malformed));
            assertThat(TopicReader.readAll(cluster.bootstrapServers(), "events-raw", Duration.ofMillis(500))).isEmpty();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
