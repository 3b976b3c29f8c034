package io.tributary.connect.sink.file.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TestInput;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ValidateSchema with {@code on.invalid=route} on a file sink: the invalid records' topic is renamed to the dead-letter
 * name, which the sink does not consume. As for any router on a sink, they are written under that name, their
 * offsets commit with the partition read, and nothing is produced to Kafka.
 */
class FileSinkValidateSchemaIT {

    private static final int RECORDS = 1_000;
    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"id\",\"amount\"],"
            + "\"properties\":{\"id\":{\"type\":\"integer\"},\"amount\":{\"type\":\"number\"}}}";

    @TempDir
    Path dir;

    @Test
    void invalidRecordsRoutedOnASinkAreWrittenUnderTheDeadLetterNameAndTheirOffsetsCommitted() throws Exception {
        Path out = dir.resolve("out");
        try (ConnectCluster cluster = ConnectCluster.builder("file-sink-validate").start()) {
            cluster.createTopic("payments", 2);
            Set<Long> invalid = new HashSet<>();
            List<ProducerRecord<String, String>> input = new ArrayList<>();
            for (long id = 0; id < RECORDS; id++) {
                boolean bad = id % 7 == 3;
                if (bad) {
                    invalid.add(id);
                }
                String amount = bad ? "\"twelve\"" : String.valueOf(id % 100);
                input.add(new ProducerRecord<>("payments", String.valueOf(id),
                        "{\"id\":" + id + ",\"amount\":" + amount + "}"));
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    TestInput.producerConfig(cluster.bootstrapServers()), new StringSerializer(),
                    new StringSerializer())) {
                TestInput.sendAll(producer, input);
            }
            ConnectRest rest = cluster.rest();
            Map<String, String> config = new HashMap<>(Map.of(
                    "connector.class", "io.tributary.connect.sink.file.FileSinkConnector",
                    "tasks.max", "2",
                    "topics", "payments",
                    "file.path", out.toString(),
                    "rotate.records", "100",
                    "rotate.interval.ms", "1000",
                    "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                    "value.converter.schemas.enable", "false"));
            config.put("transforms", "validate");
            config.put("transforms.validate.type", "io.tributary.connect.transforms.validate.ValidateSchema$Value");
            config.put("transforms.validate.schema.inline", SCHEMA);
            config.put("transforms.validate.on.invalid", "route");
            config.put("transforms.validate.dlq.topic", "payments-invalid");
            rest.configure("validated", config);
            rest.awaitRunning("validated", 2, Duration.ofSeconds(60));

            Await.until(Duration.ofSeconds(60), RECORDS + " records in visible files",
                    () -> SinkOutput.lines(out).size() >= RECORDS, () -> SinkOutput.lines(out).size() + " lines");
            Map<TopicPartition, Long> ends = TopicReader.endOffsets(cluster.bootstrapServers(), "payments");
            Await.until(Duration.ofSeconds(60), "committed offsets of payments at its ends",
                    () -> rest.sinkOffsets("validated").equals(ends), () -> rest.sinkOffsets("validated") + "");

            Map<Long, Integer> valid = new HashMap<>();
            Map<Long, Integer> routed = new HashMap<>();
            for (Path file : SinkOutput.files(out)) {
                String relative = out.relativize(file).toString();
                assertThat(relative).matches("payments(-invalid)?/partition=[01]/payments\\+[01]\\+\\d{20}\\.jsonl");
                Map<Long, Integer> into = relative.startsWith("payments-invalid/") ? routed : valid;
                for (String line : Files.readAllLines(file)) {
                    into.merge(ConnectRest.JSON.readTree(line).path("id").asLong(), 1, Integer::sum);
                }
            }
            assertThat(routed.keySet()).as("invalid records under the dead-letter name").isEqualTo(invalid);
            assertThat(valid).as("valid records under the topic name").hasSize(RECORDS - invalid.size());
            assertThat(valid.keySet()).doesNotContainAnyElementsOf(invalid);
            assertThat(valid.values()).containsOnly(1);
            assertThat(routed.values()).containsOnly(1);
            assertThat(rest.sinkOffsets("validated")).as("GET /connectors/validated/offsets").isEqualTo(ends);
            assertThat(ends.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).as("nothing produced to the dead-letter name")
                        .doesNotContain("payments-invalid");
            }
            rest.awaitRunning("validated", 2, Duration.ofSeconds(10));
        }
    }
}
