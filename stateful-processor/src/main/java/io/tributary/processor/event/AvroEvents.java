package io.tributary.processor.event;

import io.tributary.processor.config.JobSpec;
import io.tributary.processor.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Avro input in Apicurio Registry's wire format, read with Avro's own binary decoder and schema resolution (see
 * {@link SchemaRegistry} for why not Apicurio's deserializer on the per-record path).
 *
 * <p>The writer schema's global id comes from the {@code apicurio.value.globalId} header (8 bytes, Apicurio's serde
 * default), else from the value's first 9 bytes (magic byte 0 and the 8-byte global id). The reader schema is the
 * job's {@code input.schema.version} of {@code input.schema.artifact} (default: the writer's own artifact), or that
 * artifact's latest version. "Latest" is looked up again whenever a record carries a global id this instance has not
 * seen, and a newer latest version replaces the current reader only if it can read what the current reader reads
 * (an added optional field, a widened type); otherwise the current reader stays and a warning names both versions.
 *
 * <p>Each global id is resolved once per instance: writer schema, reader schema and Avro's compatibility check.
 * A writer the reader cannot read (Avro's schema resolution fails), or a global id the registry does not know, makes
 * every record with that id a dead letter (stage {@code schema}) naming the subject and version; the registry is not
 * asked again per record.
 */
public final class AvroEvents implements EventReader {

    public static final String GLOBAL_ID_HEADER = "apicurio.value.globalId";
    private static final Logger LOG = LoggerFactory.getLogger(AvroEvents.class);

    /** What a global id resolves to: a reader for it, or the reason its records cannot be read. */
    private record Resolved(SchemaRegistry.Version writer, SchemaRegistry.Version reader,
                            GenericDatumReader<Object> datumReader, String error) {
    }

    private final JobSpec.Formats formats;
    private final SchemaRegistry registry;
    private final Map<Long, Resolved> resolved = new HashMap<>();
    /** The current reader schema per reader artifact (when reading with the latest version). */
    private final Map<String, SchemaRegistry.Version> readers = new HashMap<>();
    private BinaryDecoder decoder;
    private SchemaRegistry.Version last;
    private long lastId = -1;
    private byte[] lastValue;

    AvroEvents(JobSpec.Formats formats) {
        this.formats = formats;
        this.registry = SchemaRegistry.of(formats.registry());
    }

    @Override
    public Map<String, Object> read(Headers headers, byte[] value) {
        last = null;
        lastId = -1;
        lastValue = value;
        if (value == null) {
            throw new BadEvent("parse", "the record has no value (a tombstone)");
        }
        long id;
        int offset;
        Header header = headers == null ? null : headers.lastHeader(GLOBAL_ID_HEADER);
        if (header != null && header.value() != null && header.value().length == 8) {
            id = ByteBuffer.wrap(header.value()).getLong();
            offset = 0;
        } else if (value.length >= 9 && value[0] == 0) {
            id = ByteBuffer.wrap(value, 1, 8).getLong();
            offset = 9;
        } else {
            throw new BadEvent("schema", "the record carries no schema id: neither an " + GLOBAL_ID_HEADER
                    + " header nor the registry's wire format (magic byte 0 and an 8-byte global id)");
        }
        lastId = id;
        Resolved r = resolved.get(id);
        if (r == null) {
            r = resolve(id);
            if (r.writer() != null || r.datumReader() == null && !r.error().contains("is not in the registry")) {
                resolved.put(id, r);
            }
        }
        last = r.writer();
        if (r.error() != null) {
            throw describe(value, new BadEvent("schema", r.error()));
        }
        decoder = DecoderFactory.get().binaryDecoder(value, offset, value.length - offset, decoder);
        try {
            Object datum = r.datumReader().read(null, decoder);
            if (!(datum instanceof GenericRecord record)) {
                throw describe(value, new BadEvent("parse", "the value is an Avro " + r.reader().schema().getType()
                        + ", not a record"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) plain(record);
            return map;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BadEvent bad) {
                throw bad;
            }
            throw describe(value, new BadEvent("parse", "the value cannot be read as " + r.writer().subject() + " version "
                    + r.writer().version() + " (global id " + id + "): " + e.getClass().getSimpleName()));
        }
    }

    private BadEvent describe(byte[] value, BadEvent why) {
        return describe(why, value);
    }

    @Override
    public BadEvent describe(BadEvent why, byte[] value) {
        if (value != lastValue) {
            return why;
        }
        if (last != null) {
            return why.about(last.subject(), last.version(), last.globalId());
        }
        return lastId >= 0 ? why.about(null, null, lastId) : why;
    }

    private Resolved resolve(long id) {
        SchemaRegistry.Version writer;
        try {
            writer = registry.byGlobalId(id);
        } catch (org.apache.avro.SchemaParseException e) {
            // Not Avro, or a schema with references (not resolved here): its records cannot be read.
            return new Resolved(null, null, null, "schema global id " + id + " is not an Avro schema this processor "
                    + "can parse: " + e.getMessage());
        }
        if (writer == null) {
            return new Resolved(null, null, null, "schema global id " + id + " is not in the registry ("
                    + registry.url() + ")");
        }
        String group = formats.readerGroup() == null ? writer.group() : formats.readerGroup();
        String artifact = formats.readerArtifact() == null ? writer.artifact() : formats.readerArtifact();
        SchemaRegistry.Version reader = reader(group, artifact);
        if (reader == null) {
            return new Resolved(writer, null, null, "the reader schema " + artifact + " version "
                    + (formats.readerVersion() == null ? "latest" : formats.readerVersion())
                    + " is not in the registry (" + registry.url() + ")");
        }
        SchemaCompatibility.SchemaPairCompatibility check =
                SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema());
        if (check.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return new Resolved(writer, reader, null, "schema " + writer.subject() + " version " + writer.version()
                    + " (global id " + id + ") cannot be read as " + reader.subject() + " version " + reader.version()
                    + ": " + incompatibilities(check));
        }
        return new Resolved(writer, reader, new GenericDatumReader<>(writer.schema(), reader.schema()), null);
    }

    private SchemaRegistry.Version reader(String group, String artifact) {
        if (formats.readerVersion() != null) {
            return readers.computeIfAbsent(group + "/" + artifact,
                    k -> registry.version(group, artifact, formats.readerVersion()));
        }
        String key = group + "/" + artifact;
        SchemaRegistry.Version current = readers.get(key);
        SchemaRegistry.Version latest = registry.latest(group, artifact);
        if (current == null || latest != null && latest.globalId() != current.globalId()
                && latest.versionNumber() > current.versionNumber()
                && adopt(current, latest)) {
            current = latest;
            readers.put(key, current);
        }
        return current;
    }

    private static boolean adopt(SchemaRegistry.Version current, SchemaRegistry.Version latest) {
        SchemaCompatibility.SchemaPairCompatibility check =
                SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), current.schema());
        if (check.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            LOG.info("reading {} with version {} (was {})", latest.subject(), latest.version(), current.version());
            return true;
        }
        LOG.warn("{} version {} cannot read version {} ({}): still reading with version {}", latest.subject(),
                latest.version(), current.version(), incompatibilities(check), current.version());
        return false;
    }

    private static String incompatibilities(SchemaCompatibility.SchemaPairCompatibility check) {
        List<String> parts = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility i : check.getResult().getIncompatibilities()) {
            parts.add(i.getType() + " at " + i.getLocation() + (i.getMessage() == null ? "" : " (" + i.getMessage()
                    + ")"));
        }
        return parts.isEmpty() ? check.getDescription() : String.join("; ", parts);
    }

    /** Avro's generic values as the plain values JSON events have (strings, numbers, booleans, lists, maps). */
    static Object plain(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof CharSequence || v instanceof GenericEnumSymbol<?>) {
            return v.toString();
        }
        if (v instanceof GenericRecord record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Schema.Field f : record.getSchema().getFields()) {
                out.put(f.name(), plain(record.get(f.pos())));
            }
            return out;
        }
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(k.toString(), plain(x)));
            return out;
        }
        if (v instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] b = new byte[copy.remaining()];
            copy.get(b);
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof GenericFixed fixed) {
            return Base64.getEncoder().encodeToString(fixed.bytes());
        }
        return v.toString();
    }
}
