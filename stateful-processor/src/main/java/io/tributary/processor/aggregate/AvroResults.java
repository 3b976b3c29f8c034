package io.tributary.processor.aggregate;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.JsonProperties;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregate job's results in Avro ({@code output.format: avro}): the schema is derived from the job (as
 * {@link ResultSchema}'s: group fields and RFC 3339 bounds as strings, epoch milliseconds and counts as long, numeric
 * aggregates as optional double, percentiles as a record of optional doubles, first/last as optional strings) and
 * registered once, when the job writes its first result in this JVM, under {@code output.schema.artifact} (default
 * {@code <output topic>-value}, Apicurio's TopicIdStrategy): the same job definition finds its version again, a
 * changed one adds a version. Each result is framed as {@code output.wire.format} says: {@code apicurio-id} (the
 * default: magic byte 0, the 8-byte global id, the Avro body, which Apicurio's deserializer and converter read with
 * their defaults), {@code confluent} (magic byte 0, the 4-byte content id, the body: Apicurio's with
 * {@code as-confluent=true} and {@code use-id=contentId}, and Confluent-format readers through Apicurio's ccompat
 * API) or {@code apicurio-header} (the body alone, the global id in the {@code apicurio.value.globalId} header, added
 * by {@link AggregateJob}).
 *
 * <p>Avro names allow letters, digits and '_' only: other characters of a group-by path or aggregation name become
 * '_' ({@code user.id} → {@code user_id}, {@code p99.9} → {@code p99_9}).
 */
final class AvroResults {

    private final Schema schema;
    private final JobSpec.Aggregate spec;
    private final JobSpec.WireFormat wire;
    /** What goes ahead of the Avro body (magic byte and id; nothing with the id in a header), once registered. */
    private volatile byte[] prefix;
    /** The 8-byte global id, for apicurio-header framing. */
    private volatile byte[] globalIdHeader;
    private volatile SchemaRegistry.Version version;

    AvroResults(JobSpec.Aggregate spec) {
        this.spec = spec;
        this.schema = schema(spec);
        this.wire = spec.formats().outputWire();
    }

    /**
     * Registers the schema (or finds its version) the first time a result is written in this JVM: once, not per
     * result, and not while the topology is built (a config can be checked, and a topology described, offline).
     */
    SchemaRegistry.Version version() {
        if (version == null) {
            synchronized (this) {
                if (version == null) {
                    String artifact = spec.formats().outputArtifact() != null ? spec.formats().outputArtifact()
                            : spec.output() + "-value";
                    SchemaRegistry.Version v = SchemaRegistry.of(spec.formats().registry()).register("default",
                            artifact, schema);
                    globalIdHeader = ByteBuffer.allocate(8).putLong(v.globalId()).array();
                    prefix = switch (wire) {
                        case CONFLUENT -> ByteBuffer.allocate(5).put((byte) 0).putInt(Math.toIntExact(v.contentId()))
                                .array();
                        case APICURIO_HEADER -> new byte[0];
                        default -> ByteBuffer.allocate(9).put((byte) 0).putLong(v.globalId()).array();
                    };
                    version = v;
                }
            }
        }
        return version;
    }

    /**
     * The fields in the order of {@link AggregateJob#result}'s map; an aggregation named as a built-in field
     * ({@code events}) replaces its value there, and so its type here, keeping its place.
     */
    static Schema schema(JobSpec.Aggregate spec) {
        Map<String, Schema> fields = new LinkedHashMap<>();
        Schema string = Schema.create(Schema.Type.STRING);
        Schema longs = Schema.create(Schema.Type.LONG);
        for (var field : spec.groupBy()) {
            fields.put(name(field.toString()), string);
        }
        fields.put("window_start", string);
        fields.put("window_end", string);
        fields.put("window_start_ms", longs);
        fields.put("window_end_ms", longs);
        fields.put("events", longs);
        for (JobSpec.Aggregation a : spec.aggregations()) {
            String n = name(a.name());
            fields.put(n, switch (a.function()) {
                case COUNT, DISTINCT -> longs;
                case FIRST, LAST -> optional(Schema.Type.STRING);
                case PERCENTILES -> {
                    List<Schema.Field> ranks = new ArrayList<>();
                    for (double rank : a.ranks()) {
                        ranks.add(new Schema.Field(name(Cell.Percentiles.label(rank)), optional(Schema.Type.DOUBLE),
                                null, JsonProperties.NULL_VALUE));
                    }
                    yield Schema.createRecord(name(spec.name()) + "_" + n, null, "io.tributary.processor", false,
                            ranks);
                }
                default -> optional(Schema.Type.DOUBLE);
            });
        }
        fields.put("late_events", longs);
        List<Schema.Field> out = new ArrayList<>();
        fields.forEach((n, type) -> out.add(new Schema.Field(n, type, null,
                type.isUnion() ? JsonProperties.NULL_VALUE : null)));
        return Schema.createRecord(name(spec.name()), "Results of the processor's aggregate job '" + spec.name() + "'",
                "io.tributary.processor", false, out);
    }

    private static Schema optional(Schema.Type type) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(type));
    }

    /** The value of the {@code apicurio.value.globalId} header results carry; null unless framed apicurio-header. */
    byte[] header() {
        if (wire != JobSpec.WireFormat.APICURIO_HEADER) {
            return null;
        }
        version();
        return globalIdHeader;
    }

    /** A result map (AggregateJob.result) framed as output.wire.format says. */
    byte[] encode(Map<String, Object> result) {
        GenericData.Record record = record(schema, result);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        if (prefix == null) {
            version();
        }
        out.writeBytes(prefix);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericData.Record>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The map's values by position: the schema's fields are the map's keys in order, names made Avro-safe. */
    @SuppressWarnings("unchecked")
    private static GenericData.Record record(Schema schema, Map<String, Object> values) {
        GenericData.Record record = new GenericData.Record(schema);
        int i = 0;
        for (Object value : values.values()) {
            Schema.Field field = schema.getFields().get(i++);
            Schema type = field.schema();
            if (value instanceof Map<?, ?> nested && type.getType() == Schema.Type.RECORD) {
                value = record(type, (Map<String, Object>) nested);
            } else if (value instanceof Number n && isLong(type)) {
                value = n.longValue();
            } else if (value instanceof Number n) {
                value = n.doubleValue();
            }
            record.put(field.pos(), value);
        }
        return record;
    }

    private static boolean isLong(Schema type) {
        return type.getType() == Schema.Type.LONG;
    }

    static String name(String text) {
        String n = text.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(n.charAt(0)) ? "_" + n : n;
    }
}
