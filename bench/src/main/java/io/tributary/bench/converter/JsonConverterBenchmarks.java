package io.tributary.bench.converter;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.connect.common.converter.StreamingJsonConverter;
import io.tributary.connect.common.data.JsonData;
import io.tributary.connect.common.data.SchemaInference;
import io.tributary.generator.EventGenerator;
import io.tributary.generator.GeneratedEvent;
import io.tributary.generator.GeneratorSettings;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Per-record cost of Kafka's {@code JsonConverter} and of the bundle's {@link StreamingJsonConverter} on the demo's
 * events (the generator's clickstream, IoT and payment events, ~250 B of JSON each), both directions:
 * {@code fromConnect} is what a source pays (Connect data to bytes), {@code toConnect} what a sink pays. Shapes:
 * {@code schemaless} (maps, schemas.enable=false: the demo's configs) and {@code struct} (Structs of a schema
 * inferred per event type, schemas.enable=true: the envelope). Each call converts the next of 1,024 events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonConverterBenchmarks {

    private static final int RECORDS = 1_024;

    @Param({"kafka", "streaming"})
    public String converter;

    @Param({"schemaless", "struct"})
    public String shape;

    private Converter subject;
    private Schema[] schemas;
    private Object[] values;
    private byte[][] messages;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean structs = shape.equals("struct");
        subject = converter.equals("kafka") ? new JsonConverter() : new StreamingJsonConverter();
        subject.configure(Map.of("schemas.enable", structs), false);
        List<JsonNode> events = new ArrayList<>();
        EventGenerator generator = new EventGenerator(GeneratorSettings.clean(RECORDS, 7), Instant.parse(
                "2026-12-07T00:00:00Z"));
        while (generator.hasNext()) {
            GeneratedEvent event = generator.next();
            events.add(JsonData.parseTree(event.bytes(), 0, event.bytes().length));
        }
        Map<String, Schema> byType = new HashMap<>();
        if (structs) {
            Map<String, List<JsonNode>> samples = new HashMap<>();
            events.forEach(e -> samples.computeIfAbsent(e.path("type").asText(), t -> new ArrayList<>()).add(e));
            samples.forEach((type, list) -> byType.put(type, SchemaInference.ofJsonObjects(list, "event_" + type)));
        }
        schemas = new Schema[RECORDS];
        values = new Object[RECORDS];
        messages = new byte[RECORDS][];
        for (int i = 0; i < RECORDS; i++) {
            JsonNode event = events.get(i);
            byte[] json = JsonData.MAPPER.writeValueAsBytes(event);
            if (structs) {
                schemas[i] = byType.get(event.path("type").asText());
                values[i] = JsonData.toConnect(schemas[i], event);
            } else {
                // As the file source gives them: the line parsed into a map.
                values[i] = JsonData.parseSchemaless(json, 0, json.length);
            }
            messages[i] = subject.fromConnectData("t", schemas[i], values[i]);
        }
    }

    @Benchmark
    public byte[] fromConnect() {
        int i = next++ & (RECORDS - 1);
        return subject.fromConnectData("t", schemas[i], values[i]);
    }

    @Benchmark
    public Object toConnect() {
        int i = next++ & (RECORDS - 1);
        return subject.toConnectData("t", messages[i]);
    }
}
