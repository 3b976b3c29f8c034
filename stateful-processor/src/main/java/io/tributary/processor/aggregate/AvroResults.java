package io.tributary.processor.aggregate;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * An aggregate job's results in Avro ({@code output.format: avro}): the schema is derived from the job (as
 * {@link ResultSchema}'s: group fields and RFC 3339 bounds as strings, epoch milliseconds and counts as long, numeric
 * aggregates as optional double, percentiles as a record of optional doubles, first/last as optional strings) and
 * registered once when the topology is built, under {@code output.schema.artifact} (default
 * {@code <output topic>-value}, Apicurio's TopicIdStrategy): the same job definition finds its version again, a
 * changed one adds a version. Each result is written in the registry's wire format (magic byte 0, the 8-byte global
 * id, the Avro body), which Apicurio's deserializer and converter read with their defaults.
 *
 * <p>Avro names allow letters, digits and '_' only: other characters of a group-by path or aggregation name become
 * '_' ({@code user.id} → {@code user_id}, {@code p99.9} → {@code p99_9}).
 */
final class AvroResults {

    private final Schema schema;
    private final byte[] prefix;
    private final SchemaRegistry.Version version;

    AvroResults(JobSpec.Aggregate spec) {
        this.schema = schema(spec);
        String artifact = spec.formats().outputArtifact() != null ? spec.formats().outputArtifact()
                : spec.output() + "-value";
        this.version = SchemaRegistry.of(spec.formats().registry()).register("default", artifact, schema);
        this.prefix = ByteBuffer.allocate(9).put((byte) 0).putLong(version.globalId()).array();
    }

    SchemaRegistry.Version version() {
        return version;
    }

    static Schema schema(JobSpec.Aggregate spec) {
        SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record(name(spec.name()))
                .namespace("io.tributary.processor").doc("Results of the processor's aggregate job '" + spec.name()
                        + "'").fields();
        for (var field : spec.groupBy()) {
            f = f.requiredString(name(field.toString()));
        }
        f = f.requiredString("window_start").requiredString("window_end").requiredLong("window_start_ms")
                .requiredLong("window_end_ms").requiredLong("events");
        for (JobSpec.Aggregation a : spec.aggregations()) {
            String n = name(a.name());
            f = switch (a.function()) {
                case COUNT, DISTINCT -> f.requiredLong(n);
                case FIRST, LAST -> f.optionalString(n);
                case PERCENTILES -> {
                    SchemaBuilder.FieldAssembler<Schema> ranks = SchemaBuilder.record(name(spec.name()) + "_" + n)
                            .namespace("io.tributary.processor").fields();
                    for (double rank : a.ranks()) {
                        ranks = ranks.optionalDouble(name(Cell.Percentiles.label(rank)));
                    }
                    yield f.name(n).type(ranks.endRecord()).noDefault();
                }
                default -> f.optionalDouble(n);
            };
        }
        return f.requiredLong("late_events").endRecord();
    }

    /** A result map (AggregateJob.result) as the registry's wire format. */
    byte[] encode(Map<String, Object> result) {
        GenericData.Record record = record(schema, result);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
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
