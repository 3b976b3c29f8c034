package io.tributary.processor;

import io.tributary.processor.config.ProcessorConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A processor config run in Kafka Streams' TopologyTestDriver, with the properties the processor runs with: events
 * in as JSON text, records out with their headers.
 */
public final class Driver implements AutoCloseable {

    private final TopologyTestDriver driver;
    private final String input;

    public Driver(String yaml, Path stateDir) {
        this(yaml, stateDir, Instant.ofEpochMilli(0));
    }

    /** With the wall clock starting at {@code wallClock}. */
    public Driver(String yaml, Path stateDir, Instant wallClock) {
        ProcessorConfig config = ProcessorConfig.parse(yaml, "test config");
        Properties props = ProcessorApp.properties(config);
        props.put("state.dir", stateDir.toString());
        this.driver = new TopologyTestDriver(ProcessorApp.topology(config), props, wallClock);
        this.input = config.jobs().get(0).inputs().get(0);
    }

    public Driver send(String key, String json, long timestamp) {
        return send(input, key, json, timestamp, new RecordHeaders());
    }

    /** Each event comes a second of wall-clock time after the previous one. */
    public Driver send(String topic, String key, String json, long timestamp, Headers headers) {
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        TestInputTopic<String, byte[]> in = driver.createInputTopic(topic, Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        in.pipeInput(new TestRecord<>(key, json == null ? null : json.getBytes(StandardCharsets.UTF_8), headers,
                Instant.ofEpochMilli(timestamp)));
        return this;
    }

    public Driver sendBytes(String key, byte[] value, long timestamp) {
        driver.advanceWallClockTime(java.time.Duration.ofSeconds(1));
        driver.createInputTopic(input, Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(new TestRecord<>(key, value, new RecordHeaders(), Instant.ofEpochMilli(timestamp)));
        return this;
    }

    /**
     * Lets wall-clock time pass in steps of 250 ms, as a running application's punctuations see it (one long jump
     * looks like a stalled thread, which idle close rightly ignores).
     */
    public Driver advanceWallClock(long millis) {
        for (long left = millis; left > 0; left -= 250) {
            driver.advanceWallClockTime(java.time.Duration.ofMillis(Math.min(250, left)));
        }
        return this;
    }

    public List<TestRecord<String, String>> read(String topic) {
        TestOutputTopic<String, String> out = driver.createOutputTopic(topic, Serdes.String().deserializer(),
                Serdes.String().deserializer());
        return out.readRecordsToList();
    }

    public static String header(TestRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Kafka Streams' own count of records its window processors dropped (as too late): must stay 0 here. */
    public double droppedByKafkaStreams() {
        double total = 0;
        for (var e : driver.metrics().entrySet()) {
            if (e.getKey().name().equals("dropped-records-total")) {
                total += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return total;
    }

    public Map<?, ?> metrics() {
        return driver.metrics();
    }

    @Override
    public void close() {
        driver.close();
    }
}
