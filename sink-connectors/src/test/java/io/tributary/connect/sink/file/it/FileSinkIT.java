package io.tributary.connect.sink.file.it;

import io.tributary.testsupport.Await;
import io.tributary.testsupport.ConnectCluster;
import io.tributary.testsupport.ConnectRest;
import io.tributary.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The file sink in a real worker, with the worker's dead-letter queue for records it cannot write. */
class FileSinkIT {

    @RegisterExtension
    static final WorkerCluster WORKER = new WorkerCluster("file-sink-it");

    @TempDir
    Path dir;

    @Test
    void recordsThatCannotBeWrittenGoToTheWorkersDeadLetterQueueAndTheRestLand() {
        ConnectCluster cluster = WORKER.cluster();
        ConnectRest rest = WORKER.rest();
        cluster.createTopic("mixed", 1);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                cluster.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("mixed", "{\"id\":" + i + ",\"name\":\"n" + i + "\"}"));
                if (i % 5 == 4) {
                    // A JSON string, not an object: there is no row to make of it.
                    producer.send(new ProducerRecord<>("mixed", "\"just text " + i + "\""));
                }
            }
        }
        Path out = dir.resolve("csv");
        rest.configure("csv-sink", Map.ofEntries(
                Map.entry("connector.class", "io.tributary.connect.sink.file.FileSinkConnector"),
                Map.entry("topics", "mixed"),
                Map.entry("file.path", out.toString()),
                Map.entry("format", "csv"),
                Map.entry("rotate.interval.ms", "500"),
                Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                Map.entry("value.converter.schemas.enable", "false"),
                Map.entry("errors.tolerance", "all"),
                Map.entry("errors.deadletterqueue.topic.name", "mixed-dlq"),
                Map.entry("errors.deadletterqueue.topic.replication.factor", "1"),
                Map.entry("errors.deadletterqueue.context.headers.enable", "true")));
        rest.awaitRunning("csv-sink", 1, Duration.ofSeconds(30));

        List<ConsumerRecord<byte[], byte[]>> dead = TopicReader.readAtLeast(cluster.bootstrapServers(), "mixed-dlq", 2,
                Duration.ofSeconds(60));
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("\"just text 4\"", "\"just text 9\"");
        assertThat(new String(dead.get(0).headers().lastHeader("__connect.errors.exception.message").value(),
                StandardCharsets.UTF_8)).contains("format 'csv' needs a Struct or map value");
        Await.until(Duration.ofSeconds(30), "ten rows and a header in the output",
                () -> SinkOutput.lines(out).size() == 11, () -> SinkOutput.lines(out).toString());
        assertThat(SinkOutput.lines(out).get(0)).isEqualTo("id,name");
        assertThat(rest.status("csv-sink").path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
    }
}
