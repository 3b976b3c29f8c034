package io.tributary.connect.sink.file.it;

import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.tributary.testsupport.LocalServices;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro records of three versions of one schema, produced as a real application would: Apicurio's own
 * {@link AvroKafkaSerializer} registering each version in the real registry ({@link LocalServices#registry()}).
 * v2 adds an optional field, v3 widens {@code id} from int to long (both compatible changes in Avro's rules).
 * Every version has a decimal, a timestamp-millis, a date, bytes, a nested record, an array and a map.
 */
public final class RegistryReadings {

    private static final String COMMON_FIELDS = """
            {"name": "sensor", "type": "string"},
            {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
            {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
            {"name": "day", "type": {"type": "int", "logicalType": "date"}},
            {"name": "blob", "type": "bytes"},
            {"name": "location", "type": {"type": "record", "name": "Location", "fields": [
                {"name": "city", "type": "string"},
                {"name": "zip", "type": ["null", "string"], "default": null}]}},
            {"name": "tags", "type": {"type": "array", "items": "string"}},
            {"name": "counts", "type": {"type": "map", "values": "long"}}""";

    public static final Schema V1 = schema("{\"name\": \"id\", \"type\": \"int\"}," + COMMON_FIELDS);
    public static final Schema V2 = schema("{\"name\": \"id\", \"type\": \"int\"}," + COMMON_FIELDS
            + ", {\"name\": \"unit\", \"type\": [\"null\", \"string\"], \"default\": null}");
    public static final Schema V3 = schema("{\"name\": \"id\", \"type\": \"long\"}," + COMMON_FIELDS
            + ", {\"name\": \"unit\", \"type\": [\"null\", \"string\"], \"default\": null}");

    private RegistryReadings() {
    }

    private static Schema schema(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Reading\", \"namespace\": \"com.example\","
                + " \"fields\": [" + fields + "]}");
    }

    /** The registry's native API, as the Apicurio serializer and converters take it. */
    public static String registryApi() {
        return LocalServices.registry().resolve("/apis/registry/v2").toString();
    }

    /** Reading {@code n} of {@code schema}: every field derived from n, so a test can rebuild what it expects. */
    public static GenericRecord reading(Schema schema, int n) {
        GenericRecord location = new GenericData.Record(schema.getField("location").schema());
        location.put("city", "city-" + n);
        location.put("zip", n % 2 == 0 ? null : "0" + n);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("a", (long) n);
        counts.put("b", n * 10L);
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", schema == V3 ? (Object) (3_000_000_000L + n) : (Object) n);
        r.put("sensor", "s-" + n);
        r.put("amount", ByteBuffer.wrap(amount(n).unscaledValue().toByteArray()));
        r.put("at", at(n));
        r.put("day", 19_844 + n);                                 // 2024-05-01 + n days
        r.put("blob", ByteBuffer.wrap(("b" + n).getBytes(StandardCharsets.UTF_8)));
        r.put("location", location);
        r.put("tags", List.of("t" + n, "all"));
        r.put("counts", counts);
        if (schema != V1) {
            r.put("unit", n % 3 == 0 ? null : "C");
        }
        return r;
    }

    public static BigDecimal amount(int n) {
        return new BigDecimal(n * 1000 + 5).movePointLeft(2);     // n0.05, scale 2
    }

    public static long at(int n) {
        return 1_714_564_800_250L + n * 1000L;                    // 2024-05-01T12:00:00.250Z + n s
    }

    /** Sends each value (null: a tombstone) in order to partition 0 of {@code topic}, registering versions as needed. */
    public static void produce(String bootstrap, String topic, List<GenericRecord> values) {
        Map<String, Object> config = Map.of(
                "bootstrap.servers", bootstrap,
                "apicurio.registry.url", registryApi(),
                "apicurio.registry.auto-register", "true",
                // The schema's id in the value (magic byte + id), the form every registry converter reads.
                "apicurio.registry.headers.enabled", "false");
        try (AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>()) {
            serializer.configure(config, false);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    new StringSerializer(), (t, v) -> v)) {
                for (GenericRecord value : values) {
                    producer.send(new ProducerRecord<>(topic, 0, null, value == null ? null
                            : serializer.serialize(topic, value)));
                }
                producer.flush();
            }
        }
    }

    /** The value converter settings of a connector reading these records. */
    public static Map<String, String> avroConverter() {
        return Map.of("value.converter", "io.apicurio.registry.utils.converter.AvroConverter",
                "value.converter.apicurio.registry.url", registryApi());
    }
}
