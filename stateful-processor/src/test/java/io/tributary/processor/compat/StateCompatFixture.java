package io.tributary.processor.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tributary.processor.ProcessorApp;
import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The state a release leaves in Kafka, as a fixture: the records of the changelog topics (and the repartition
 * topic, which old and new instances share during a rolling upgrade) that the jobs of
 * {@code state-compat/<release>/processor.yaml} write for a fixed input. The processor's stores are rebuilt from
 * their changelogs, so these bytes are the compatibility contract between versions.
 *
 * <p>Written once per release, by that release's code ({@code main}, see docs/processor.md "Upgrades and state
 * compatibility"), and never rewritten: later releases must read it as it is.
 */
public final class StateCompatFixture {

    public static final String RELEASE = "0.1.0";
    /** 2026-01-01T00:00:00Z: the fixture's window; its events are in its first half minute. */
    public static final long WINDOW_START = 1_767_225_600_000L;
    public static final String APPLICATION = "tributary-compat";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One record as the fixture holds it: key and value in base64 (value null for a tombstone). */
    public record Stored(String topic, int partition, Long timestamp, byte[] key, byte[] value,
                         Map<String, byte[]> headers) {

        public RecordHeaders kafkaHeaders() {
            RecordHeaders out = new RecordHeaders();
            headers.forEach(out::add);
            return out;
        }
    }

    private StateCompatFixture() {
    }

    /** The fixture's input: five payments and two refunds by three users, one payment sent twice. */
    static List<String[]> input() {
        List<String[]> events = new ArrayList<>();
        String[][] rows = {{"f-1", "payment", "u-1", "100"}, {"f-2", "payment", "u-2", "250"},
                {"f-3", "refund", "u-1", "40"}, {"f-2", "payment", "u-2", "250"}, {"f-4", "payment", "u-3", "75"},
                {"f-5", "refund", "u-3", "60"}, {"f-6", "payment", "u-1", "125"}, {"f-7", "payment", "u-2", "300"}};
        for (int i = 0; i < rows.length; i++) {
            String[] r = rows[i];
            long ts = WINDOW_START + 1_000L + i * 3_000L;
            events.add(new String[] {r[2], "{\"event_id\": \"" + r[0] + "\", \"type\": \"" + r[1] + "\", \"user\": \""
                    + r[2] + "\", \"cents\": " + r[3] + ", \"ts\": " + ts + "}", Long.toString(ts)});
        }
        return events;
    }

    public static String configYaml() {
        return resource("processor.yaml");
    }

    /** The fixture's records, topic by topic, each topic's in the order they were written. */
    public static List<Stored> records() {
        try {
            List<Stored> out = new ArrayList<>();
            for (JsonNode r : JSON.readTree(resource("changelogs.json")).get("records")) {
                Map<String, byte[]> headers = new LinkedHashMap<>();
                r.get("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), decode(h.getValue())));
                out.add(new Stored(r.get("topic").asText(), r.get("partition").asInt(),
                        r.get("timestamp").isNull() ? null : r.get("timestamp").asLong(),
                        decode(r.get("key")), decode(r.get("value")), headers));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Stored> records(String topicSuffix) {
        return records().stream().filter(r -> r.topic().equals(APPLICATION + "-" + topicSuffix)).toList();
    }

    private static byte[] decode(JsonNode node) {
        return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
    }

    private static String resource(String name) {
        try (InputStream in = StateCompatFixture.class.getResourceAsStream("/state-compat/" + RELEASE + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no state-compat/" + RELEASE + "/" + name + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the fixture: {@code main(src/test/resources/state-compat/<release>/changelogs.json, stateDir)}, run by the
     * release's own code (the test classpath), only when a release's fixture is made.
     */
    public static void main(String[] args) throws IOException {
        ProcessorConfig config = ProcessorConfig.parse(configYaml(), "processor.yaml");
        Properties props = ProcessorApp.properties(config);
        props.put("state.dir", args[1]);
        List<Map<String, Object>> records = new ArrayList<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(ProcessorApp.topology(config), props,
                Instant.ofEpochMilli(WINDOW_START))) {
            var in = driver.createInputTopic("compat-raw", Serdes.String().serializer(), Serdes.String().serializer());
            for (String[] e : input()) {
                in.pipeInput(e[0], e[1], Long.parseLong(e[2]));
            }
            for (String topic : driver.producedTopicNames()) {
                if (!topic.startsWith(APPLICATION + "-")) {
                    continue;   // the output topics: JSON, specified by the jobs' own tests
                }
                for (TestRecord<byte[], byte[]> r : driver.createOutputTopic(topic, Serdes.ByteArray().deserializer(),
                        Serdes.ByteArray().deserializer()).readRecordsToList()) {
                    Map<String, Object> record = new LinkedHashMap<>();
                    record.put("topic", topic);
                    record.put("partition", 0);
                    record.put("timestamp", r.timestamp());
                    record.put("key", encode(r.key()));
                    record.put("value", encode(r.value()));
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), encode(h.value()));
                    }
                    record.put("headers", headers);
                    records.add(record);
                }
            }
        }
        Map<String, Object> fixture = new LinkedHashMap<>();
        fixture.put("release", RELEASE);
        fixture.put("about", "Changelog and repartition records written by Tributary " + RELEASE + " for the jobs of "
                + "processor.yaml and StateCompatFixture.input(); key and value in base64. Never rewrite: later "
                + "releases must restore from these bytes.");
        fixture.put("records", records);
        Files.writeString(Path.of(args[0]), JSON.writeValueAsString(fixture) + "\n");
    }

    private static String encode(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
