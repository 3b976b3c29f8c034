package io.tributary.processor.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.processor.ProcessorRuntime;
import io.tributary.processor.compat.StateCompatFixture;
import io.tributary.processor.compat.StateCompatFixture.Stored;
import io.tributary.processor.config.ProcessorConfig;
import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upgrade from release {@value StateCompatFixture#RELEASE}: its changelog records (the fixture) are in the
 * changelog topics, the state directory is empty, and today's processor starts. It must rebuild its stores from
 * those bytes and go on from them: a repeat of an event id the fixture saw is dropped, and the fixture's open
 * windows carry on counting (and one with no new event is still emitted, from the restored suppression buffer).
 */
class StateCompatibilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long WINDOW = StateCompatFixture.WINDOW_START;
    private static ConnectCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = ConnectCluster.builder("processor-compat").workers(0).start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void restoresTheFixturesStateAndContinuesFromIt() throws Exception {
        // The changelogs only: the fixture's repartition records were consumed by the release that wrote them (its
        // committed offsets are past them); StateFormatTest checks that today's serde reads them.
        List<Stored> fixture = StateCompatFixture.records().stream().filter(r -> r.topic().endsWith("-changelog"))
                .toList();
        createTopics(fixture);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (Stored r : fixture) {
                producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), r.key(), r.value(),
                        r.kafkaHeaders())).get();
            }
        }

        ProcessorConfig config = ProcessorConfig.parse(StateCompatFixture.configYaml(), "processor.yaml")
                .with(Map.of("bootstrap.servers", kafka.bootstrapServers(), "state.dir", dir.resolve("state")
                        .toString()), null, -1);
        try (ProcessorRuntime processor = ProcessorRuntime.start(config, null, null)) {
            Await.until(Duration.ofSeconds(120), "the processor to restore and run",
                    () -> processor.streams().state() == KafkaStreams.State.RUNNING);
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                // f-2 again, as in the fixture: a repeat. n-1: a new payment in the fixture's window. Then an event
                // five minutes later, which closes that window (size 1 minute, grace 1 minute).
                send(producer, "f-2", "payment", "u-2", 250, WINDOW + 4_000);
                send(producer, "n-1", "payment", "u-4", 50, WINDOW + 40_000);
                send(producer, "c-1", "later", "u-9", 1, WINDOW + 300_000);
            }

            List<String> unique = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), "compat-unique", 2,
                    Duration.ofSeconds(90), Duration.ofSeconds(3), true)) {
                unique.add(JSON.readTree(r.value()).get("event_id").asText());
            }
            assertThat(unique).as("f-2 is a repeat of an event of the restored state").containsExactly("n-1", "c-1");

            Map<String, JsonNode> windows = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : TopicReader.read(kafka.bootstrapServers(), "compat-counts", 2,
                    Duration.ofSeconds(90), Duration.ofSeconds(3), true)) {
                JsonNode w = JSON.readTree(r.value());
                assertThat(w.get("window_start_ms").asLong()).isEqualTo(WINDOW);
                assertThat(windows.put(w.get("type").asText(), w)).as("one result per window").isNull();
            }
            assertThat(windows).containsOnlyKeys("payment", "refund");
            // The fixture's five payments (850 cents by u-1, u-2, u-3; first by u-1) and the new one.
            JsonNode payments = windows.get("payment");
            assertThat(payments.get("n").asLong()).isEqualTo(6);
            assertThat(payments.get("cents").asDouble()).isEqualTo(900.0);
            assertThat(payments.get("users").asLong()).isEqualTo(4);
            assertThat(payments.get("first_user").asText()).isEqualTo("u-1");
            // No new refund: its result comes from the restored state alone.
            JsonNode refunds = windows.get("refund");
            assertThat(refunds.get("n").asLong()).isEqualTo(2);
            assertThat(refunds.get("cents").asDouble()).isEqualTo(100.0);
        }
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), "compat-dlq", Duration.ofMillis(500))).isEmpty();
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), "compat-late", Duration.ofMillis(500))).isEmpty();
    }

    /**
     * The jobs' topics and the fixture's, one partition each as in the fixture, kept forever: the fixture's records
     * and the window results carry its event time, which is older than the broker's default retention.
     */
    private static void createTopics(List<Stored> fixture) throws Exception {
        Set<String> names = new LinkedHashSet<>(List.of("compat-raw", "compat-unique", "compat-counts", "compat-late",
                "compat-dlq"));
        fixture.forEach(r -> names.add(r.topic()));
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            String policy = name.endsWith("-changelog") ? (name.contains("final") ? "compact" : "compact,delete")
                    : "delete";
            topics.add(new NewTopic(name, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, policy,
                    TopicConfig.RETENTION_MS_CONFIG, "-1")));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(topics).all().get();
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String id, String type, String user, int cents,
                             long ts) throws Exception {
        producer.send(new ProducerRecord<>("compat-raw", user.getBytes(StandardCharsets.UTF_8), ("{\"event_id\": \""
                + id + "\", \"type\": \"" + type + "\", \"user\": \"" + user + "\", \"cents\": " + cents + ", \"ts\": "
                + ts + "}").getBytes(StandardCharsets.UTF_8))).get();
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
